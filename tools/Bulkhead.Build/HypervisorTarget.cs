namespace Bulkhead.Build;

/// <summary>The board facts the hypervisor image is built for (from boards/&lt;id&gt;.yaml).</summary>
public sealed record HypervisorTarget
{
    public required string Board { get; init; }
    public TargetArch Arch { get; init; } = TargetArch.Arm64;
    public required ulong LoadAddress { get; init; }
    public required ulong RamBase { get; init; }
    public required ulong RamSize { get; init; }
    public required ulong UartBase { get; init; }
    /// <summary>True when secondary cores and power-off go through PSCI (SMC conduit).</summary>
    public required bool HasPsci { get; init; }
    public required IReadOnlyList<ulong> CoreMpidrs { get; init; }
}

/// <summary>Build-time switches for the hypervisor image.</summary>
public sealed record HypervisorOptions
{
    /// <summary>Makes the image read an unmapped address after the banner (tests the panic path).</summary>
    public bool InjectFault { get; init; }
    /// <summary>Extra C# files linked into the image (e.g. self-tests).</summary>
    public IReadOnlyList<string> ExtraSources { get; init; } = [];
    /// <summary>Output folder name under out/ (defaults to the board id).</summary>
    public string? Flavor { get; init; }
}
