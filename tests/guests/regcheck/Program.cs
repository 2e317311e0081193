// The register-contract test guest (tests/systems/regcheck.yaml). Behaviour by domain name:
//   regs-*     fills every general and SIMD register, FPCR and FPSR with patterns, takes one kind of
//              exit (each hypercall, PSCI through HVC and SMC, an emulated distributor read and
//              write, a timer interrupt taken while spinning, WFI) and checks every register
//              afterwards except the documented result registers. Its timer callback computes with
//              doubles, so an interrupt handler that leaks SIMD state shows. One line per check:
//              "PASS <name>" or "FAIL <name>: reg vN was X expected Y".
//   doubles-*  computes with doubles in its main loop while its own timer callback computes with
//              doubles too; prints "PASS doubles ..." or "FAIL doubles: ..." after 20 ticks.
// Both power their domain off when done.
using System.Runtime.CompilerServices;
using System.Threading;
using Bulkhead.Core.Abi;
using Bulkhead.Generated;
using Bulkhead.Guest;

public static unsafe class Program
{
    private static RegisterProbe* s_probe;
    private static uint s_ticks;          // timer callbacks so far (read by the spin probe)
    private static int s_badTicks;
    private static double s_step = 0.25;          // a field, so the sums are not folded at compile time
    private static byte* s_buffer;
    private static int s_failures;

    public static void Main()
    {
        string name = Domain.Name;
        Console.WriteLine(string.Concat("hello from ", name));
        if (name.StartsWith("doubles")) Doubles();
        else Registers();
        Domain.PowerOff();
    }

    // ---- the register contract ----

    private static void Registers()
    {
        s_probe = (RegisterProbe*)Memory.AllocateZeroed((uint)sizeof(RegisterProbe));
        s_buffer = (byte*)Memory.AllocateZeroed(64);
        string line = "console write probe\n";
        for (int i = 0; i < line.Length; i++) s_buffer[i] = (byte)line[i];
        Time.Every(5, &Tick);

        Call("hvc-abi-version", Hypercall.AbiVersion, 0, 0);
        Call("hvc-console-write", Hypercall.ConsoleWrite, (ulong)s_buffer, (ulong)line.Length);
        Call("hvc-domain-info", Hypercall.DomainInfo, 0, 0);
        Call("hvc-yield", Hypercall.Yield, 0, 0);
        Call("hvc-heartbeat", Hypercall.Heartbeat, 0, 0);
        Call("hvc-domain-name", Hypercall.DomainName, (ulong)s_buffer + 32, 32);
        Call("hvc-vcpu-stats", Hypercall.VcpuStats, 0, 0);
        Call("hvc-channel-info", Hypercall.ChannelInfo, 0, 0);
        Call("hvc-channel-notify", Hypercall.ChannelNotify, 0, 0);
        Call("hvc-unknown", Hypercall.ServiceBase | 0x3F, 0, 0);
        Call("psci-hvc-version", PsciFunction.Version, 0, 0);
        Call("psci-hvc-features", PsciFunction.Features, PsciFunction.CpuOn64, 0);
        Call("psci-hvc-affinity-info", PsciFunction.AffinityInfo64, 0, 0);
        Call("psci-hvc-migrate-info-type", PsciFunction.MigrateInfoType, 0, 0);
        Call("psci-hvc-cpu-on-already-on", PsciFunction.CpuOn64, 0, 0);
        Exit("psci-smc-version", RegisterProbe.OpSmc, PsciFunction.Version, 0, 0, 4);
        Exit("psci-smc-features", RegisterProbe.OpSmc, PsciFunction.Features, PsciFunction.SystemOff, 0, 4);

        ulong distributor = BoardConfig.GicDistributor;
        Exit("gicd-read-typer", RegisterProbe.OpLoad, RegisterPatterns.X(0), distributor + 0x4, RegisterPatterns.X(2), 1);
        Exit("gicd-read-ctlr", RegisterProbe.OpLoad, RegisterPatterns.X(0), distributor, RegisterPatterns.X(2), 1);
        uint ctlr = (uint)s_probe->X[0];
        Exit("gicd-write-ctlr", RegisterProbe.OpStore, RegisterPatterns.X(0), distributor, ctlr, 0);

        for (int round = 0; round < 3; round++)
        {
            uint before = Volatile.Read(ref s_ticks);
            s_probe->CounterAddress = (ulong)Unsafe.AsPointer(ref s_ticks);
            s_probe->CounterStart = before;
            s_probe->SpinBudget = 1UL << 40;
            Exit("timer-interrupt-while-spinning", RegisterProbe.OpSpin, RegisterPatterns.X(0), RegisterPatterns.X(1), RegisterPatterns.X(2), 2);
            if (Volatile.Read(ref s_ticks) == before) Fail("timer-interrupt-while-spinning", "no timer interrupt arrived while spinning");
        }
        Exit("wfi", RegisterProbe.OpWfi, RegisterPatterns.X(0), RegisterPatterns.X(1), RegisterPatterns.X(2), 0);

        if (s_badTicks != 0) Fail("timer-callback-doubles", string.Concat(s_badTicks.ToString(), " timer callbacks computed a wrong sum"));
        Console.WriteLine(string.Concat("regcheck done: ", s_failures.ToString(), " failures"));
    }

