using System.Text;
using Bulkhead.Core;

namespace Bulkhead.Tests;

/// <summary>A host-side stand-in for a CPU backend, so hv-core logic runs under xunit.</summary>
public unsafe struct SimulatedArchitecture : IArchitecture
{
    [ThreadStatic] private static StringBuilder? t_console;
    [ThreadStatic] private static int t_cores;
    [ThreadStatic] private static bool t_poweredOff;
    [ThreadStatic] private static List<int>? t_signalled;

    public static StringBuilder ConsoleOutput => t_console ??= new StringBuilder();
    public static bool PoweredOff => t_poweredOff;
    /// <summary>Cores asked to check in, in order.</summary>
    public static List<int> Signalled => t_signalled ??= new List<int>();
    /// <summary>The core the code under test pretends to run on.</summary>
    [ThreadStatic] public static int Core;

    public static void Reset(int cores)
    {
        ConsoleOutput.Clear();
        Signalled.Clear();
        t_cores = cores;
        t_poweredOff = false;
        Core = 0;
        Now = 0;
        Watchdogs.Clear();
        Raised.Clear();
    }

    public static string Name => "sim";
    public static string PrivilegeLevel => "EL2";
    public static void ConsolePut(byte value) => ConsoleOutput.Append((char)value);
    public static int CountCores(int limit) => Math.Min(t_cores, limit);
    public static void PowerOff() => t_poweredOff = true;
    public static void Halt() { }
    public static int CurrentCore => Core;
    public static uint AtomicSwap(uint* location, uint value) => (uint)Interlocked.Exchange(ref *(int*)location, (int)value);
    public static void StoreRelease(uint* location, uint value) => Volatile.Write(ref *location, value);
    public static void SignalCore(int core) => Signalled.Add(core);

    [ThreadStatic] public static ulong Now;
    /// <summary>Per core: the armed watchdog deadline, or null.</summary>
    public static Dictionary<int, ulong?> Watchdogs => t_watchdogs ??= new();
    [ThreadStatic] private static Dictionary<int, ulong?>? t_watchdogs;
    /// <summary>Interrupts raised (core that raised it, interrupt id), in order.</summary>
    public static List<(int Core, uint IntId)> Raised => t_raised ??= new();
    [ThreadStatic] private static List<(int Core, uint IntId)>? t_raised;

    public static ulong HeapUsed => 0;
    public static ulong NowNs => Now;
    public static void ArmWatchdog(int core, ulong deadlineNs) => Watchdogs[core] = deadlineNs;
    public static void DisarmWatchdog(int core) => Watchdogs[core] = null;
    public static void PreparePartition(int domains, int cores) { }
    public static void BuildAddressSpace(int domain) { }
    public static string? StartCore(int core) => null;
    public static void RunCore(int core) { }
    public static void RaiseInterrupt(int callerCore, uint intId) => Raised.Add((callerCore, intId));
    public static int VcpuOfTargetId(ulong targetId) => targetId <= 0xFF ? (int)targetId : -1;
    public static void AppendFaultRegisters(ref Bulkhead.Core.Text.LineBuffer line, ulong syndrome, ulong pc)
    {
        line.Append("ESR=");
        line.AppendHex(syndrome, 8);
        line.Append(", PC=");
        line.AppendHex(pc, 16);
    }
}
