using System.Text;
using Bulkhead.Core;

namespace Bulkhead.Tests;

/// <summary>
/// What the simulated machine records: console, power, signalled cores, time, timers, raised
/// interrupts. One per test thread (tests run in parallel); a test that plays several cores on
/// several threads shares it with <see cref="SimulatedArchitecture.Join"/>.
/// </summary>
public sealed class SimulatedMachine
{
    internal readonly object Gate = new();
    public readonly StringBuilder Console = new();
    public readonly List<int> Signalled = new();
    public readonly Dictionary<int, ulong?> Watchdogs = new();
    public readonly List<(int Core, uint IntId)> Raised = new();
    public readonly List<int> StartedCores = new();
    public readonly List<int> RunCores = new();
    public readonly List<(ulong Address, ulong Size)> Published = new();
    public int Cores;
    public int PowerOffs;
    public int Halts;
    public ulong Now;
}

/// <summary>Thrown by <see cref="SimulatedArchitecture.Halt"/>: a halted core does not return, so neither does the code under test.</summary>
public sealed class SimulatedHalt : Exception
{
    public SimulatedHalt() : base("the simulated core halted") { }
}

/// <summary>A host-side stand-in for a CPU backend, so hv-core logic runs under xunit.</summary>
public unsafe struct SimulatedArchitecture : IArchitecture
{
    [ThreadStatic] private static SimulatedMachine? t_machine;

    /// <summary>The machine this thread simulates (created on first use).</summary>
    public static SimulatedMachine Machine => t_machine ??= new SimulatedMachine();

    public static StringBuilder ConsoleOutput => Machine.Console;
    public static bool PoweredOff => Machine.PowerOffs > 0;
    /// <summary>Cores asked to check in, in order.</summary>
    public static List<int> Signalled => Machine.Signalled;
    /// <summary>The core the code under test pretends to run on (per thread: each thread plays one core).</summary>
    [ThreadStatic] public static int Core;

    /// <summary>A fresh machine for this thread with <paramref name="cores"/> cores, time 0, nothing recorded.</summary>
    public static void Reset(int cores)
    {
        t_machine = new SimulatedMachine { Cores = cores };
        Core = 0;
    }

    /// <summary>This thread plays <paramref name="core"/> of an existing machine (another thread's).</summary>
    public static void Join(SimulatedMachine machine, int core)
    {
        t_machine = machine;
        Core = core;
    }

    /// <summary>The console lines so far, without their CR LF.</summary>
    public static string[] ConsoleLines()
    {
        lock (Machine.Gate)
            return Machine.Console.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    public static ulong Now { get => Machine.Now; set => Machine.Now = value; }
    /// <summary>Per core: the armed watchdog deadline, or null.</summary>
    public static Dictionary<int, ulong?> Watchdogs => Machine.Watchdogs;
    /// <summary>Interrupts raised (core that raised it, interrupt id), in order.</summary>
    public static List<(int Core, uint IntId)> Raised => Machine.Raised;

    public static string Name => "sim";
    public static string PrivilegeLevel => "EL2";
    public static void ConsolePut(byte value) { lock (Machine.Gate) Machine.Console.Append((char)value); }
    public static int CountCores(int limit) => Math.Min(Machine.Cores, limit);
    public static void PowerOff() => Interlocked.Increment(ref Machine.PowerOffs);
    public static void Halt()
    {
        Interlocked.Increment(ref Machine.Halts);
        throw new SimulatedHalt();
    }
    public static int CurrentCore => Core;
    public static ulong HeapUsed => 0;
    public static uint AtomicSwap(uint* location, uint value) => (uint)Interlocked.Exchange(ref *(int*)location, (int)value);
    public static void StoreRelease(uint* location, uint value) => Volatile.Write(ref *location, value);
    public static void SignalCore(int core) { lock (Machine.Gate) Machine.Signalled.Add(core); }

    public static ulong NowNs => Machine.Now;
    public static void ArmWatchdog(int core, ulong deadlineNs) { lock (Machine.Gate) Machine.Watchdogs[core] = deadlineNs; }
    public static void DisarmWatchdog(int core) { lock (Machine.Gate) Machine.Watchdogs[core] = null; }
    public static void PreparePartition(int domains, int cores) { }
    public static void BuildAddressSpace(int domain) { }
    public static void PublishToGuest(ulong address, ulong size) { lock (Machine.Gate) Machine.Published.Add((address, size)); }
    public static string? StartCore(int core) { lock (Machine.Gate) Machine.StartedCores.Add(core); return null; }
    public static void RunCore(int core) { lock (Machine.Gate) Machine.RunCores.Add(core); }
    public static void RaiseInterrupt(int callerCore, uint intId) { lock (Machine.Gate) Machine.Raised.Add((callerCore, intId)); }
    /// <summary>As on arm64: a guest names its vCPUs by virtual MPIDR, Aff0 = vCPU index, Aff1-Aff3 (and every other bit) zero.</summary>
    public static int VcpuOfTargetId(ulong targetId) => (targetId & ~0xFFUL) == 0 ? (int)targetId : -1;
    public static void AppendFaultRegisters(ref Bulkhead.Core.Text.LineBuffer line, ulong syndrome, ulong pc)
    {
        line.Append("ESR=");
        line.AppendHex(syndrome, 8);
        line.Append(", PC=");
        line.AppendHex(pc, 16);
    }
}
