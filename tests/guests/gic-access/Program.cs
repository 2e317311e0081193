// Test guest of tests/Bulkhead.Tests/GicAccessTests.cs: accesses of every size to the emulated GIC
// distributor (and on GICv3 the redistributor) and judges the answers itself, one fixed line per
// check: "PASS <name>" or "FAIL <name>: why". Its domain owns the gpio device, interrupt 39
// (GICD_ISENABLER1 bit 7), and no other SPI of that bank. Then it powers itself off.
using Bulkhead.Generated;
using Bulkhead.Guest;

public static unsafe class Program
{
    private const ulong Isenabler1 = BoardConfig.GicDistributor + 0x104, Icenabler1 = BoardConfig.GicDistributor + 0x184;
    private const ulong Ipriorityr39 = BoardConfig.GicDistributor + 0x400 + 39;
    private const uint Gpio = 1u << 7;  // INTID 39

    public static void Main()
    {
        // A word store enables the owned interrupt; a word load sees it; a word clear disables it.
        Device.Write32(Isenabler1, Gpio);
        uint enabled = Device.Read32(Isenabler1);
        Device.Write32(Icenabler1, Gpio);
        uint cleared = Device.Read32(Isenabler1);
        Check("gic-word-enable", (enabled & Gpio) != 0 && (cleared & Gpio) == 0,
            string.Concat("ISENABLER1 after set 0x", enabled.ToString("x"), ", after clear 0x", cleared.ToString("x")));

        // A byte store of 0x80 to byte 1 of ISENABLER1 would mean INTID 47 (not ours): it must
        // not enable INTID 39 (bit 7 of the word), and word-only registers ignore bytes anyway.
        Device.Write8(Isenabler1 + 1, 0x80);
        uint afterByte = Device.Read32(Isenabler1);
        Device.Write32(Icenabler1, Gpio);
        Check("gic-byte-store-ignored", (afterByte & Gpio) == 0, string.Concat("ISENABLER1 after a byte store 0x", afterByte.ToString("x")));

        // A halfword store to ISENABLER1 is not a word either.
        *(ushort*)Isenabler1 = (ushort)Gpio; // strh (the pointer store is not elided: the address is a constant device register)
        uint afterHalf = Device.Read32(Isenabler1);
        Device.Write32(Icenabler1, Gpio);
        Check("gic-halfword-store-ignored", (afterHalf & Gpio) == 0, string.Concat("ISENABLER1 after a halfword store 0x", afterHalf.ToString("x")));

        // A byte load of a word-only register reads as zero (not the whole word in the register).
        Device.Write32(Isenabler1, Gpio);
        uint byteLoad = Device.Read8(Isenabler1);
        Device.Write32(Icenabler1, Gpio);
        Check("gic-byte-load-zero", byteLoad == 0, string.Concat("byte load of ISENABLER1 gave 0x", byteLoad.ToString("x")));

        // IPRIORITYR is byte-accessible: a byte store is accepted and changes no enable bit.
        Device.Write8(Ipriorityr39, 0x80);
        uint afterPriority = Device.Read32(Isenabler1);
        Check("gic-priority-byte", (afterPriority & Gpio) == 0, string.Concat("ISENABLER1 after a priority byte 0x", afterPriority.ToString("x")));

        if (BoardConfig.GicRedistributors != 0)
        {
            // GICv3: GICR_TYPER is a 64-bit register; read whole it names vCPU 0 and is the last frame.
            ulong typer = Bulkhead.Runtime.Mmio.Read64(BoardConfig.GicRedistributors + 0x8);
            Check("gicr-typer-doubleword", typer == 0x10, string.Concat("GICR_TYPER 0x", typer.ToString("x")));
        }
        Console.WriteLine("gic-access done");
        Domain.PowerOff();
    }

    private static void Check(string name, bool passed, string detail) =>
        Console.WriteLine(passed ? string.Concat("PASS ", name) : string.Concat("FAIL ", name, ": ", detail));
}
