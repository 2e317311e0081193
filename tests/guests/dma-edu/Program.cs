// The DMA isolation test guest (tests/systems/dma.yaml): two domains, behaviour by domain name.
//   dma-owner    owns the PCIe bridge of QEMU virt (behind its SMMUv3). Finds QEMU's "edu" device
//                (-device edu, PCI 1234:11e8), gives it BAR0 and bus mastering, and programs its DMA
//                engine (BAR0: 0x80 source, 0x88 destination, 0x90 count, 0x98 command; a 4 KiB
//                buffer inside the device at 0x40000; QEMU's docs/specs/edu.rst):
//                  own RAM -> device -> own RAM: must arrive intact               PASS dma-own-ram
//                  device -> the witness's RAM (write): must be blocked           (the witness judges)
//                  device -> the hypervisor's RAM (write): must be blocked        (the hypervisor's line)
//                  the witness's RAM -> device (read): must not return its data   PASS dma-foreign-read-blocked
//                then marks channel 0 "done" and powers itself off.
//   dma-witness  fills a guarded page of its RAM with a pattern, waits for "done" on channel 0, and
//                checks the page is unchanged                                     PASS witness-memory-intact
// The hypervisor reports each blocked DMA ("hv: SMMU blocked DMA ... by stream 0x18 ...").
using Bulkhead.Guest;

public static unsafe class Program
{
    // tests/systems/dma.yaml: dma-owner's RAM at 0x48000000, dma-witness's at 0x49000000 (16 MiB each).
    private const ulong OwnSource = 0x48800000, OwnTarget = 0x48801000, OwnScratch = 0x48802000, OwnReadBack = 0x48803000;
    private const ulong WitnessPage = 0x49800000;
    private const ulong HypervisorTarget = 0x40100000;     // inside the board's hypervisor.reserved range
    private const byte WitnessPattern = 0x5A;
    private const ulong DoneMark = 0xD0E;

    // QEMU virt: ECAM of bus 0 (highmem), the 32-bit PCI memory window where BAR0 goes.
    private const ulong Ecam = 0x4010000000, BarWindow = 0x10000000;
    private const uint EduId = 0x11E81234;                 // device 11e8, vendor 1234
    private const ulong EduDmaSource = 0x80, EduDmaTarget = 0x88, EduDmaCount = 0x90, EduDmaCommand = 0x98;
    private const uint EduStart = 1, EduToRam = 2;
    private const ulong EduBuffer = 0x40000;
    private const uint Bytes = 256;

    private static ulong s_edu;
    private const ulong TickMs = 5;

    private static void Tick(int vcpu) { }

    private static void Pass(string name) => Console.WriteLine(string.Concat("PASS ", name));
    private static void Fail(string name, string why) => Console.WriteLine(string.Concat("FAIL ", name, ": ", why));

    public static void Main()
    {
        string name = Domain.Name;
        Console.WriteLine(string.Concat("hello from ", name));
        Time.Every(TickMs, &Tick);      // waits below sleep in WFI until the next tick (virtual time jumps)
        if (name.StartsWith("dma-owner")) Owner();
        else if (name.StartsWith("dma-witness")) Witness();
        Domain.PowerOff();
    }

    private static void Witness()
    {
        for (ulong i = 0; i < 4096; i++) *(byte*)(WitnessPage + i) = WitnessPattern;
        Console.WriteLine("witness page filled");
        if (!Channel.Open(0, out Channel done)) { Fail("witness-memory-intact", "no channel 0 from dma-owner"); return; }
        ulong waited = 0;
        while (done.Read64(0) != DoneMark && waited < 2000) { Interrupts.WaitForInterrupt(); waited++; }
        if (done.Read64(0) != DoneMark) { Fail("witness-memory-intact", "dma-owner never finished"); return; }
        for (ulong i = 0; i < 4096; i++)
            if (*(byte*)(WitnessPage + i) != WitnessPattern)
            {
                Fail("witness-memory-intact", string.Concat("byte ", i.ToString(), " changed to 0x", (*(byte*)(WitnessPage + i)).ToString("x")));
                return;
            }
        Pass("witness-memory-intact");
    }

