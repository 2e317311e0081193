using System.Text;
using Bulkhead.Core;

namespace Bulkhead.Tests;

/// <summary>A host-side stand-in for a CPU backend, so hv-core logic runs under xunit.</summary>
public struct SimulatedArchitecture : IArchitecture
{
    [ThreadStatic] private static StringBuilder? t_console;
    [ThreadStatic] private static int t_cores;
    [ThreadStatic] private static bool t_poweredOff;

    public static StringBuilder ConsoleOutput => t_console ??= new StringBuilder();
    public static bool PoweredOff => t_poweredOff;

    public static void Reset(int cores)
    {
        ConsoleOutput.Clear();
        t_cores = cores;
        t_poweredOff = false;
    }

    public static string Name => "sim";
    public static string PrivilegeLevel => "EL2";
    public static void ConsolePut(byte value) => ConsoleOutput.Append((char)value);
    public static int CountCores(int limit) => Math.Min(t_cores, limit);
    public static void PowerOff() => t_poweredOff = true;
    public static void Halt() { }
}
