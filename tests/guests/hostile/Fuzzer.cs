using Bulkhead.Core.Abi;
using Bulkhead.Guest;
using static Layout;

/// <summary>
/// Random hypercalls: function ids mostly in the ABI range (0xC6000000-0xC600000F) and the PSCI
/// ranges (0x8400000x-0x8400001F, 0xC4000000-0xC400001F), some fully random; arguments random or
/// at edges (0, ~0, the domain's own RAM edges, other domains' RAM, the hypervisor, wrapping
/// lengths). Calls that end the domain legitimately are skipped (counted). Every call goes
/// through the full register block: x4-x30 (and, with its own verdict, q0-q31) must survive each one, unknown ids must
/// return NOT_SUPPORTED, and the hypervisor must never fault.
/// The domain name selects the run: "fuzz-<thousands of calls>-<seed>" (names have at most 15
/// characters; defaults 100000 calls, seed 1).
/// </summary>
public static unsafe class Fuzzer
{
    private const ulong OwnRam = 0x45000000, OwnSize = 0x1000000;
    private static ulong s_state;
    private static byte* s_scratch;

    private static ulong Next()
    {
        // xorshift64*: deterministic, seed printed at start
        s_state ^= s_state >> 12; s_state ^= s_state << 25; s_state ^= s_state >> 27;
        return s_state * 0x2545F4914F6CDD1DUL;
    }

    public static void Run(string name)
    {
        ulong calls = Field(name, 1, 100) * 1000, seed = Field(name, 2, 1);
        s_state = seed == 0 ? 1 : seed;
        s_scratch = (byte*)Memory.AllocateZeroed(4096);
        Console.WriteLine(string.Concat("fuzz seed ", seed.ToString(), ", calls ", calls.ToString()));
        var block = RegisterBlock.Allocate();
        var hvc = RegisterBlock.Routine(A64.Hvc0);
        var smc = RegisterBlock.Routine(A64.Smc0);
        ulong skipped = 0, violations = 0, vectorViolations = 0, made = 0;
        while (made < calls)
        {
            ulong function = FunctionId();
            if (EndsDomain((uint)function)) { skipped++; continue; }
            block.FillPatterns(made);
            block.SetIn(0, function);
            for (int a = 1; a <= 6; a++) block.SetIn(a, Argument());
            Tame((uint)function, ref block);
            block.Run((Next() & 7) == 0 ? smc : hvc);
            made++;
            long status = (long)block.Out(0);
            string? why = null;
            int changed = block.ChangedGeneral(4);
            if (changed >= 0) why = string.Concat("x", changed.ToString(), " changed");
            else if (!Known((uint)function) && status != Calls.NotSupported) why = string.Concat("unknown id returned ", status.ToString());
            if (block.ChangedVector() >= 0 && ++vectorViolations <= 3)
                Console.WriteLine(string.Concat("SIMD violation: call ", made.ToString(), " id 0x", function.ToString("x"), ": q", block.ChangedVector().ToString(), " changed"));
            if (why != null)
            {
                violations++;
                if (violations <= 10)
                    Console.WriteLine(string.Concat("violation: call ", made.ToString(), " id 0x", function.ToString("x"), " (", block.In(1).ToString("x"), ", ", block.In(2).ToString("x"), ", ", block.In(3).ToString("x"), "): ", why));
            }
            if (made % 100000 == 0) Console.WriteLine(string.Concat("fuzz progress ", made.ToString()));
        }
        Console.WriteLine(string.Concat("fuzz skipped ", skipped.ToString(), " domain-ending calls, ", violations.ToString(), " violations, ", vectorViolations.ToString(), " with SIMD registers changed"));
        // The SIMD half of the contract has its own verdict: the prober's contract-* attacks name the register.
        if (vectorViolations == 0) Console.WriteLine("PASS hypercall-fuzz-simd-contract");
        else Console.WriteLine(string.Concat("FAIL hypercall-fuzz-simd-contract: ", vectorViolations.ToString(), " calls changed a SIMD register"));
        if (Channel.Open(0, out Channel done)) done.Write64(0, DoneMark);
        if (violations == 0) Console.WriteLine(string.Concat("PASS hypercall-fuzz: ", made.ToString(), " calls"));
        else Console.WriteLine(string.Concat("FAIL hypercall-fuzz: ", violations.ToString(), " violations in ", made.ToString(), " calls"));
        Domain.PowerOff();
    }