    private static void Owner()
    {
        bool opened = Channel.Open(0, out Channel done);
        int slot = FindEdu();
        if (slot < 0) { Fail("dma-edu-found", "no edu device (1234:11e8) on bus 0"); MarkDone(opened, done); return; }
        Console.WriteLine(string.Concat("edu at 00:", slot.ToString("x2"), ".0, requester ID 0x", (slot << 3).ToString("x")));
        Pass("dma-edu-found");
        ulong config = Ecam + ((ulong)slot << 15);
        Device.Write32(config + 0x10, (uint)BarWindow);      // BAR0: 1 MiB of 32-bit memory
        Device.Write32(config + 0x04, 0x6);                  // command: memory space + bus master
        s_edu = BarWindow;

        // (a) own RAM -> device buffer -> other own RAM: the SMMU translates with this domain's map.
        for (uint i = 0; i < Bytes; i++) { *(byte*)(OwnSource + i) = (byte)(i * 7 + 1); *(byte*)(OwnTarget + i) = 0; }
        Dma(OwnSource, EduBuffer, 0);
        Dma(EduBuffer, OwnTarget, EduToRam);
        uint bad = Bytes;
        for (uint i = 0; i < Bytes && bad == Bytes; i++) if (*(byte*)(OwnTarget + i) != (byte)(i * 7 + 1)) bad = i;
        if (bad == Bytes) Pass("dma-own-ram");
        else Fail("dma-own-ram", string.Concat("byte ", bad.ToString(), " did not arrive"));

        // (b) device -> the witness's RAM and the hypervisor's: the SMMU must block both writes.
        Dma(EduBuffer, WitnessPage, EduToRam);
        Dma(EduBuffer, HypervisorTarget, EduToRam);
        Console.WriteLine("foreign DMA writes issued");

        // (c) the witness's RAM -> device: must not bring its pattern into the device.
        for (uint i = 0; i < Bytes; i++) *(byte*)(OwnScratch + i) = 0x11;
        Dma(OwnScratch, EduBuffer, 0);                       // the device buffer holds 0x11 ...
        Dma(WitnessPage, EduBuffer, 0);                      // ... unless this foreign read succeeds
        Dma(EduBuffer, OwnReadBack, EduToRam);
        uint leaked = 0;
        for (uint i = 0; i < Bytes; i++) if (*(byte*)(OwnReadBack + i) == WitnessPattern) leaked++;
        if (leaked == 0) Pass("dma-foreign-read-blocked");
        else Fail("dma-foreign-read-blocked", string.Concat(leaked.ToString(), " bytes of the witness's page reached the device"));
        MarkDone(opened, done);
    }

    private static void MarkDone(bool opened, Channel done)
    {
        if (opened) done.Write64(0, DoneMark);
        Console.WriteLine("dma-owner done");
    }

    private static int FindEdu()
    {
        for (int slot = 0; slot < 32; slot++)
            if (Device.Read32(Ecam + ((ulong)slot << 15)) == EduId) return slot;
        return -1;
    }

    // One transfer of Bytes bytes; the device runs it 100 ms (virtual) after the command and then
    // clears the start bit. Blocked transfers complete too (the device only sees an error).
    private static void Dma(ulong source, ulong target, uint direction)
    {
        Device.Write32(s_edu + EduDmaSource, (uint)source);
        Device.Write32(s_edu + EduDmaSource + 4, (uint)(source >> 32));
        Device.Write32(s_edu + EduDmaTarget, (uint)target);
        Device.Write32(s_edu + EduDmaTarget + 4, (uint)(target >> 32));
        Device.Write32(s_edu + EduDmaCount, Bytes);
        Device.Write32(s_edu + EduDmaCommand, EduStart | direction);
        int polls = 0;
        while ((Device.Read32(s_edu + EduDmaCommand) & EduStart) != 0 && polls < 1000) { Interrupts.WaitForInterrupt(); polls++; }
        if (polls >= 1000) Fail("dma-edu-completes", "the device never finished a transfer");
    }
}
