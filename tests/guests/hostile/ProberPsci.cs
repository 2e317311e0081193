using Bulkhead.Core.Abi;
using Bulkhead.Guest;
using static Layout;

/// <summary>PSCI from the prober (vCPUs 0 and 1): foreign and absent targets, Aff1-3, bad entry points, CPU_ON/CPU_OFF cycles.</summary>
public static unsafe class ProberPsci
{
    private static ulong* s_counter, s_release;
    private static ulong s_entry;

    public static void Run()
    {
        BuildSecondaryEntry();
        Verdict.Status("cpu-on-foreign-vcpu", Calls.Hvc(PsciFunction.CpuOn64, 2, s_entry, 0), Calls.Invalid);
        Verdict.Status("cpu-on-absent-vcpu", Calls.Hvc(PsciFunction.CpuOn64, 0xFF, s_entry, 0), Calls.Invalid);
        Verdict.Status("cpu-on-aff1", Calls.Hvc(PsciFunction.CpuOn64, 0x101, s_entry, 0), Calls.Invalid);
        Verdict.Status("cpu-on-aff2", Calls.Hvc(PsciFunction.CpuOn64, 0x10001, s_entry, 0), Calls.Invalid);
        Verdict.Status("cpu-on-aff3", Calls.Hvc(PsciFunction.CpuOn64, 0x100000001UL, s_entry, 0), Calls.Invalid);
        Verdict.Status("cpu-on-running-vcpu", Calls.Hvc(PsciFunction.CpuOn64, 0, s_entry, 0), Calls.AlreadyOn);
        Verdict.Status("cpu-on-entry-other-domain", Calls.Hvc(PsciFunction.CpuOn64, 1, WitnessRam, 0), PsciFunction.InvalidAddress);
        Verdict.Status("cpu-on-entry-hypervisor", Calls.Hvc(PsciFunction.CpuOn64, 1, HypervisorImage, 0), PsciFunction.InvalidAddress);
        Verdict.Status("cpu-on-entry-read-only", Calls.Hvc(PsciFunction.CpuOn64, 1, ProberReadOnly, 0), PsciFunction.InvalidAddress);
        Verdict.Status("cpu-on-entry-no-execute", Calls.Hvc(PsciFunction.CpuOn64, 1, ProberNoExecute, 0), PsciFunction.InvalidAddress);
        Verdict.Status("cpu-on-entry-wraps", Calls.Hvc(PsciFunction.CpuOn64, 1, ~0UL - 1, 0), PsciFunction.InvalidAddress);
        Verdict.Status("cpu-on-entry-zero", Calls.Hvc(PsciFunction.CpuOn64, 1, 0, 0), PsciFunction.InvalidAddress);

        Verdict.Status("affinity-info-aff1", Calls.Hvc(PsciFunction.AffinityInfo64, 0x100, 0), Calls.Invalid);
        Verdict.Status("affinity-info-aff2", Calls.Hvc(PsciFunction.AffinityInfo64, 0x10000, 0), Calls.Invalid);
        Verdict.Status("affinity-info-aff3", Calls.Hvc(PsciFunction.AffinityInfo64, 0x100000000UL, 0), Calls.Invalid);
        Verdict.Status("affinity-info-absent-vcpu", Calls.Hvc(PsciFunction.AffinityInfo64, 5, 0), Calls.Invalid);
        Verdict.Status("affinity-info-off-vcpu", Calls.Hvc(PsciFunction.AffinityInfo64, 1, 0), 1);

        Verdict.Status("psci-features-of-hypercall-id", Calls.Hvc(PsciFunction.Features, Hypercall.AbiVersion), Calls.NotSupported);
        Verdict.Status("psci-features-garbage", Calls.Hvc(PsciFunction.Features, ~0UL), Calls.NotSupported);
        Verdict.Status("psci-cpu-suspend-refused", Calls.Hvc(0xC4000001, 0, s_entry, 0), Calls.NotSupported);
        long reserved = Calls.Hvc(0x8400001F);
        if (reserved == Calls.NotSupported) reserved = Calls.Hvc(0xC400001F);
        if (reserved == Calls.NotSupported) reserved = Calls.Hvc(0x84000005); // MIGRATE: no trusted OS
        Verdict.Status("psci-reserved-ids", reserved, Calls.NotSupported);

        CpuOnOffCycles();
    }

