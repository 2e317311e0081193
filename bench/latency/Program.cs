// The benchmark guest. It prints "bench: <figure>=<value>" lines that `bulkhead bench` collects,
// once under the hypervisor and once natively (the same code at EL1 without a hypervisor).
// Under QEMU -icount shift=0,align=off,sleep=off every figure is exact and repeatable: one
// instruction is one nanosecond of virtual time.
using Bulkhead.Generated;
using Bulkhead.Core.Abi;
using Bulkhead.Guest;

public static unsafe class Program
{
    private const int Samples = 1000;
    private const uint ComputeIterations = 2000000;
    private static ulong* s_samples;
    private static int s_count;
    private static ulong s_deadline;
    private static volatile bool s_fired;

    public static void Main()
    {
        if (!GuestConfig.Native && Domain.Name == "echo") { Echo(); return; }
        // Boot milestone: virtual time of this domain's first output.
        Console.WriteLine(string.Concat("bench: first-output-ns=", (Time.Ticks * (1000000000 / Time.Frequency)).ToString()));
        s_samples = (ulong*)Memory.AllocateZeroed((uint)(Samples * sizeof(ulong)));
#if BULKHEAD_X64
        // The TSC's rate (Bochs: not one tick per nanosecond): X86Bench turns counts into rates with it.
        Console.WriteLine(string.Concat("bench: counter-hz=", Time.Frequency.ToString()));
#endif
        if (!GuestConfig.Native) HypercallRoundTrip();
        InterruptLatency();
        Compute();
        if (!GuestConfig.Native) ChannelRoundTrip();
        Console.WriteLine("bench: done");
        Domain.PowerOff();
    }

    /// <summary>The trap round trip of the simple calls (HVC to the next instruction), and ABI_VERSION through the SDK.</summary>
    private static void HypercallRoundTrip()
    {
        TimeCall("hvc-abi-version-cycles", Hypercall.AbiVersion, 0);
        TimeCall("hvc-heartbeat-cycles", Hypercall.Heartbeat, 0);
        for (int i = 0; i < Samples; i++)
        {
            ulong start = Performance.Cycles;
            Performance.NullHypercall();
            s_samples[i] = Performance.Cycles - start;
        }
        Report("hypercall-cycles", s_samples, Samples);
    }

    private static void TimeCall(string name, uint function, ulong a1)
    {
        for (int i = 0; i < Samples; i++) s_samples[i] = Performance.TimeHypercall(function, a1);
        Report(name, s_samples, Samples);
    }

    /// <summary>Virtual-timer deadline to the guest's handler, measured with the counter itself.</summary>
    private static void InterruptLatency()
    {
        Interrupts.Register(GuestConfig.TimerVirtualIntId, &OnTimer);
        Interrupts.Enable(GuestConfig.TimerVirtualIntId);
        Interrupts.EnableOnThisCpu();
        ulong exitsBefore = Performance.Exits;
        for (s_count = 0; s_count < Samples;)
        {
            s_fired = false;
#if BULKHEAD_X64
            // hv-x86 traps both timer writes (~500 TSC ticks each on Bochs): arm far enough ahead
            // that the figure is the delivery, not the arming.
            s_deadline = Time.Ticks + 5000;
#else
            s_deadline = Time.Ticks + 200;
#endif
            Time.SetDeadline(s_deadline);
            while (!s_fired) Interrupts.WaitForInterrupt();
        }
        Time.CancelDeadline();
        // Exits taken for those interrupts (the VCPU_STATS call that reads the count excluded):
        // one each through the hypervisor, 0 with direct delivery (docs/direct-interrupts.md).
        ulong irqExits = Performance.Exits - exitsBefore;
        if (!GuestConfig.Native) irqExits -= 1;
        Console.WriteLine(string.Concat("bench: irq-exits=", irqExits.ToString()));
        // Counter ticks to nanoseconds (62.5 MHz on QEMU virt: 16 ns per tick).
        ulong nsPerTick = 1000000000 / Time.Frequency;
        for (int i = 0; i < Samples; i++) s_samples[i] *= nsPerTick;
        Report("irq-latency-ns", s_samples, Samples);
    }

    private static void OnTimer(uint intId)
    {
        ulong now = Time.Ticks;
        Time.CancelDeadline();
        s_samples[s_count++] = now - s_deadline;
        s_fired = true;
    }

