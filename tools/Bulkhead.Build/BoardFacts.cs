namespace Bulkhead.Build;

/// <summary>The board's interrupt controller, as far as the images built for it care.</summary>
public enum InterruptControllerType { None, GicV2, GicV3, LocalApic }

/// <summary>The board's console UART kind (board field console.type); drivers: <see cref="ConsoleDrivers"/>.</summary>
public enum ConsoleUartType { Pl011, Ns16550, MiniUart, Lpuart, Cadence, ImxUart }

/// <summary>
/// The hardware facts of a board (boards/&lt;id&gt;.yaml) that code in the images needs: one record, turned
/// into one generated constants class (<see cref="BoardConstants"/>) compiled into the hypervisor and
/// into every guest image. Domain facts (load address, RAM) are not here.
/// </summary>
public sealed record BoardFacts
{
    public required string Id { get; init; }
    public TargetArch Arch { get; init; } = TargetArch.Arm64;
    /// <summary>The board file, as errors should name it.</summary>
    public string File { get; init; } = "";
    public required ulong UartBase { get; init; }
    public ConsoleUartType ConsoleType { get; init; } = ConsoleUartType.Pl011;
    /// <summary>8250/16550: log2 of the register stride (reg_shift).</summary>
    public uint ConsoleRegShift { get; init; }
    /// <summary>8250/16550: bytes per register access, 1 or 4 (reg_io_width).</summary>
    public uint ConsoleRegIoWidth { get; init; } = 1;
    /// <summary>True when secondary cores and power-off go through PSCI (SMC conduit).</summary>
    public bool HasPsci { get; init; }
    public IReadOnlyList<ulong> CoreMpidrs { get; init; } = [];
    public InterruptControllerType InterruptController { get; init; }
    public ulong GicDistributor { get; init; }
    /// <summary>GICv2: GICC (the guest finds its virtual CPU interface here).</summary>
    public ulong GicCpuInterface { get; init; }
    /// <summary>GICv2: GICH, the hypervisor's virtual interface control frame.</summary>
    public ulong GicHypInterface { get; init; }
    /// <summary>GICv2: GICV, the virtual CPU interface mapped for guests.</summary>
    public ulong GicVirtualCpuInterface { get; init; }
    public ulong GicRedistributors { get; init; }
    public ulong GicRedistributorStride { get; init; }
    public uint MaintenanceIntId { get; init; }
    public uint VirtTimerIntId { get; init; } = 27;
    public uint PhysTimerIntId { get; init; }
    public uint HypTimerIntId { get; init; }
    public ulong LocalApic { get; init; }
    public ulong IoApic { get; init; }
    /// <summary>The board's SMMUv3 register base (iommu: type smmuv3), 0 = no IOMMU the hypervisor programs.</summary>
    public ulong SmmuBase { get; init; }
    /// <summary>The SMMU's event queue interrupt (an SPI the hypervisor keeps), 0 = none.</summary>
    public uint SmmuEventIntId { get; init; }
    /// <summary>LLC page colours used for cache colouring (BoardLlc.Colors), 0 = the board describes no LLC.</summary>
    public uint LlcColors { get; init; }
}
