using Bulkhead.Guest;
using static Layout;

/// <summary>
/// The emulated distributor (and GICv3 redistributors): every register, every access size,
/// misaligned; interrupts of other domains; SGIs to vCPUs the domain does not have.
/// </summary>
public static unsafe class ProberGic
{
    private const uint OwnSpi = 101;              // the doorbell of channel witness-to-others, read by the prober
    private const uint AlignmentFault = 0x21;     // DFSC of an EL1 data abort on a misaligned Device access
    private static delegate*<ulong, ulong>* s_load;
    private static delegate*<ulong, ulong, void>* s_store;
    private static int s_selfSgis;

    public static void Run()
    {
        s_load = (delegate*<ulong, ulong>*)Memory.AllocateZeroed(9 * 8);
        s_store = (delegate*<ulong, ulong, void>*)Memory.AllocateZeroed(9 * 8);
        for (int size = 1; size <= 8; size *= 2) { s_load[size] = Code.LoadRoutine(size); s_store[size] = Code.StoreRoutine(size); }
        Code.Keep();

        ForeignEnables();
        NarrowStores();
        Sweep("gicd-read-every-register", Gicd, 0x10000, false, &DistributorMayShow);
        Sweep("gicd-write-every-register", Gicd, 0x10000, true, &DistributorMayShow);
        Sizes("gicd-every-size-and-misaligned", Gicd, 0x10000);
        Verdict.Check("gicd-foreign-spis-still-off", ForeignEnabledBits() == 0, "an interrupt of another domain reads as enabled");
        if (GicV3)
        {
            Sweep("gicr-read-every-register", Gicr, 0x20000, false, &RedistributorMayShow);
            Sweep("gicr-write-every-register", Gicr, 0x20000, true, &RedistributorMayShow);
            Sizes("gicr-every-size-and-misaligned", Gicr, 0x20000);
            OtherVcpuFrame();
        }
        Sgis();
        Interrupts.Enable(OwnSpi);
    }

    /// <summary>Bits an aligned 32-bit read may return at a distributor offset; everything else must read as zero.</summary>
    private static uint DistributorMayShow(ulong offset)
    {
        if (offset <= 8 || offset >= 0xFFD0) return ~0u;                      // CTLR, TYPER, IIDR, ID registers (GICv3)
        if (!GicV3 && offset >= 0xFD0 && offset < 0x1000) return ~0u;         // ID registers (GICv2)
        if (offset >= 0x80 && offset < 0x400) return OwnMask((offset & 0x7F) / 4); // IGROUPR, ISENABLER ... ICACTIVER
        if (offset >= 0x400 && offset < 0x800) return OwnBytes(offset - 0x400);   // IPRIORITYR (kept per domain)
        if (!GicV3 && offset >= 0x800 && offset < 0x820) return ~0u;          // ITARGETSR0-7: the reader's own CPU bit
        if (!GicV3 && offset >= 0x820 && offset < 0xC00) return OwnBytes(offset - 0x800); // ITARGETSR of own SPIs
        if (offset >= 0xC00 && offset < 0xD00) return OwnFields((offset - 0xC00) / 4);  // ICFGR of own SPIs
        if (GicV3 && offset >= 0x6100 && offset < 0x8000) return (offset - 0x6000) / 8 == OwnSpi ? ~0u : 0; // IROUTER of the own SPI
        return 0;
    }

    /// <summary>The byte lanes of own interrupts in a byte-per-interrupt register word (IPRIORITYR, ITARGETSR).</summary>
    private static uint OwnBytes(ulong firstIntId)
    {
        uint own = OwnMask(firstIntId / 32) >> (int)(firstIntId % 32), lanes = 0;
        for (int i = 0; i < 4; i++) if ((own & (1u << i)) != 0) lanes |= 0xFFu << (8 * i);
        return lanes;
    }

    /// <summary>The edge bits of own SPIs in ICFGR word <paramref name="word"/> (16 interrupts of 2 bits).</summary>
    private static uint OwnFields(ulong word)
    {
        if (word < 2) return 0;
        uint own = OwnMask(word / 2) >> (int)(word % 2 * 16), fields = 0;
        for (int i = 0; i < 16; i++) if ((own & (1u << i)) != 0) fields |= 2u << (2 * i);
        return fields;
    }