    /// <summary>A compute-bound loop with no timer: its run time, and how often it left the guest.</summary>
    private static void Compute()
    {
        Interrupts.Disable(GuestConfig.TimerVirtualIntId);
        ulong exitsBefore = Performance.Exits;
        ulong start = Performance.Cycles;
        ulong checksum = 0;
        for (uint i = 0; i < ComputeIterations; i++) checksum = checksum * 6364136223846793005UL + i;
        ulong cycles = Performance.Cycles - start;
        ulong exits = Performance.Exits - exitsBefore;
        if (!GuestConfig.Native) exits -= 1; // the VCPU_STATS call that read the second value
        Console.WriteLine(string.Concat("bench: compute-cycles=", cycles.ToString()));
        Console.WriteLine(string.Concat("bench: compute-exits=", exits.ToString()));
        Console.WriteLine(string.Concat("bench: compute-exits-per-second=", (exits * 1000000000 / cycles).ToString()));
        Console.WriteLine(string.Concat("bench: compute-checksum=", checksum.ToString("x")));
    }

    // ---- Channels: "ping" (this domain -> echo) and "pong" (echo -> this domain), see bench.yaml ----
    private const int RoundTrips = 200, BulkRounds = 100;
    private const ulong Done = 0xFFFFFFFFFFFFFFFF, Quiet = 0xFFFFFFFFFFFFFFFE;
    private static Channel s_out, s_in;
    private static volatile bool s_answered;

    /// <summary>Doorbell round trip across two cores, and bulk transfer through the 4 KiB channel.</summary>
    private static void ChannelRoundTrip()
    {
        if (!Channel.Open(0, out s_out) || !Channel.Open(1, out s_in)) { Console.WriteLine("bench: no channels"); return; }
        s_in.OnDoorbell(&OnPong);
        ulong nsPerTick = 1000000000 / Time.Frequency;
        for (int i = 0; i < RoundTrips; i++)
        {
            s_answered = false;
            ulong start = Time.Ticks;
            s_out.Write64(0, (ulong)i);           // word 0: sequence; the echo answers with it
            s_out.Notify();
            while (!s_answered) Interrupts.WaitForInterrupt();
            s_samples[i] = (Time.Ticks - start) * nsPerTick;
        }
        Report("channel-roundtrip-ns", s_samples, RoundTrips);

        // Bulk: fill the channel (after the 16-byte header), ring, wait for the echo's acknowledgement.
        ulong payload = s_out.Size - 16, begin = Time.Ticks;
        for (int round = 0; round < BulkRounds; round++)
        {
            for (ulong at = 16; at < s_out.Size; at += 8) s_out.Write64(at, at ^ (ulong)round);
            s_answered = false;
            s_out.Write64(8, payload);            // word 1: bytes to take (0 = a plain ping)
            s_out.Write64(0, (ulong)(RoundTrips + round));
            s_out.Notify();
            while (!s_answered) Interrupts.WaitForInterrupt();
        }
        ulong elapsedNs = (Time.Ticks - begin) * nsPerTick;
        Console.WriteLine(string.Concat("bench: channel-throughput-bytes-per-second=", (payload * BulkRounds * 1000000000 / elapsedNs).ToString()));

        // CHANNEL_NOTIFY's own round trip, then the fuzzed worst cases; the echo stays quiet
        // meanwhile (no doorbell comes back to be taken inside a timed call).
        s_out.Write64(8, 0);
        s_out.Write64(0, Quiet);
        TimeCall("hvc-channel-notify-cycles", Hypercall.ChannelNotify, 0);
        FuzzWorstCases();
        s_out.Write64(8, 0);
        s_out.Write64(0, Done);
        s_out.Notify();
    }

    private static void OnPong(uint intId) => s_answered = true;

    /// <summary>The echo domain: answers every ping (after reading the payload, if any) until Done.</summary>
    private static void Echo()
    {
        if (!Channel.Open(0, out s_in) || !Channel.Open(1, out s_out)) { Console.WriteLine("echo: no channels"); Domain.PowerOff(); }
        s_in.OnDoorbell(&OnPing);
        Console.WriteLine("echo ready");
        while (true) Interrupts.WaitForInterrupt();
    }

