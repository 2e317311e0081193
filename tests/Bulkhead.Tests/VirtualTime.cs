using Bulkhead.Emulation;

namespace Bulkhead.Tests;

/// <summary>
/// Every QEMU run of the tests counts instructions (-icount, align=off, sleep=off): time inside the
/// guests follows the instructions they execute, so "tick 10 before the watchdog fires" never
/// depends on how busy the host is. Idle WFI is skipped, so a run's timeout in host seconds is
/// only a generous upper bound.
/// </summary>
public static class VirtualTime
{
    /// <summary>2^shift ns per instruction.</summary>
    public const int IcountShift = 2;

    public static QemuArm64Machine Deterministic(this QemuArm64Machine machine) => machine with { IcountShift = IcountShift };
}