    private static uint RedistributorMayShow(ulong offset)
    {
        if (offset < 0x10000) return offset <= 0xC || offset >= 0xFFD0 ? ~0u : 0; // CTLR, IIDR, TYPER, ID registers
        ulong sgi = offset - 0x10000;
        if (sgi == 0x80) return ~0u;                                            // IGROUPR0: all group 1
        if (sgi == 0x100 || sgi == 0x180) return OwnMask(0);
        if (sgi >= 0x200 && sgi < 0x400 && sgi % 0x80 == 0) return OwnMask(0);   // pending and active (the timer PPI)
        if (sgi >= 0x400 && sgi < 0x420) return OwnBytes(sgi - 0x400);          // priorities of own SGIs and the timer
        return 0;
    }

    private static uint OwnMask(ulong bank)
    {
        if (bank == 0) return 0xFFFFu | (1u << 27);          // SGIs (virtual) and the virtual timer
        return bank == OwnSpi / 32 ? 1u << (int)(OwnSpi % 32) : 0;
    }

    private static uint ForeignEnabledBits()
    {
        uint foreign = 0;
        for (ulong bank = 1; bank < 32; bank++) foreign |= Mmio32(Gicd + 0x100 + 4 * bank) & ~OwnMask(bank);
        return foreign;
    }

    private static uint Mmio32(ulong address) => Reg.Read32(address);

    private static void ForeignEnables()
    {
        for (ulong bank = 1; bank < 32; bank++) Reg.Write32(Gicd + 0x100 + 4 * bank, ~0u);
        uint foreign = ForeignEnabledBits();
        Verdict.Check("gicd-enable-foreign-spis", foreign == 0, string.Concat("foreign bits 0x", foreign.ToString("x"), " read as enabled"));
        for (ulong bank = 1; bank < 32; bank++) Reg.Write32(Gicd + 0x180 + 4 * bank, ~0u);
        Verdict.Check("gicd-disable-all-spis", (Mmio32(Gicd + 0x100 + 4 * (OwnSpi / 32)) & OwnMask(OwnSpi / 32)) == 0, "own SPI still enabled");
    }

    /// <summary>
    /// Byte and halfword stores into ISENABLER: the bits mean interrupts 8 or 16 higher than in a
    /// word store. An emulation that ignores the access size enables the wrong interrupt.
    /// </summary>
    private static void NarrowStores()
    {
        ulong bank = Gicd + 0x100 + 4 * (OwnSpi / 32);
        uint bit = 1u << (int)(OwnSpi % 32);
        Reg.Write32(Gicd + 0x180 + 4 * (OwnSpi / 32), bit);
        ulong esr = Catcher.Store(s_store[1], bank + 3, bit);
        uint after = Mmio32(bank) & bit;
        Verdict.Check("gicd-byte-store-enables-nothing-else", after == 0, string.Concat("a byte store at +3 of 0x", bit.ToString("x"), " enabled INTID ", OwnSpi.ToString(), " (ESR 0x", esr.ToString("x"), ")"));
        Reg.Write32(Gicd + 0x180 + 4 * (OwnSpi / 32), bit);
        esr = Catcher.Store(s_store[2], bank + 2, bit);
        after = Mmio32(bank) & bit;
        Verdict.Check("gicd-halfword-store-enables-nothing-else", after == 0, string.Concat("a halfword store at +2 enabled INTID ", OwnSpi.ToString(), " (ESR 0x", esr.ToString("x"), ")"));
        Reg.Write32(Gicd + 0x180 + 4 * (OwnSpi / 32), bit);
        esr = Catcher.Store(s_store[8], Gicd + 0x100 + 8, ~0UL);
        uint foreign = ForeignEnabledBits();
        Verdict.Check("gicd-doubleword-store-enables-nothing-foreign", foreign == 0 && Acceptable(esr), string.Concat("foreign 0x", foreign.ToString("x"), ", ESR 0x", esr.ToString("x")));
    }

    /// <summary>No exception, or the CPU's own alignment fault (the access never reached the hypervisor).</summary>
    private static bool Acceptable(ulong esr) =>
        esr == Catcher.NoException || (Catcher.ClassOf(esr) == 0x25 && (esr & 0x3F) == AlignmentFault);

