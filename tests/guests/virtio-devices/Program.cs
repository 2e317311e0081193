// The virtio driver test guest (tests/systems/virtio.yaml, tests/Bulkhead.Tests/VirtioDriverTests.cs).
// It owns the top four virtio-mmio transports (QEMU virt fills them from the highest address down),
// finds a virtio-blk and a virtio-net device among them and judges what it can:
//   PASS blk-host-pattern          sector 0 holds the pattern the host test wrote into the disk file
//   PASS blk-write-read-back       8 sectors written and read back equal (the host checks the file too)
//   PASS net-send                  a broadcast frame (EtherType 0x88B5) went out
//   PASS net-echo frames=3         three frames addressed to it came in and were echoed (the host checks them)
//   PASS interrupts                both devices raised interrupts (completions are interrupt-driven)
//   FAIL name: why                 otherwise
// It also prints the transport version and the MAC from the config space for the host to check.
using Bulkhead.Guest;
using Bulkhead.Drivers.Virtio;

public static unsafe class Program
{
    private const ulong VirtioBase = 0x0A000000;
    private const ulong VirtioStride = 0x200;
    private const uint VirtioFirstIntId = 48;
    private const uint FirstSlot = 28, LastSlot = 31;
    /// <summary>IEEE 802 local experimental EtherType: the host test's frames.</summary>
    private const ushort TestEtherType = 0x88B5;
    private const int EchoCount = 3;
    private const ulong WriteSector = 8;
    private const uint WriteSectors = 8;

    private static void Pass(string name) => Console.WriteLine(string.Concat("PASS ", name));
    private static void Fail(string name, string why) => Console.WriteLine(string.Concat("FAIL ", name, ": ", why));

    public static void Main()
    {
        ulong blockBase = 0, netBase = 0;
        uint blockIntId = 0, netIntId = 0;
        for (uint slot = FirstSlot; slot <= LastSlot; slot++)
        {
            ulong address = VirtioBase + slot * VirtioStride;
            if (!VirtioTransport.Probe(address, out VirtioTransport t)) continue;
            Console.WriteLine(string.Concat(string.Concat("virtio slot ", slot.ToString(), " device ", t.DeviceId.ToString()), " version ", t.Version.ToString()));
            if (t.DeviceId == VirtioMmio.DeviceIdBlock) { blockBase = address; blockIntId = VirtioFirstIntId + slot; }
            if (t.DeviceId == VirtioMmio.DeviceIdNet) { netBase = address; netIntId = VirtioFirstIntId + slot; }
        }
        if (blockBase == 0) Fail("blk-found", "no virtio-blk device in slots 28-31");
        else TestBlock(blockBase, blockIntId);
        if (netBase == 0) Fail("net-found", "no virtio-net device in slots 28-31");
        else TestNet(netBase, netIntId);
        uint blockInterrupts = VirtioInterrupts.Count(blockBase), netInterrupts = VirtioInterrupts.Count(netBase);
        Console.WriteLine(string.Concat("virtio interrupts blk=", blockInterrupts.ToString(), " net=", netInterrupts.ToString()));
        if (blockInterrupts > 0 && netInterrupts > 0) Pass("interrupts");
        else Fail("interrupts", "a device completed work without raising its interrupt");
        Domain.PowerOff();
    }

