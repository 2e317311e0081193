using Bulkhead.Config.Systems;
using Bulkhead.Config.Checking;
using Bulkhead.Build;
using Bulkhead.Config.Boards;
using Bulkhead.Config.Diagnostics;

namespace Bulkhead.Systems;

/// <summary>Turns a board description (boards/&lt;id&gt;.yaml) into what the hypervisor image is built for.</summary>
public static class BoardTargets
{
    public const string DefaultBoard = "qemu-virt-gicv3";

    public static Board LoadBoard(RepoLayout repo, string boardIdOrFile)
    {
        string file = File.Exists(boardIdOrFile) ? boardIdOrFile : Path.Combine(repo.Boards, boardIdOrFile + ".yaml");
        if (!File.Exists(file))
        {
            var known = Directory.GetFiles(repo.Boards, "*.yaml").Select(Path.GetFileNameWithoutExtension).Order();
            throw new BuildException($"board '{boardIdOrFile}' not found: no file {file}. Known boards: {string.Join(", ", known)}");
        }
        var bag = new DiagnosticBag();
        var board = BoardLoader.Load(file, Path.GetRelativePath(Environment.CurrentDirectory, file), bag);
        if (board == null || bag.HasErrors)
            throw new BuildException($"board '{boardIdOrFile}' is invalid:\n{string.Join("\n", bag.Items.Select(d => d.ToString()))}");
        return board;
    }

    public static HypervisorTarget ToHypervisorTarget(Board board)
    {
        if (board.Ram.Count == 0) throw new BuildException($"{board.File}: board '{board.Id}' lists no RAM.");
        // The RAM range the hypervisor is loaded into is the one its own map treats as Normal memory.
        var ram = board.Ram.FirstOrDefault(r => r.Contains(board.HypervisorLoadAddress));
        if (ram.Size == 0)
            throw new BuildException($"{board.File}: hypervisor load address 0x{board.HypervisorLoadAddress:x} is not inside any RAM range of board '{board.Id}'.");
        // ARM64 maps the CPU's physical address space (identity-map.inc); the x86 hypervisor's
        // paging covers the low 4 GiB (the checker refuses anything above it, BH049).
        var facts = Facts(board);
        ulong ramEnd = facts.Arch == TargetArch.X64 ? Math.Min(ram.Base + ram.Size, 1UL << 32) : ram.Base + ram.Size;
        return new HypervisorTarget
        {
            Facts = facts,
            LoadAddress = board.HypervisorLoadAddress,
            RamBase = ram.Base,
            RamSize = ramEnd - ram.Base,
        };
    }

    /// <summary>The board facts code in the images needs (one generated constants class, see BoardConstants).</summary>
    public static BoardFacts Facts(Board board) => new()
    {
        Id = board.Id,
        File = board.File.Length > 0 ? Path.GetRelativePath(Environment.CurrentDirectory, board.File) : "",
        Arch = board.Arch == "x86_64" || board.Arch == "x64" ? TargetArch.X64 : TargetArch.Arm64,
        UartBase = board.ConsoleBase,
        ConsoleType = board.ConsoleType switch
        {
            UartKind.Ns16550 => ConsoleUartType.Ns16550,
            UartKind.MiniUart => ConsoleUartType.MiniUart,
            UartKind.Lpuart => ConsoleUartType.Lpuart,
            UartKind.Cadence => ConsoleUartType.Cadence,
            UartKind.ImxUart => ConsoleUartType.ImxUart,
            _ => ConsoleUartType.Pl011,
        },
        ConsoleRegShift = board.ConsoleRegShift,
        ConsoleRegIoWidth = board.ConsoleRegIoWidth,
        HasPsci = board.BootMethod == BootMethod.Psci,
        CoreMpidrs = board.Cores.OrderBy(c => c.Index).Select(c => c.Mpidr).ToList(),
        InterruptController = board.InterruptController switch
        {
            InterruptControllerKind.GicV2 => InterruptControllerType.GicV2,
            InterruptControllerKind.GicV3 => InterruptControllerType.GicV3,
            InterruptControllerKind.Apic => InterruptControllerType.LocalApic,
            _ => InterruptControllerType.None,
        },
        GicDistributor = board.GicDistributor,
        GicCpuInterface = board.GicCpuInterface,
        GicHypInterface = board.GicHypInterface,
        GicVirtualCpuInterface = board.GicVirtualCpuInterface,
        GicRedistributors = board.GicRedistributors,
        GicRedistributorStride = board.GicRedistributorStride,
        MaintenanceIntId = board.MaintenanceInterrupt,
        VirtTimerIntId = board.TimerVirtual,
        PhysTimerIntId = board.TimerPhysical,
        HypTimerIntId = board.TimerHypervisor,
        LocalApic = board.LocalApic,
        IoApic = board.IoApic,
        SmmuBase = board.Iommu is { Kind: IommuKind.SmmuV3 } smmu ? smmu.Registers.Base : 0,
        SmmuEventIntId = board.Iommu?.EventInterrupt ?? 0,
    };