    /// <summary>Every aligned 32-bit register: read (or write all ones, then read); no exception, and zero where the domain owns nothing.</summary>
    private static void Sweep(string attack, ulong frame, ulong size, bool write, delegate*<ulong, uint> mayShow)
    {
        for (ulong offset = 0; offset < size; offset += 4)
        {
            bool sgiRegister = frame == Gicd && offset == 0xF00;
            ulong value = 0;
            ulong esr = write && !sgiRegister ? Catcher.Store(s_store[4], frame + offset, ~0UL) : Catcher.NoException;
            if (esr == Catcher.NoException) esr = Catcher.Load(s_load[4], frame + offset, out value);
            if (esr != Catcher.NoException) { Verdict.Fail(attack, string.Concat("exception ESR 0x", esr.ToString("x"), " at +0x", offset.ToString("x"))); return; }
            uint extra = (uint)value & ~mayShow(offset);
            if (extra != 0) { Verdict.Fail(attack, string.Concat("+0x", offset.ToString("x"), " reads 0x", ((uint)value).ToString("x"))); return; }
        }
        Verdict.Pass(attack);
    }

    /// <summary>1, 2, 4 and 8-byte reads and writes, aligned and misaligned, at every 64th byte.</summary>
    private static void Sizes(string attack, ulong frame, ulong size)
    {
        for (ulong offset = 0; offset < size; offset += 0x40)
            for (int bytes = 1; bytes <= 8; bytes *= 2)
                for (ulong skew = 0; skew < 2; skew++)
                {
                    ulong address = frame + offset + (skew == 0 ? 0 : (ulong)(bytes == 1 ? 1 : bytes - 1));
                    ulong esr = Catcher.Load(s_load[bytes], address, out _);
                    if (Acceptable(esr) && !(frame == Gicd && offset == 0xF00)) esr = Catcher.Store(s_store[bytes], address, ~0UL);
                    if (!Acceptable(esr))
                    {
                        Verdict.Fail(attack, string.Concat(bytes.ToString(), "-byte access at +0x", (address - frame).ToString("x"), ": ESR 0x", esr.ToString("x")));
                        return;
                    }
                }
        Verdict.Pass(attack);
    }

    private static void OtherVcpuFrame()
    {
        ulong frame = Gicr + GicrStride + 0x10000;
        Reg.Write32(frame + 0x100, ~0u);
        Verdict.Check("gicr-other-vcpu-frame", Mmio32(frame + 0x100) == 0 && Mmio32(frame + 0x80) == ~0u,
            string.Concat("ISENABLER0 of vCPU 1 reads 0x", Mmio32(frame + 0x100).ToString("x")));
    }

    private static void OnSelfSgi(uint intId) => s_selfSgis++;

    /// <summary>SGIs to vCPUs the domain does not have (every target form), then one to itself that must arrive.</summary>
    private static void Sgis()
    {
        bool quiet = true;
        if (GicV3)
        {
            var sgi1r = Code.WriteRoutine(A64.IccSgi1r);
            ulong* values = stackalloc ulong[] { (1UL << 24) | 0xFFFC, (2UL << 24) | (1UL << 16) | 0xFFFF, (3UL << 24) | (1UL << 32) | 1,
                (4UL << 24) | (1UL << 48) | 1, (5UL << 24) | (1UL << 40), ~0UL & ~(0xFUL << 24) };
            for (int i = 0; i < 6; i++) quiet &= Catcher.Write(sgi1r, values[i]) == Catcher.NoException;
        }
        else
        {
            uint* values = stackalloc uint[] { 0x00FC0001, 0x01000002, 0x03FF0003, 0x00FE0004 };
            for (int i = 0; i < 4; i++) Reg.Write32(Gicd + 0xF00, values[i]);
        }
        Verdict.Check("sgi-to-absent-vcpus", quiet, "an SGI write raised an exception");
        Interrupts.Register(7, &OnSelfSgi);
        Interrupts.EnableOnThisCpu();
        Interrupts.SendToVcpu(7, 0);
        for (int spin = 0; spin < 1000000 && s_selfSgis == 0; spin++) { }
        Verdict.Check("sgi-to-self-still-delivered", s_selfSgis == 1, string.Concat(s_selfSgis.ToString(), " deliveries"));
    }
}