    /// <summary>A hypercall or PSCI call through HVC: x0-x3 are its results.</summary>
    private static void Call(string name, uint function, ulong a1, ulong a2) =>
        Exit(name, RegisterProbe.OpHvc, function, a1, a2, 4);

    /// <summary>Runs one exit; registers x0..x(results-1) may change, nothing else may.</summary>
    private static void Exit(string name, ulong op, ulong x0, ulong x1, ulong x2, int results)
    {
        RegisterProbe* p = s_probe;
        p->Op = op;
        p->In[0] = x0;
        p->In[1] = x1;
        p->In[2] = x2;
        for (int i = 3; i < 6; i++) p->In[i] = RegisterPatterns.X(i);
        RegisterProbe.Run(p);
        if (Check(name, p, results)) Console.WriteLine(string.Concat("PASS ", name));
    }

    private static bool Check(string name, RegisterProbe* p, int results)
    {
        for (int i = results; i < 31; i++)
        {
            ulong expected = i < 6 ? p->In[i] : RegisterPatterns.X(i);
            if (p->X[i] != expected) return Mismatch(name, string.Concat("x", i.ToString()), Hex(p->X[i]), Hex(expected));
        }
        for (int i = 0; i < 32; i++)
        {
            ulong lo = p->Q[2 * i], hi = p->Q[2 * i + 1];
            if (lo != RegisterPatterns.QLow(i) || hi != RegisterPatterns.QHigh(i))
                return Mismatch(name, string.Concat("v", i.ToString()), Hex128(hi, lo), Hex128(RegisterPatterns.QHigh(i), RegisterPatterns.QLow(i)));
        }
        if (p->Fpcr != RegisterPatterns.Fpcr) return Mismatch(name, "fpcr", Hex(p->Fpcr), Hex(RegisterPatterns.Fpcr));
        if (p->Fpsr != RegisterPatterns.Fpsr) return Mismatch(name, "fpsr", Hex(p->Fpsr), Hex(RegisterPatterns.Fpsr));
        return true;
    }

    private static bool Mismatch(string name, string register, string was, string expected)
    {
        Fail(name, string.Concat(string.Concat("reg ", register, " was ", was), string.Concat(" expected ", expected)));
        return false;
    }

    private static void Fail(string name, string why)
    {
        s_failures++;
        Console.WriteLine(string.Concat("FAIL ", name, string.Concat(": ", why)));
    }

    private static string Hex(ulong v) => string.Concat("0x", v.ToString("x"));
    private static string Hex128(ulong hi, ulong lo) => string.Concat("0x", hi.ToString("x16"), lo.ToString("x16"));

    /// <summary>The timer callback computes with doubles (uses SIMD registers inside the interrupt handler).</summary>
    private static void Tick(int vcpu)
    {
        if (Sum(200) != Expected(200)) s_badTicks++;
        s_ticks++;
    }

    /// <summary>step * (1 + 2 + ... + n), accumulated in a double: exact for these sizes.</summary>
    private static double Sum(int n)
    {
        double sum = 0;
        double step = s_step;
        for (int k = 1; k <= n; k++) sum += k * step;
        return sum;
    }

    private static double Expected(int n) => (double)((long)n * (n + 1) / 2) * s_step;

    // ---- doubles in the main loop and in the timer callback ----

    private static void Doubles()
    {
        Time.Every(2, &Tick);
        const int n = 20000;
        double expected = Expected(n);
        int rounds = 0, wrong = 0;
        long firstWrong = 0;
        while (Volatile.Read(ref s_ticks) < 20)
        {
            double sum = Sum(n);
            if (sum != expected)
            {
                if (wrong == 0) firstWrong = (long)(sum * 4);
                wrong++;
            }
            rounds++;
        }
        if (wrong != 0)
            Console.WriteLine(string.Concat(string.Concat("FAIL doubles: ", wrong.ToString(), " of ", rounds.ToString()),
                string.Concat(" rounds wrong, first sum*4 was ", firstWrong.ToString(), " expected ", ((long)(expected * 4)).ToString())));
        else if (s_badTicks != 0)
            Console.WriteLine(string.Concat("FAIL doubles: ", s_badTicks.ToString(), " timer callbacks computed a wrong sum"));
        else
            Console.WriteLine(string.Concat("PASS doubles: ", rounds.ToString(), string.Concat(" rounds across ", s_ticks.ToString(), " ticks")));
    }
}
