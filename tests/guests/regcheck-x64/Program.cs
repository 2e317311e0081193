// The register contract on x86-64 (tests/systems/x86-regcheck.yaml): puts a distinct pattern into
// every general register (rsp aside), the status flags, xmm0-xmm15, MXCSR and the x87 control word,
// takes one kind of exit (each hypercall and PSCI call through VMCALL, CPUID, RDMSR, WRMSR, port
// input and output, a timer interrupt taken while spinning, HLT) and checks that everything except
// the exit's documented results came back unchanged. Its timer callback computes with doubles, so
// an interrupt path that leaks SSE state shows too. One line per check: "PASS <name>" or
// "FAIL <name>: reg R was X expected Y"; then "regcheck done: N failures" and power-off.
using System.Runtime.CompilerServices;
using System.Threading;
using Bulkhead.Core.Abi;
using Bulkhead.Generated;
using Bulkhead.Guest;

public static unsafe class Program
{
    private const int FlagsBit = 15;                     // in a clobber mask: the status flags
    private const int VmcallResults = (1 << RegisterProbe.Rax) | (1 << RegisterProbe.Rdi) | (1 << RegisterProbe.Rsi) | (1 << RegisterProbe.Rdx);
    private const int CpuidResults = (1 << RegisterProbe.Rax) | (1 << RegisterProbe.Rbx) | (1 << RegisterProbe.Rcx) | (1 << RegisterProbe.Rdx);
    private const int RdmsrResults = (1 << RegisterProbe.Rax) | (1 << RegisterProbe.Rdx);
    private const uint MsrTsc = 0x10, MsrX2ApicId = 0x802, MsrTscAux = 0xC0000103;
    private const uint UartLineStatus = 5, UartScratch = 7;

    private static RegisterProbe* s_probe;
    private static uint s_ticks;
    private static int s_badTicks;
    private static double s_step = 0.25;                 // a field, so the sums are not folded at compile time
    private static byte* s_buffer;
    private static int s_failures;

    private static readonly string[] Names = { "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15" };

    public static void Main()
    {
        Console.WriteLine(string.Concat("hello from ", Domain.Name));
        s_probe = (RegisterProbe*)Memory.AllocateZeroed((uint)sizeof(RegisterProbe));
        s_buffer = (byte*)Memory.AllocateZeroed(64);
        string line = "console write probe\n";
        for (int i = 0; i < line.Length; i++) s_buffer[i] = (byte)line[i];
        Time.Every(5, &Tick);

        Call("vmcall-abi-version", Hypercall.AbiVersion, 0, 0);
        Call("vmcall-console-write", Hypercall.ConsoleWrite, (ulong)s_buffer, (ulong)line.Length);
        Call("vmcall-domain-info", Hypercall.DomainInfo, 0, 0);
        Call("vmcall-yield", Hypercall.Yield, 0, 0);
        Call("vmcall-heartbeat", Hypercall.Heartbeat, 0, 0);
        Call("vmcall-domain-name", Hypercall.DomainName, (ulong)s_buffer + 32, 32);
        Call("vmcall-vcpu-stats", Hypercall.VcpuStats, 0, 0);
        Call("vmcall-channel-info", Hypercall.ChannelInfo, 0, 0);
        Call("vmcall-channel-notify", Hypercall.ChannelNotify, 0, 0);
        Call("vmcall-unknown", Hypercall.ServiceBase | 0x3F, 0, 0);
        Call("psci-version", PsciFunction.Version, 0, 0);
        Call("psci-features", PsciFunction.Features, PsciFunction.CpuOn64, 0);
        Call("psci-affinity-info", PsciFunction.AffinityInfo64, 0, 0);
        Call("psci-cpu-on-already-on", PsciFunction.CpuOn64, 0, 0);

        Exit("cpuid-leaf-0", RegisterProbe.OpCpuid, CpuidResults, RegisterProbe.Rax, 0, RegisterProbe.Rcx, 0);
        Exit("cpuid-leaf-1", RegisterProbe.OpCpuid, CpuidResults, RegisterProbe.Rax, 1, RegisterProbe.Rcx, 0);
        Exit("cpuid-hypervisor-leaf", RegisterProbe.OpCpuid, CpuidResults, RegisterProbe.Rax, 0x40000000, RegisterProbe.Rcx, 0);
        Exit("rdmsr-x2apic-id", RegisterProbe.OpRdmsr, RdmsrResults, RegisterProbe.Rcx, MsrX2ApicId, RegisterProbe.Rcx, MsrX2ApicId);
        Exit("rdmsr-tsc", RegisterProbe.OpRdmsr, RdmsrResults, RegisterProbe.Rcx, MsrTsc, RegisterProbe.Rcx, MsrTsc);
        Prepare(RegisterProbe.OpWrmsr);
        s_probe->Set[RegisterProbe.Rcx] = MsrTscAux;
        Run("wrmsr-tsc-aux", 0);

        // Port input: only AL is the result; the rest of RAX must survive.
        Prepare(RegisterProbe.OpIn);
        s_probe->Set[RegisterProbe.Rdx] = BoardConfig.UartBase + UartLineStatus;
        RegisterProbe.Run(s_probe);
        ulong rax = s_probe->After[RegisterProbe.Rax], raxBefore = s_probe->Set[RegisterProbe.Rax];
        if ((rax & ~0xFFUL) != (raxBefore & ~0xFFUL)) Mismatch("in-uart-line-status", "rax[63:8]", rax, raxBefore);
        else if (Check("in-uart-line-status", 1 << RegisterProbe.Rax)) Pass("in-uart-line-status");
        Prepare(RegisterProbe.OpOut);
        s_probe->Set[RegisterProbe.Rdx] = BoardConfig.UartBase + UartScratch;
        Run("out-uart-scratch", 0);

        for (int round = 0; round < 3; round++)
        {
            uint before = Volatile.Read(ref s_ticks);
            Prepare(RegisterProbe.OpSpin);
            s_probe->Set[RegisterProbe.Rax] = (ulong)Unsafe.AsPointer(ref s_ticks);
            s_probe->Set[RegisterProbe.Rdx] = before;
            s_probe->Set[RegisterProbe.Rcx] = 1UL << 40;
            Run("timer-interrupt-while-spinning", (1 << RegisterProbe.Rcx) | (1 << FlagsBit));
            if (Volatile.Read(ref s_ticks) == before) Fail("timer-interrupt-while-spinning", "no timer interrupt arrived while spinning");
        }
        Prepare(RegisterProbe.OpHlt);
        Run("hlt", 0);

        if (s_badTicks != 0) Fail("timer-callback-doubles", string.Concat(s_badTicks.ToString(), " timer callbacks computed a wrong sum"));
        Console.WriteLine(string.Concat("regcheck done: ", s_failures.ToString(), " failures"));
        Domain.PowerOff();
    }

