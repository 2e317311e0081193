using Bulkhead.Drivers.Virtio;
using Bulkhead.Guest;

/// <summary>
/// The bridge between the NIC (the wire) and the clients' links (docs/driver-domains.md):
/// - from the wire: a unicast frame goes only to the client with that destination MAC, a group
///   (broadcast/multicast) frame to every client, anything else is dropped: no client ever
///   receives a frame that is not addressed to it;
/// - from a client: only with its own source MAC (else dropped, counted), within its rate limit
///   (else dropped, counted); unicast to another client's MAC goes to that client only, group
///   frames to the wire and the other clients, the rest to the wire;
/// - source MACs seen on the wire are learned (a small table, for the report and to refuse wire
///   frames that claim a client's MAC);
/// - a full client ring drops the frame for that client (counted): the bridge never waits for a client;
///   a full NIC send queue leaves the client's frame in its ring for the next pass (back-pressure).
/// Every loop pass takes a bounded number of frames from the wire and from each client, so a
/// flooding client (or wire) cannot starve the others.
/// </summary>
public static unsafe class Bridge
{
    private const int WireBudget = 32;
    private const int ClientBudget = 16;
    private const int MaxLearned = 64;

    public static VirtioNet Nic;
    public static ClientPort[] Ports = new ClientPort[0];
    private static ulong* s_learned;
    public static int Learned;
    public static ulong WireIn, WireOut, WireUnknown, WireSpoofed, WireBusy, WireMalformed;

    public static void Initialize(int clients)
    {
        Ports = new ClientPort[clients];
        s_learned = (ulong*)Memory.AllocateZeroed(MaxLearned * sizeof(ulong));
    }

    /// <summary>One pass over the wire and every client. True when any frame moved.</summary>
    public static bool Pass()
    {
        bool busy = FromWire();
        for (int i = 0; i < Ports.Length; i++) busy |= FromClient(i);
        return busy;
    }

    private static bool FromWire()
    {
        int n = 0;
        while (n < WireBudget && Nic.TryPeek(out byte* frame, out uint length))
        {
            n++;
            WireIn++;
            if (length < EthernetFrame.HeaderLength) WireMalformed++;
            else
            {
                ulong source = EthernetFrame.Source(frame), destination = EthernetFrame.Destination(frame);
                if (ClientWithMac(source) >= 0) WireSpoofed++;
                else
                {
                    Learn(source);
                    if (EthernetFrame.IsGroup(destination))
                    {
                        for (int i = 0; i < Ports.Length; i++) Deliver(i, frame, length);
                    }
                    else
                    {
                        int client = ClientWithMac(destination);
                        if (client >= 0) Deliver(client, frame, length);
                        else WireUnknown++;
                    }
                }
            }
            Nic.Release();
        }
        return n > 0;
    }

    private static bool FromClient(int i)
    {
        if (!Ports[i].Open) return false;
        int n = 0;
        ulong now = Time.Ticks;
        while (n < ClientBudget && Ports[i].Link.In.TryPeek(out RingMessage m))
        {
            n++;
            byte* frame = m.Data;
            uint length = m.Length;
            Ports[i].Ended = length == 0;
            if (length == 0) { }   // the end mark (NetworkInterface.Close): not a frame
            else if (length < EthernetFrame.HeaderLength || length > EthernetFrame.MaxLength) Ports[i].Malformed++;
            else if (EthernetFrame.Source(frame) != Ports[i].Mac) Ports[i].Spoofed++;
            else if (!Ports[i].Limiter.HasToken(now)) Ports[i].RateLimited++;
            else
            {
                ulong destination = EthernetFrame.Destination(frame);
                int client = EthernetFrame.IsGroup(destination) ? -1 : ClientWithMac(destination);
                if (client < 0 && !Nic.TrySend(frame, length))
                {
                    // Every send buffer is still with the device: the frame stays in the client's
                    // ring (its token too) and is retried on the next pass; the client feels
                    // back-pressure (its ring fills, its sends return false), nothing is lost.
                    WireBusy++;
                    break;
                }
                Ports[i].Limiter.Take();
                Ports[i].Forwarded++;
                if (client < 0) WireOut++;
                if (client >= 0 && client != i) Deliver(client, frame, length);
                else if (client < 0 && EthernetFrame.IsGroup(destination))
                    for (int j = 0; j < Ports.Length; j++) if (j != i) Deliver(j, frame, length);
            }
            Ports[i].Link.In.Release();
        }
        return n > 0;
    }

    private static void Deliver(int i, byte* frame, uint length)
    {
        if (!Ports[i].Open) return;
        if (!Ports[i].Link.Out.TryReserve(length, out byte* slot))
        {
            Ports[i].RingFull++;
            return;
        }
        for (uint k = 0; k < length; k++) slot[k] = frame[k];
        Ports[i].Link.Out.Commit(length);
        Ports[i].Delivered++;
    }

    private static int ClientWithMac(ulong mac)
    {
        for (int i = 0; i < Ports.Length; i++) if (Ports[i].Mac == mac) return i;
        return -1;
    }

    private static void Learn(ulong mac)
    {
        if (EthernetFrame.IsGroup(mac)) return;
        for (int i = 0; i < Learned; i++) if (s_learned[i] == mac) return;
        if (Learned < MaxLearned) s_learned[Learned++] = mac;
    }

    /// <summary>
    /// Sleeps until the NIC's interrupt, a client's doorbell or the next tick, unless something
    /// arrived. Interrupts are masked from before the rings' waiting flags are set until after the
    /// WFI (a pending interrupt still ends it), so a doorbell rung after a flag is never lost. Each
    /// client then rings when it publishes a frame while the driver sleeps, instead of the frame
    /// waiting for the tick.
    /// </summary>
    public static void Idle()
    {
        RingIdle.Enter();
        bool sleep = !Nic.HasFrame;
        int flagged = 0;
        for (; flagged < Ports.Length && sleep; flagged++)
            if (Ports[flagged].Open && !Ports[flagged].Link.In.PrepareToWait()) sleep = false;
        if (sleep && !Nic.HasFrame) Interrupts.WaitForInterrupt();
        for (int i = 0; i < flagged; i++) if (Ports[i].Open) Ports[i].Link.In.DoneWaiting();
        RingIdle.Leave();
    }

    /// <summary>True when there are clients and each has sent its end mark (the driver may power off).</summary>
    public static bool AllClientsEnded
    {
        get
        {
            if (Ports.Length == 0) return false;
            for (int i = 0; i < Ports.Length; i++) if (!Ports[i].Ended) return false;
            return true;
        }
    }

    /// <summary>Sum of every counter: the report is printed only when it changed.</summary>
    public static ulong Activity()
    {
        ulong sum = WireIn + WireOut + WireUnknown + WireSpoofed + WireBusy + WireMalformed;
        for (int i = 0; i < Ports.Length; i++)
            sum += Ports[i].Forwarded + Ports[i].Delivered + Ports[i].Spoofed + Ports[i].RateLimited + Ports[i].RingFull + Ports[i].Malformed;
        return sum;
    }
}
