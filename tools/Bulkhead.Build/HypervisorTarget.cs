namespace Bulkhead.Build;

/// <summary>The board the hypervisor image is built for (from boards/&lt;id&gt;.yaml) and where it is loaded.</summary>
public sealed record HypervisorTarget
{
    public required BoardFacts Facts { get; init; }
    public required ulong LoadAddress { get; init; }
    /// <summary>The RAM range the hypervisor is loaded into (its own map treats it as Normal memory).</summary>
    public required ulong RamBase { get; init; }
    public required ulong RamSize { get; init; }

    public string Board => Facts.Id;
    public TargetArch Arch => Facts.Arch;
    public ulong UartBase => Facts.UartBase;
    public bool HasPsci => Facts.HasPsci;
    public IReadOnlyList<ulong> CoreMpidrs => Facts.CoreMpidrs;
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
    /// <summary>Builds a coloured system whose colour-0 pool is too small (BH131) anyway: tests the boot core's own refusal (hv-arm64/boot/hv-color.S).</summary>
    public bool LeaveColorPoolToBoot { get; init; }
}
