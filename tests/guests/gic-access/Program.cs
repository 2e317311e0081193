// Test guest of tests/Bulkhead.Tests/GicAccessTests.cs: accesses of every size to the emulated GIC
// distributor (and on GICv3 the redistributor) and judges the answers itself, one fixed line per
// check: "PASS <name>" or "FAIL <name>: why". Its domain owns the gpio device, interrupt 39
// (GICD_ISENABLER1 bit 7), and no other SPI of that bank, and has two vCPUs (only vCPU 0 runs).
// Then the registers Linux needs: routing (ITARGETSR / IROUTER), trigger type (ICFGR), pending and
// active state, priorities, GICD_TYPER. Then it powers itself off.
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
            // GICv3: GICR_TYPER is a 64-bit register; read whole it names the vCPU (affinity and
            // processor number) and marks the domain's last frame.
            ulong typer = Bulkhead.Runtime.Mmio.Read64(BoardConfig.GicRedistributors + 0x8);
            ulong last = Bulkhead.Runtime.Mmio.Read64(BoardConfig.GicRedistributors + BoardConfig.GicRedistributorStride + 0x8);
            Check("gicr-typer-doubleword", typer == 0 && last == 0x100000110UL,
                string.Concat("GICR_TYPER 0x", typer.ToString("x"), ", of vCPU 1 0x", last.ToString("x")));
        }
        LinuxRegisters();
        EmulatedUart();
        Console.WriteLine("gic-access done");
        Domain.PowerOff();
    }

    private const ulong Gicd = BoardConfig.GicDistributor;
    private const uint Spi = 39;
    private static bool GicV3 => BoardConfig.GicRedistributors != 0;
    private static int s_delivered;

    private static void OnSpi(uint intId) { if (intId == Spi) s_delivered++; }

    private static void LinuxRegisters()
    {
        // GICD_TYPER: ITLinesNumber covers INTID 39 (one line of SPIs); GICv3: no LPIs (bit 17), no 1-of-N.
        uint typer = Device.Read32(Gicd + 0x4);
        bool typerOk = (typer & 0x1F) == 1 && (GicV3 ? (typer & (1u << 17)) == 0 : ((typer >> 5) & 7) == 1);
        Check("gicd-typer-lines-and-no-lpis", typerOk, string.Concat("GICD_TYPER 0x", typer.ToString("x")));

        if (GicV3) Irouter(); else Itargetsr();

        // ICFGR2 holds INTIDs 32-47: only INTID 39's edge bit (bit 15) may change.
        ulong icfgr2 = Gicd + 0xC00 + 8;
        Device.Write32(icfgr2, 0xFFFFFFFF);
        uint edge = Device.Read32(icfgr2);
        Device.Write32(icfgr2, 0);
        uint level = Device.Read32(icfgr2);
        Check("gicd-icfgr-owned-field", edge == 0x8000 && level == 0, string.Concat("ICFGR2 after all ones 0x", edge.ToString("x"), ", after zero 0x", level.ToString("x")));

        // IPRIORITYR: owned bytes read back (5 priority bits), foreign bytes read as zero.
        Device.Write32(Gicd + 0x400 + 36, 0xFFFFFFFF);
        Device.Write8(Ipriorityr39, 0xA0);
        uint byteBack = Device.Read8(Ipriorityr39), wordBack = Device.Read32(Gicd + 0x400 + 36);
        Device.Write8(Ipriorityr39, 0xFF);
        uint truncated = Device.Read8(Ipriorityr39);
        Check("gicd-ipriority-readback", byteBack == 0xA0 && wordBack == 0xA0000000 && truncated == 0xF8,
            string.Concat("byte 0x", byteBack.ToString("x"), ", word 0x", wordBack.ToString("x"), ", 0xff reads 0x", truncated.ToString("x")));

        // Pending and active state of the owned SPI (disabled), none of the foreign INTID 38.
        const uint Both = Gpio | (1u << 6);
        Device.Write32(Icenabler1, Gpio);
        Device.Write32(Gicd + 0x204, Both);
        uint pending = Device.Read32(Gicd + 0x204), pendingToo = Device.Read32(Gicd + 0x284);
        Device.Write32(Gicd + 0x284, Both);
        uint unpending = Device.Read32(Gicd + 0x204);
        Check("gicd-pending-set-clear", pending == Gpio && pendingToo == Gpio && unpending == 0,
            string.Concat("ISPENDR1 0x", pending.ToString("x"), ", ICPENDR1 0x", pendingToo.ToString("x"), ", after clear 0x", unpending.ToString("x")));
        Device.Write32(Gicd + 0x304, Both);
        uint active = Device.Read32(Gicd + 0x304);
        Device.Write32(Gicd + 0x384, Both);
        uint inactive = Device.Read32(Gicd + 0x384);
        Check("gicd-active-set-clear", active == Gpio && inactive == 0, string.Concat("ISACTIVER1 0x", active.ToString("x"), ", after clear 0x", inactive.ToString("x")));

        // A pending SPI set through ISPENDR reaches the guest once enabled (as Linux resends interrupts).
        Device.Write8(Ipriorityr39, 0xA0);
        Interrupts.Register(Spi, &OnSpi);
        Interrupts.EnableOnThisCpu();
        Device.Write32(Gicd + 0x204, Gpio);
        Interrupts.Enable(Spi);
        for (int spin = 0; spin < 1000000 && s_delivered == 0; spin++) { }
        Interrupts.Disable(Spi);
        Check("gicd-ispendr-delivers", s_delivered == 1, string.Concat(s_delivered.ToString(), " deliveries"));
    }

    /// <summary>
    /// The emulated 16550 of a shared-console domain at the board console's address, as earlycon
    /// and the 8250 driver use it (32-bit registers 4 bytes apart): wait for THRE, write THR. The
    /// line must come out as "[prober] via the emulated uart" (xunit checks).
    /// </summary>
    private static void EmulatedUart()
    {
        const ulong Thr = BoardConfig.UartBase, Lsr = BoardConfig.UartBase + 0x14;
        uint lsr = Device.Read32(Lsr);
        Check("uart-transmitter-empty", (lsr & 0x60) == 0x60, string.Concat("LSR 0x", lsr.ToString("x")));
        string text = "via the emulated uart\r\n";
        for (int i = 0; i < text.Length; i++)
        {
            while ((Device.Read32(Lsr) & 0x20) == 0) { }
            Device.Write32(Thr, text[i]);
        }
    }

    /// <summary>GICv2: ITARGETSR0-7 name the reading vCPU; an owned SPI's byte routes it to a vCPU of the domain only.</summary>
    private static void Itargetsr()
    {
        uint own = Device.Read32(Gicd + 0x800), ownPpi = Device.Read32(Gicd + 0x81C);
        Check("gicd-itargetsr-cpu-mask", own == 0x01010101 && ownPpi == 0x01010101, string.Concat("ITARGETSR0 0x", own.ToString("x"), ", ITARGETSR7 0x", ownPpi.ToString("x")));
        ulong target = Gicd + 0x800 + Spi;
        uint initial = Device.Read8(target);
        Device.Write8(target, 0x02);
        uint moved = Device.Read8(target);
        Device.Write8(target, 0x0C);                 // vCPUs 2 and 3: the domain has neither
        uint kept = Device.Read8(target);
        Device.Write32(Gicd + 0x800 + 36, 0x01010101); // word write: INTID 39 back to vCPU 0, 36-38 not ours
        uint word = Device.Read32(Gicd + 0x800 + 36);
        Check("gicd-itargetsr-retarget", initial == 1 && moved == 2 && kept == 2 && word == 0x01000000,
            string.Concat("initial 0x", initial.ToString("x"), ", to vCPU 1 0x", moved.ToString("x"), ", to absent 0x", kept.ToString("x"), ", word 0x", word.ToString("x")));
    }

    /// <summary>GICv3: an owned SPI's IROUTER names a vCPU (Aff0) of the domain; other affinities change nothing.</summary>
    private static void Irouter()
    {
        ulong route = Gicd + 0x6000 + 8 * Spi;
        ulong initial = Bulkhead.Runtime.Mmio.Read64(route);
        Bulkhead.Runtime.Mmio.Write64(route, 1);
        ulong moved = Bulkhead.Runtime.Mmio.Read64(route);
        Bulkhead.Runtime.Mmio.Write64(route, 0x100);  // Aff1 = 1: no such vCPU
        ulong kept = Device.Read32(route);
        Device.Write32(route, 0);
        ulong back = Bulkhead.Runtime.Mmio.Read64(route), foreign = Bulkhead.Runtime.Mmio.Read64(route - 8);
        Check("gicd-irouter-retarget", initial == 0 && moved == 1 && kept == 1 && back == 0 && foreign == 0,
            string.Concat("initial 0x", initial.ToString("x"), ", to vCPU 1 0x", moved.ToString("x"), ", to Aff1 0x", kept.ToString("x"), ", back 0x", back.ToString("x")));
    }

    private static void Check(string name, bool passed, string detail) =>
        Console.WriteLine(passed ? string.Concat("PASS ", name) : string.Concat("FAIL ", name, ": ", detail));
}