    private static void TestBlock(ulong address, uint intId)
    {
        if (!VirtioBlock.Open(address, intId, out VirtioBlock disk)) { Fail("blk-open", "the device refused the set-up"); return; }
        Console.WriteLine(string.Concat("blk capacity ", disk.Capacity.ToString(), " sectors"));
        byte* sector = (byte*)Memory.AllocateZeroed(VirtioBlock.SectorSize);
        if (!disk.Read(0, sector, 1)) { Fail("blk-host-pattern", "reading sector 0 failed"); return; }
        string? wrong = null;
        for (uint i = 0; i < VirtioBlock.SectorSize && wrong is null; i++)
            if (sector[i] != HostPattern(i)) wrong = string.Concat("byte ", i.ToString(), " is ", sector[i].ToString(), ", expected ", HostPattern(i).ToString());
        if (wrong is null) Pass("blk-host-pattern");
        else Fail("blk-host-pattern", wrong);

        uint bytes = WriteSectors * VirtioBlock.SectorSize;
        byte* data = (byte*)Memory.AllocateZeroed(bytes);
        byte* back = (byte*)Memory.AllocateZeroed(bytes);
        for (uint i = 0; i < bytes; i++) data[i] = GuestPattern(i);
        if (!disk.Write(WriteSector, data, WriteSectors)) { Fail("blk-write-read-back", "the write failed"); return; }
        if (!disk.Read(WriteSector, back, WriteSectors)) { Fail("blk-write-read-back", "the read failed"); return; }
        for (uint i = 0; i < bytes; i++)
            if (back[i] != data[i]) { Fail("blk-write-read-back", string.Concat("byte ", i.ToString(), " differs")); return; }
        if (disk.Read(disk.Capacity, back, 1)) { Fail("blk-bounds", "a read past the end succeeded"); return; }
        Pass(string.Concat("blk-write-read-back sectors=", WriteSectors.ToString()));
    }

    /// <summary>What the host test wrote into sector 0 (VirtioDriverTests.HostPattern).</summary>
    private static byte HostPattern(uint i) => (byte)(i * 13 + 5);
    /// <summary>What the guest writes from sector 8 on (VirtioDriverTests.GuestPattern).</summary>
    private static byte GuestPattern(uint i) => (byte)((i * 7 + 3) ^ (i >> 9));

    private static void TestNet(ulong address, uint intId)
    {
        if (!VirtioNet.Open(address, intId, out VirtioNet nic)) { Fail("net-open", "the device refused the set-up"); return; }
        Console.WriteLine(string.Concat("net mac ", MacText(nic.Mac), " header ", nic.HeaderLength.ToString()));
        byte* frame = (byte*)Memory.AllocateZeroed(VirtioNet.MaxFrame);
        for (int i = 0; i < 6; i++) frame[i] = 0xFF;
        PutMac(frame + 6, nic.Mac);
        frame[12] = TestEtherType >> 8;
        frame[13] = TestEtherType & 0xFF;
        string hello = "hello from the virtio-devices guest";
        for (int i = 0; i < hello.Length; i++) frame[14 + i] = (byte)hello[i];
        if (nic.TrySend(frame, 60)) Pass("net-send");
        else { Fail("net-send", "TrySend refused the frame"); return; }

        int echoed = 0;
        while (echoed < EchoCount)
        {
            // No timeout: virtual time races ahead while the vCPU sleeps (-icount sleep=off), the
            // host's frames come in real time; the test's own timeout ends a run that hangs here.
            nic.WaitForFrame(0);
            if (!nic.TryPeek(out byte* rx, out uint length)) continue;
            bool mine = length >= 14 && ReadMac(rx) == nic.Mac && rx[12] == TestEtherType >> 8 && rx[13] == (TestEtherType & 0xFF);
            if (mine)
            {
                for (uint i = 0; i < length; i++) frame[i] = rx[i];
                for (int i = 0; i < 6; i++) frame[i] = rx[6 + i];
                PutMac(frame + 6, nic.Mac);
            }
            nic.Release();
            if (!mine) continue;
            if (!nic.TrySend(frame, length)) { Fail("net-echo", "TrySend refused the echo"); return; }
            echoed++;
        }
        Pass(string.Concat("net-echo frames=", echoed.ToString()));
    }

    private static ulong ReadMac(byte* p)
    {
        ulong mac = 0;
        for (int i = 0; i < 6; i++) mac = (mac << 8) | p[i];
        return mac;
    }

    private static void PutMac(byte* p, ulong mac)
    {
        for (int i = 0; i < 6; i++) p[i] = (byte)(mac >> (8 * (5 - i)));
    }

    private static string MacText(ulong mac)
    {
        string text = "";
        for (int i = 0; i < 6; i++)
        {
            byte b = (byte)(mac >> (8 * (5 - i)));
            text = string.Concat(text, i == 0 ? "" : ":", b < 16 ? "0" : "", b.ToString("x"));
        }
        return text;
    }
}
