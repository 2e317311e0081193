using Bulkhead.Config.Diagnostics;

namespace Bulkhead.Config.Boards;

public enum BootMethod { Psci, SpinTable, InitSipi }
/// <summary>Apic: x86 local APIC + IO APIC; interrupts are IO APIC inputs (GSIs).</summary>
public enum InterruptControllerKind { GicV2, GicV3, Bcm2836, Apic }
public enum UartKind { Pl011, Ns16550, MiniUart, Lpuart, Cadence, ImxUart }

public sealed class BoardCore
{
    public int Index { get; init; }
    /// <summary>The hardware core id: MPIDR on arm64, local APIC id on x86-64.</summary>
    public ulong Mpidr { get; init; }
    /// <summary>Spin-table release address; null with PSCI.</summary>
    public ulong? ReleaseAddress { get; init; }
}

public sealed class BoardDevice
{
    public required string Name { get; init; }
    public string Compatible { get; init; } = "";
    public List<AddressRange> Mmio { get; init; } = new();
    public List<uint> Interrupts { get; init; } = new();
    public SourceSpan At { get; init; }
    /// <summary>Whether the device can master DMA (null: not DMA-capable); see <see cref="DeviceDma"/>.</summary>
    public DeviceDma? Dma { get; init; }
}

/// <summary>
/// A DMA-capable device: whether the board's IOMMU translates its transactions and with which
/// stream IDs (PCI: requester ID bus&lt;&lt;8|device&lt;&lt;3|function of each function behind a host bridge).
/// </summary>
public sealed class DeviceDma
{
    public bool BehindIommu { get; init; }
    public uint FirstStreamId { get; init; }
    public uint StreamCount { get; init; }
    public SourceSpan At { get; init; }
    public IEnumerable<uint> StreamIds => Enumerable.Range(0, (int)StreamCount).Select(i => FirstStreamId + (uint)i);
}

public enum IommuKind { SmmuV3 }

/// <summary>The board's IOMMU (arm64: an SMMUv3), which the hypervisor programs for DMA isolation.</summary>
public sealed class BoardIommu
{
    public IommuKind Kind { get; init; }
    public AddressRange Registers { get; init; }
    /// <summary>Its event queue interrupt (an SPI the hypervisor keeps), 0 = none (events are read at faults only).</summary>
    public uint EventInterrupt { get; init; }
    public SourceSpan At { get; init; }
}

/// <summary>
/// The last-level cache (board field 'llc:'), for cache colouring (docs/cache-coloring.md): a
/// physically indexed cache of Size bytes and Ways ways has Size / (Ways * 4 KiB) page colours; a
/// 4 KiB page at physical address pa has colour (pa / 4 KiB) mod that number.
/// </summary>
public sealed class BoardLlc
{
    public const ulong PageSize = 0x1000;
    /// <summary>The plan's colour mask is a u16 (DColorMask): at most this many colours are used.</summary>
    public const uint MaxColors = 16;
    public ulong Size { get; init; }
    public uint Ways { get; init; }
    public uint LineSize { get; init; }
    /// <summary>True when every core shares this cache (only then do domains on different cores interfere in it).</summary>
    public bool Shared { get; init; }
    public SourceSpan At { get; init; }

    /// <summary>Page colours of the cache itself: Size / (Ways * 4 KiB).</summary>
    public ulong HardwareColors => Size / (Ways * PageSize);

    /// <summary>
    /// The colours Bulkhead uses: the largest divisor of <see cref="HardwareColors"/> up to
    /// <see cref="MaxColors"/>. Grouping hardware colours c, c+n, c+2n... into one is still a
    /// partition of the cache sets, so isolation holds with fewer, larger colours.
    /// </summary>
    public uint Colors
    {
        get
        {
            ulong hw = HardwareColors;
            for (uint n = MaxColors; n > 1; n--) if (hw % n == 0) return n;
            return hw >= 1 ? 1u : 0u;
        }
    }
}

public sealed class NamedRange
{
    public required string Name { get; init; }
    public AddressRange Range { get; init; }
}

/// <summary>A board description (boards/&lt;id&gt;.yaml); field meanings are in docs/config.md.</summary>
public sealed class Board
{
    public string File { get; set; } = "";
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Arch { get; set; } = "arm64";
    public string? Source { get; set; }

    public BootMethod BootMethod { get; set; } = BootMethod.Psci;
    public string PsciConduit { get; set; } = "smc";
    public List<BoardCore> Cores { get; } = new();

    public List<AddressRange> Ram { get; } = new();
    public List<NamedRange> ReservedMemory { get; } = new();

    public ulong HypervisorLoadAddress { get; set; }
    public AddressRange HypervisorReserved { get; set; }

    public UartKind ConsoleType { get; set; } = UartKind.Pl011;
    public ulong ConsoleBase { get; set; }
    public uint? ConsoleInterrupt { get; set; }
    /// <summary>log2 of the byte distance between console registers (device tree reg-shift; 8250/16550 only).</summary>
    public uint ConsoleRegShift { get; set; }
    /// <summary>Bytes per console register access, 1 or 4 (device tree reg-io-width; 8250/16550 only).</summary>
    public uint ConsoleRegIoWidth { get; set; } = 1;

    public InterruptControllerKind InterruptController { get; set; } = InterruptControllerKind.GicV3;
    public ulong GicDistributor { get; set; }
    public ulong GicCpuInterface { get; set; }
    public ulong GicHypInterface { get; set; }
    public ulong GicVirtualCpuInterface { get; set; }
    public ulong GicRedistributors { get; set; }
    public ulong GicRedistributorStride { get; set; }
    public ulong LocalController { get; set; }
    public ulong ArmCtrl { get; set; }
    public ulong LocalApic { get; set; }
    public ulong IoApic { get; set; }
    public uint MaintenanceInterrupt { get; set; }
    /// <summary>Largest SPI INTID the interrupt controller implements.</summary>
    public uint MaxIntId { get; set; } = 1019;

    public uint TimerVirtual { get; set; }
    public uint TimerPhysical { get; set; }
    public uint TimerHypervisor { get; set; }
    public uint TimerSecure { get; set; }

    public List<BoardDevice> Devices { get; } = new();
    /// <summary>The IOMMU DMA-capable devices can sit behind; null: the board has none.</summary>
    public BoardIommu? Iommu { get; set; }
    /// <summary>The last-level cache ('llc:'), null when the board file does not describe it (no cache colouring).</summary>
    public BoardLlc? Llc { get; set; }

    public bool HasGic => InterruptController is InterruptControllerKind.GicV2 or InterruptControllerKind.GicV3;
    public bool IsX86 => Arch == "x86_64";
    /// <summary>Whether domains can be given interrupts by number (GIC SPIs or IO APIC GSIs).</summary>
    public bool InterruptsAssignable => HasGic || InterruptController == InterruptControllerKind.Apic;
    /// <summary>Smallest assignable number: SPIs start at 32; GSIs at 0.</summary>
    public uint MinIntId => HasGic ? 32u : 0u;

    public BoardDevice? FindDevice(string name) => Devices.FirstOrDefault(d => d.Name == name);
}
