using Bulkhead.Core.Abi;
using Bulkhead.Guest;
using static Layout;

/// <summary>
/// The register contract (docs/abi.md): across every kind of exit to the hypervisor, registers
/// that carry no result keep their values — x0-x30 except the results, and q0-q31.
/// </summary>
public static unsafe class ProberContract
{
    private static RegisterBlock s_block;

    public static void Run()
    {
        s_block = RegisterBlock.Allocate();
        var hvc = RegisterBlock.Routine(A64.Hvc0);
        var smc = RegisterBlock.Routine(A64.Smc0);
        Call("contract-hvc-yield", hvc, Hypercall.Yield, 1);
        Call("contract-hvc-heartbeat", hvc, Hypercall.Heartbeat, 1);
        Call("contract-hvc-unknown-id", hvc, 0xC60000FF, 1);
        Call("contract-hvc-abi-version", hvc, Hypercall.AbiVersion, 2);
        Call("contract-hvc-domain-info", hvc, Hypercall.DomainInfo, 4);
        Call("contract-hvc-refused-console-write", hvc, Hypercall.ConsoleWrite, 1, HypervisorImage);
        Call("contract-smc-psci-version", smc, PsciFunction.Version, 1);
        Call("contract-hvc-psci-affinity-info", hvc, PsciFunction.AffinityInfo64, 1, 1);

        // Emulated distributor access: x5 is the data register, x6 the address.
        Access("contract-gicd-read", A64.Load(4, 5, 6), Gicd + 0x100, 5);
        Access("contract-gicd-write", A64.Store(4, 5, 6), Gicd + 0x180 + 4 * 20, -1);
        if (GicV3) Access("contract-sgi-register-trap", A64.Msr(A64.IccSgi1r, 5), 0, -1, 0xFFFC); // SGI 0 to absent vCPUs only
        Access("contract-set-way-trap", A64.Sys(0, 7, 6, 2, 5), 0, -1);
        InterruptExit();
    }

    private static void Fill(ulong function)
    {
        s_block.FillPatterns(function ^ 0x1234);
        s_block.SetIn(0, function);
    }

    private static void Call(string attack, delegate*<ulong*, void> routine, ulong function, int firstPreserved, ulong a1 = ~0UL)
    {
        Fill(function);
        if (a1 != ~0UL) s_block.SetIn(1, a1);
        s_block.Run(routine);
        Judge(attack, s_block.ChangedGeneral(firstPreserved));
    }

    private static void Access(string attack, uint instruction, ulong address, int result, ulong value = 0)
    {
        Fill(instruction);
        s_block.SetIn(6, address);
        if (value != 0) s_block.SetIn(5, value);
        s_block.Run(RegisterBlock.Routine(instruction));
        Judge(attack, s_block.ChangedGeneral(0, result));
    }

    private static void Judge(string attack, int changedGeneral)
    {
        int changedVector = s_block.ChangedVector();
        if (changedGeneral >= 0)
            Verdict.Fail(attack, string.Concat("x", changedGeneral.ToString(), " changed from 0x", s_block.In(changedGeneral).ToString("x"), " to 0x", s_block.Out(changedGeneral).ToString("x")));
        else if (changedVector >= 0)
            Verdict.Fail(attack, string.Concat("q", changedVector.ToString(), " changed from 0x", s_block.VectorInWord(changedVector, 1).ToString("x"), s_block.VectorInWord(changedVector, 0).ToString("x"),
                " to 0x", s_block.VectorOutWord(changedVector, 1).ToString("x"), s_block.VectorOutWord(changedVector, 0).ToString("x")));
        else Verdict.Pass(attack);
    }

    /// <summary>
    /// A physical interrupt taken to EL2 while every register is live: interrupts masked at EL1,
    /// the virtual timer due in 1 ms, WFI; the hypervisor's interrupt exit wakes the WFI.
    /// </summary>
    private static void InterruptExit()
    {
        var readCounter = Code.ReadRoutine(A64.Cntvct);
        var writeCompare = Code.WriteRoutine(A64.CntvCval);
        var writeControl = Code.WriteRoutine(A64.CntvCtl);
        uint* payload = stackalloc uint[] { A64.MaskIrq, A64.Wfi };
        var routine = RegisterBlock.Routine(payload, 2);
        uint* mask = Code.Begin();
        Code.Emit(A64.MaskIrq);
        Code.Emit(A64.Ret);
        // Masked before the timer is armed: a timer that fires while unmasked would stay asserted
        // (level) and interrupt the runtime again after every EOI.
        ((delegate*<void>)(void*)mask)();
        Interrupts.Enable(27);
        Fill(27);
        writeCompare(readCounter() + Bulkhead.Guest.Time.Frequency / 1000);
        writeControl(1);
        s_block.Run(routine);
        writeControl(0);
        Judge("contract-interrupt-exit", s_block.ChangedGeneral(0));
        Interrupts.EnableOnThisCpu();
    }
}