    private static ulong FunctionId()
    {
        ulong r = Next();
        ulong upper = (r & 0xF00) == 0 ? Next() & 0xFFFFFFFF00000000UL : 0; // SMCCC: only w0 counts
        switch ((r >> 4) & 7)
        {
            case 0: case 1: case 2: return upper | Hypercall.ServiceBase | (r >> 16 & 0xF);
            case 3: return upper | 0x84000000UL | (r >> 16 & 0x1F);
            case 4: return upper | 0xC4000000UL | (r >> 16 & 0x1F);
            case 5: return upper | Hypercall.ServiceBase | (r >> 16 & 0xFFFF);
            default: return Next();
        }
    }

    private static ulong Argument()
    {
        ulong r = Next();
        switch (r & 15)
        {
            case 0: return 0;
            case 1: return ~0UL;
            case 2: return OwnRam;
            case 3: return OwnRam + OwnSize - (r >> 8 & 0xFF);
            case 4: return OwnRam + OwnSize;
            case 5: return WitnessRam + (r >> 8 & 0xFFFF);
            case 6: return HypervisorImage + (r >> 8 & 0xFFFF);
            case 7: return HypervisorReserved;
            case 8: return ~0UL - (r >> 8 & 0xFFF);                       // wrapping length or address
            case 9: return (r >> 8) & 0x1FF;                               // small: lengths, indices
            case 10: return 1UL << (int)(r >> 8 & 63);
            case 11: return 0x80000000UL + (r >> 8 & 0xFFFF);
            default: return Next();
        }
    }

    /// <summary>Keeps valid-looking calls from wrecking the fuzzer itself: names go to a scratch buffer, console text stays short.</summary>
    private static void Tame(uint function, ref RegisterBlock block)
    {
        ulong a1 = block.In(1), a2 = block.In(2);
        bool inOwnRam = a1 >= OwnRam && a1 < OwnRam + OwnSize;
        if (function == Hypercall.DomainName && inOwnRam) { block.SetIn(1, (ulong)s_scratch); block.SetIn(2, a2 & 0xFFF); }
        if (function == Hypercall.ConsoleWrite && inOwnRam) { block.SetIn(1, (ulong)s_scratch); block.SetIn(2, 0); } // checked, prints nothing
        if (function == Hypercall.FatalError) block.SetIn(0, Hypercall.Heartbeat);
    }

    private static bool EndsDomain(uint function) =>
        function == Hypercall.DomainStop || function == Hypercall.DomainRestart || function == PsciFunction.CpuOff
        || function == PsciFunction.SystemOff || function == PsciFunction.SystemReset;

    private static bool Known(uint function) =>
        (function & 0xFFFF0000) == Hypercall.ServiceBase && (function & 0xFFFF) <= Hypercall.LastFunction
        || (function & 0xBFFFFFE0) == 0x84000000;

    /// <summary>The number after the n-th '-' of the name, or the default.</summary>
    private static ulong Field(string name, int n, ulong fallback)
    {
        int dash = 0, i = 0;
        for (; i < name.Length && dash < n; i++) if (name[i] == '-') dash++;
        if (dash < n || i >= name.Length) return fallback;
        ulong value = 0;
        for (; i < name.Length && name[i] >= '0' && name[i] <= '9'; i++) value = value * 10 + (ulong)(name[i] - '0');
        return value;
    }
}