    private static void OnPing(uint intId)
    {
        if (s_in.Read64(0) == Quiet) return;
        ulong sequence = s_in.Read64(0), bytes = s_in.Read64(8), sum = 0;
        for (ulong at = 16; at < 16 + bytes; at += 8) sum += s_in.Read64(at);
        s_out.Write64(0, sequence);
        s_out.Write64(8, sum);
        s_out.Notify();
        if (sequence == Done) Domain.PowerOff();
    }

    // ---- Worst cases: the longest round trip per function id over a fuzzed run ----
    private const int FuzzCalls = 120000;
    // Every ABI function that returns to its caller (DOMAIN_STOP, DOMAIN_RESTART and FATAL_ERROR
    // end the run), and an id the ABI does not define; names as in docs/abi.md.
    private static readonly uint[] s_fuzzed =
    [
        Hypercall.AbiVersion, Hypercall.ConsoleWrite, Hypercall.DomainInfo, Hypercall.Yield, Hypercall.Heartbeat,
        Hypercall.DomainName, Hypercall.VcpuStats, Hypercall.ChannelInfo, Hypercall.ChannelNotify, Hypercall.ServiceBase | 0x3F,
    ];
    private static readonly string[] s_fuzzedNames =
    [
        "abi-version", "console-write", "domain-info", "yield", "heartbeat", "domain-name", "vcpu-stats", "channel-info", "channel-notify", "unknown",
    ];

    /// <summary>
    /// FuzzCalls calls with a deterministic pseudo-random function and arguments (random words,
    /// small numbers, addresses inside and around this domain's buffer, with lengths that are
    /// valid, zero or too long): the longest round trip seen for each function id.
    /// </summary>
    private static void FuzzWorstCases()
    {
        int n = s_fuzzed.Length;
        ulong* worst = (ulong*)Memory.AllocateZeroed((uint)(n * sizeof(ulong)));
        ulong* calls = (ulong*)Memory.AllocateZeroed((uint)(n * sizeof(ulong)));
        // Arguments point up to 4 KiB either side of `buffer`: all of it is this scratch area.
        ulong buffer = (ulong)Memory.AllocateZeroed(3 * 4096) + 4096;
        ulong state = 0x9E3779B97F4A7C15;
        for (int i = 0; i < FuzzCalls; i++)
        {
            state = Next(state);
            int which = (int)(state % (ulong)n);
            ulong a1 = Argument(ref state, buffer), a2 = Argument(ref state, buffer), a3 = Argument(ref state, buffer);
            // A console write that succeeds prints: keep those empty (the path is the same up to the copy).
            if (s_fuzzed[which] == Hypercall.ConsoleWrite && a1 >= buffer - 4096 && a1 < buffer + 4096) a2 = 0;
            ulong cycles = Performance.TimeHypercall(s_fuzzed[which], a1, a2, a3);
            calls[which]++;
            if (cycles > worst[which]) worst[which] = cycles;
        }
        Console.WriteLine(string.Concat("bench: fuzz-calls=", FuzzCalls.ToString()));
        for (int f = 0; f < n; f++)
            Console.WriteLine(string.Concat(
                string.Concat("bench: hvc-worst-", s_fuzzedNames[f], "=max:", worst[f].ToString()),
                string.Concat(",calls:", calls[f].ToString())));
    }

    private static ulong Next(ulong x)
    {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
    }

    private static ulong Argument(ref ulong state, ulong buffer)
    {
        state = Next(state);
        ulong r = state >> 8;
        switch (state & 7)
        {
            case 0: return state;                       // any word
            case 1: case 2: return r & 0xF;              // small: channel indexes, lengths
            case 3: return buffer + (r & 0x1FF);         // inside our buffer
            case 4: return buffer - 4096 + (r & 0xFFF);  // around it
            case 5: return r & 0x3FF;                    // lengths up to and beyond the limits
            case 6: return 0xFFFFFFFFFFFFFF00UL | (r & 0xFF); // wrapping ends
            default: return 0;
        }
    }

    /// <summary>Prints min, median and max of the samples (sorted in place).</summary>
    private static void Report(string name, ulong* values, int n)
    {
        for (int i = 1; i < n; i++)
        {
            ulong v = values[i];
            int j = i - 1;
            while (j >= 0 && values[j] > v) { values[j + 1] = values[j]; j--; }
            values[j + 1] = v;
        }
        Console.WriteLine(string.Concat(
            string.Concat("bench: ", name, "=min:", values[0].ToString()),
            string.Concat(",median:", values[n / 2].ToString(), ",max:", values[n - 1].ToString())));
    }
}
