namespace Bulkhead.Build;

/// <summary>Where one guest image runs: its domain's memory and the board's interrupt controller.</summary>
public sealed record GuestTarget
{
    public TargetArch Arch { get; init; } = TargetArch.Arm64;
    /// <summary>Address the hypervisor copies the image to (also its entry point).</summary>
    public required ulong LoadAddress { get; init; }
    /// <summary>The domain RAM region holding the image: the rest of it is the guest's heap.</summary>
    public required ulong RamBase { get; init; }
    public required ulong RamSize { get; init; }
    public required int GicVersion { get; init; }
    public required ulong GicDistributor { get; init; }
    /// <summary>GICv2: where the guest finds its CPU interface (the hypervisor maps GICV there).</summary>
    public ulong GicCpuInterface { get; init; }
    public ulong GicRedistributor { get; init; }
    public ulong GicRedistributorStride { get; init; }
    public uint TimerVirtualIntId { get; init; } = 27;
    /// <summary>
    /// Native baseline: the same service without a hypervisor (entered at EL1 directly, console on
    /// the UART at <see cref="UartBase"/>, the real GIC). Used by the benchmarks' comparison runs.
    /// </summary>
    public bool Native { get; init; }
    public ulong UartBase { get; init; }
}

/// <summary>A unikernel service: its C# sources and the class whose static Main() runs on vCPU 0.</summary>
public sealed record GuestService(string Name, IReadOnlyList<string> Sources, string EntryType = "Program");