    /// <summary>Where a domain's guest image runs: the board, and the RAM region holding its load address.</summary>
    /// <param name="network">the system's checked 'network:' (the domain's constants come from it)</param>
    /// <param name="system">the system file (the console driver's links come from it)</param>
    /// <param name="management">the system's checked 'management:' (its server's image gets the key)</param>
    public static GuestTarget GuestTargetFor(Board board, ResolvedDomain domain, ResolvedNetwork? network = null, SystemConfig? system = null, ResolvedManagement? management = null)
    {
        var home = domain.Memory.Select(r => r.Range).First(r => r.Contains(domain.LoadAddress));
        return new GuestTarget
        {
            Board = Facts(board), LoadAddress = domain.LoadAddress, RamBase = home.Base, RamSize = home.Size,
            Network = NetworkFor(domain, network),
            Console = ConsoleFor(domain, system),
            Management = management?.Server == domain ? ManagementFor(management, system) : null,
            RichProfile = domain.Profile == ServiceProfile.Rich, HeapSize = domain.HeapSize,
        };
    }

    /// <summary>The management server's key, port and the names its answers use (docs/management.md).</summary>
    public static GuestManagement ManagementFor(ResolvedManagement management, SystemConfig? system) =>
        new(management.Key, management.UdpPort, system?.Name?.Value ?? (system is null ? "" : Path.GetFileNameWithoutExtension(system.File)), management.Server.Name,
            system is null ? [] : system.Domains.Select(d => (d.DisplayName, (int)d.Level)).ToList());

    /// <summary>A client's link, MAC and IPv4 settings; the driver domain's NIC and client rows; defaults for the rest.</summary>
    public static GuestNetwork NetworkFor(ResolvedDomain domain, ResolvedNetwork? network)
    {
        if (network is null) return GuestNetwork.None;
        if (network.Driver == domain)
            return new GuestNetwork
            {
                DeviceBase = network.DeviceBase, DeviceIntId = network.DeviceIntId,
                Clients = network.Clients.Select(c => new GuestNetworkClient(c.Link, c.Mac, c.RateLimit)).ToList(),
            };
        if (network.ClientFor(domain) is not { } client) return GuestNetwork.None;
        return new GuestNetwork { Link = client.Link, Mac = client.Mac, Ipv4 = client.Ipv4, PrefixLength = client.PrefixLength, Gateway = client.Gateway };
    }

    /// <summary>A client's console link; the console driver's clients; none for the rest.</summary>
    public static GuestConsole ConsoleFor(ResolvedDomain domain, SystemConfig? system)
    {
        if (system is null) return GuestConsole.None;
        if (domain.Console == ConsolePolicy.Driver)
            return new GuestConsole
            {
                Clients = system.Domains.Where(d => d.Name is not null && ConsoleLinks.LinkOf(system, d.Name.Value) >= 0)
                    .Select(d => (ConsoleLinks.LinkOf(system, d.Name!.Value), d.Name!.Value)).ToList(),
            };
        return new GuestConsole { Link = ConsoleLinks.LinkOf(system, domain.Name) };
    }
}