    /// <summary>A hypercall or PSCI call through VMCALL: RAX, RDI, RSI, RDX are its results.</summary>
    private static void Call(string name, uint function, ulong a1, ulong a2)
    {
        Prepare(RegisterProbe.OpVmcall);
        s_probe->Set[RegisterProbe.Rax] = function;
        s_probe->Set[RegisterProbe.Rdi] = a1;
        s_probe->Set[RegisterProbe.Rsi] = a2;
        Run(name, VmcallResults);
    }

    private static void Exit(string name, ulong op, int results, int r1, ulong v1, int r2, ulong v2)
    {
        Prepare(op);
        s_probe->Set[r1] = v1;
        s_probe->Set[r2] = v2;
        Run(name, results);
    }

    /// <summary>Every register gets its pattern; the caller then sets the exit's inputs.</summary>
    private static void Prepare(ulong op)
    {
        RegisterProbe* p = s_probe;
        p->Op = op;
        for (int i = 0; i < RegisterProbe.GeneralCount; i++) p->Set[i] = RegisterPatterns.General(i);
        for (int i = 0; i < 16; i++)
        {
            p->Xmm[2 * i] = RegisterPatterns.XmmLow(i);
            p->Xmm[2 * i + 1] = RegisterPatterns.XmmHigh(i);
        }
        p->Flags = RegisterProbe.StatusFlags;
        p->Mxcsr = RegisterPatterns.Mxcsr;
        p->Fcw = RegisterPatterns.Fcw;
    }

    private static void Run(string name, int clobbered)
    {
        RegisterProbe.Run(s_probe);
        if (Check(name, clobbered)) Pass(name);
    }

    /// <summary>Everything not in <paramref name="clobbered"/> (a bit per register index, bit 15 = flags) came back as set.</summary>
    private static bool Check(string name, int clobbered)
    {
        RegisterProbe* p = s_probe;
        for (int i = 0; i < RegisterProbe.GeneralCount; i++)
            if ((clobbered & (1 << i)) == 0 && p->After[i] != p->Set[i]) return Mismatch(name, Names[i], p->After[i], p->Set[i]);
        if ((clobbered & (1 << FlagsBit)) == 0 && (p->FlagsAfter & 0xCD5) != RegisterProbe.StatusFlags)
            return Mismatch(name, "rflags", p->FlagsAfter & 0xCD5, RegisterProbe.StatusFlags);
        for (int i = 0; i < 16; i++)
        {
            ulong lo = p->XmmAfter[2 * i], hi = p->XmmAfter[2 * i + 1];
            if (lo != p->Xmm[2 * i] || hi != p->Xmm[2 * i + 1])
            {
                Fail(name, string.Concat(string.Concat("reg xmm", i.ToString(), " was ", Hex128(hi, lo)), string.Concat(" expected ", Hex128(p->Xmm[2 * i + 1], p->Xmm[2 * i]))));
                return false;
            }
        }
        if (p->MxcsrAfter != p->Mxcsr) return Mismatch(name, "mxcsr", p->MxcsrAfter, p->Mxcsr);
        if (p->FcwAfter != p->Fcw) return Mismatch(name, "fcw", p->FcwAfter, p->Fcw);
        return true;
    }

    private static bool Mismatch(string name, string register, ulong was, ulong expected)
    {
        Fail(name, string.Concat(string.Concat("reg ", register, " was ", Hex(was)), string.Concat(" expected ", Hex(expected))));
        return false;
    }

    private static void Pass(string name) => Console.WriteLine(string.Concat("PASS ", name));

    private static void Fail(string name, string why)
    {
        s_failures++;
        Console.WriteLine(string.Concat("FAIL ", name, string.Concat(": ", why)));
    }

    private static string Hex(ulong v) => string.Concat("0x", v.ToString("x"));
    private static string Hex128(ulong hi, ulong lo) => string.Concat("0x", hi.ToString("x16"), lo.ToString("x16"));

    /// <summary>The timer callback computes with doubles (uses SSE registers inside the interrupt handler).</summary>
    private static void Tick(int vcpu)
    {
        double sum = 0, step = s_step;
        for (int k = 1; k <= 200; k++) sum += k * step;
        if (sum != 200 * 201 / 2 * step) s_badTicks++;
        s_ticks++;
    }
}