    /// <summary>
    /// The entry vCPU 1 starts at (stage-1 MMU off, x0 = context id): count one start, wait for
    /// the release flag, then PSCI CPU_OFF. Raw code: it must not depend on the guest runtime.
    /// </summary>
    private static void BuildSecondaryEntry()
    {
        s_counter = (ulong*)Memory.AllocateZeroed(16);
        s_release = (ulong*)Memory.AllocateZeroed(16);
        uint* start = Code.Begin();
        Code.LoadConstant(1, (ulong)s_counter);
        Code.Emit(A64.Load(8, 2, 1));
        Code.Emit(A64.AddImmediate(2, 2, 1));
        Code.Emit(A64.Store(8, 2, 1));
        Code.LoadConstant(3, (ulong)s_release);
        Code.Emit(A64.Load(8, 2, 3));
        Code.Emit(0xB4000000u | (0x7FFFFu << 5) | 2);  // cbz x2, back to the load
        Code.LoadConstant(0, PsciFunction.CpuOff);
        Code.Emit(A64.Hvc0);
        Code.Emit(A64.BranchToSelf);
        Code.Keep();
        s_entry = (ulong)start;
    }

    // The suite runs without -icount (docs/hostile-suite.md): how long the other vCPU takes to run
    // depends on the host's load, so the waits are bounded in time (5 s of the virtual counter, which
    // follows host time here), not in loop rounds.
    private const ulong WaitMs = 5000;

    private static bool WaitFor(ulong* word, ulong value)
    {
        ulong deadline = Time.Ticks + WaitMs * (Time.Frequency / 1000);
        while (Time.Ticks < deadline)
            if (System.Threading.Volatile.Read(ref *word) == value) return true;
        return System.Threading.Volatile.Read(ref *word) == value;
    }

    private static bool WaitOff()
    {
        ulong deadline = Time.Ticks + WaitMs * (Time.Frequency / 1000);
        while (Time.Ticks < deadline)
            if (Calls.Hvc(PsciFunction.AffinityInfo64, 1, 0) == 1) return true;
        return Calls.Hvc(PsciFunction.AffinityInfo64, 1, 0) == 1;
    }

    private static void CpuOnOffCycles()
    {
        const int Cycles = 4;
        for (int cycle = 1; cycle <= Cycles; cycle++)
        {
            *s_release = 0;
            long status = Calls.Hvc(PsciFunction.CpuOn64, 1, s_entry, 0);
            if (status != 0) { Verdict.Fail("cpu-on-off-cycles", string.Concat("CPU_ON returned ", status.ToString(), " in cycle ", cycle.ToString())); return; }
            if (!WaitFor(s_counter, (ulong)cycle)) { Verdict.Fail("cpu-on-off-cycles", string.Concat("vCPU 1 did not start in cycle ", cycle.ToString())); return; }
            if (cycle == 1)
            {
                Verdict.Status("cpu-on-already-on", Calls.Hvc(PsciFunction.CpuOn64, 1, s_entry, 0), Calls.AlreadyOn);
                Verdict.Status("affinity-info-on-vcpu", Calls.Hvc(PsciFunction.AffinityInfo64, 1, 0), 0);
            }
            System.Threading.Volatile.Write(ref *s_release, 1UL);
            if (!WaitOff()) { Verdict.Fail("cpu-on-off-cycles", string.Concat("vCPU 1 did not go off in cycle ", cycle.ToString())); return; }
        }
        Verdict.Check("cpu-on-off-cycles", *s_counter == Cycles, string.Concat("vCPU 1 started ", (*s_counter).ToString(), " times"));
    }
}
