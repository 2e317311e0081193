namespace Bulkhead.Config.Diagnostics;

/// <summary>Every diagnostic code in one place (documented in docs/config.md, "Diagnostics").</summary>
public static class Codes
{
    // Input that cannot be used at all (exit code 2).
    public const string FileNotFound = "BH001";
    public const string YamlSyntax = "BH002";
    public const string NotAMapping = "BH003";
    public const string BoardNotFound = "BH004";
    public const string BoardInvalid = "BH005";
    public const string DtbInvalid = "BH006";
    public const string DtbConsoleUnsupported = "BH007";

    // Shape of the file.
    public const string UnknownField = "BH010";
    public const string MissingField = "BH011";
    public const string WrongType = "BH012";
    public const string BadValue = "BH013";
    public const string DuplicateName = "BH014";

    // Board description consistency.
    public const string BoardDuplicateMpidr = "BH020";
    public const string BoardRamOverlap = "BH021";
    public const string BoardHypervisorOutsideRam = "BH022";
    public const string BoardLoadOutsideReserved = "BH023";
    public const string BoardLoadNotBootable = "BH024";

    // Cores.
    public const string UnknownCore = "BH030";
    public const string CoreTwice = "BH031";
    public const string NoCores = "BH032";

    // Memory.
    public const string MemoryOutsideRam = "BH040";
    public const string MemoryMisaligned = "BH041";
    public const string MemoryOverlapsDomain = "BH042";
    public const string MemoryOverlapsChannel = "BH043";
    public const string MemoryOverlapsHypervisor = "BH044";
    public const string MemoryOverlapsFirmware = "BH045";
    public const string OutOfMemory = "BH046";
    public const string NoMemory = "BH047";
    public const string ZeroSize = "BH048";
    public const string OutsideAddressSpace = "BH049";

    // Devices.
    public const string UnknownDevice = "BH050";
    public const string DeviceTwice = "BH051";
    public const string DeviceIsHypervisorConsole = "BH052";
    public const string DeviceSharesPage = "BH053";

    // Interrupts.
    public const string NotAnSpi = "BH060";
    public const string InterruptTwice = "BH061";
    public const string InterruptReserved = "BH062";
    public const string InterruptNotOnBoard = "BH063";
    public const string NoInterruptController = "BH064";
    /// <summary>A watchdog or a domain with several vCPUs on a board without a GIC (no interrupts at EL2).</summary>
    public const string NeedsInterruptController = "BH065";

    // Channels.
    public const string UnknownWriter = "BH070";
    public const string UnknownReader = "BH071";
    public const string BadEndpoints = "BH072";
    public const string DoorbellConflict = "BH074";

    // Images.
    public const string ImageNotFound = "BH080";
    public const string ImageTooLarge = "BH081";
    public const string EntryOutsideMemory = "BH082";
    public const string LoadOutsideMemory = "BH083";
    public const string ImageAmbiguous = "BH084";
    public const string HypervisorOutgrowsReserved = "BH085";
    public const string LinuxImageInvalid = "BH086";
    public const string LinuxImageTooLarge = "BH087";
    public const string LinuxOptionWithoutLinux = "BH088";
    public const string LinuxWatchdog = "BH089";

    public const string ConsoleDriverWithoutMmioUart = "BH120";
    public const string ConsoleDriverOnLinux = "BH121";

    // Freedom from interference between criticality levels.
    public const string SharedAcrossCriticality = "BH090";
    public const string DependsOnLowerCriticality = "BH091";
    /// <summary>A DMA-capable passthrough device the board's IOMMU does not translate (waivable with a justification).</summary>
    public const string DmaWithoutIommu = "BH092";
    public const string ConsoleExclusiveTwice = "BH093";
    /// <summary>Board DMA facts that cannot be programmed: a device behind an IOMMU the board lacks, stream IDs given to two devices.</summary>
    public const string DmaStreamConflict = "BH094";
    public const string WaiverNotWaivable = "BH095";
    public const string WaiverNoJustification = "BH096";
    public const string WaiverUnknownDomain = "BH097";
    public const string WaiverUnused = "BH098";
    public const string AsilWithoutWatchdog = "BH099";

    // The C# profile of a builtin service and its heap ('profile:', 'heap:', ProfileRules).
    public const string HeapWithoutRich = "BH100";
    public const string HeapSize = "BH101";
    public const string ProfileWithoutBuiltin = "BH102";
    /// <summary>The rich profile on an ASIL domain (waivable with a justification).</summary>
    public const string RichOnAsil = "BH103";
    public const string HeapMisaligned = "BH104";

    // The network driver domain ('network:', docs/driver-domains.md). BH095-BH099 were taken by the
    // waiver rules before the range was handed out, so the network rules follow the other ranges.
    public const string NetworkDriverInvalid = "BH115";
    // BH100-BH104: the C# profile fields ('profile:', 'heap:').
    public const string ServiceRegionNotBlockAligned = "BH105";
    // Management ('manages:', docs/management.md).
    public const string ManagerOutranked = "BH106";
    public const string ManagesInvalid = "BH107";
    // The management service ('management:', docs/management.md).
    /// <summary>The server is no domain, not a network client with an IPv4 address, manages nobody.</summary>
    public const string ManagementServerInvalid = "BH108";
    /// <summary>The key file is missing, unreadable, not 32..128 hex digits; or the key is written in the YAML.</summary>
    public const string ManagementKeyInvalid = "BH109";
    public const string ManagementPortInvalid = "BH110";
    /// <summary>The server's image cannot carry the key: not a builtin service.</summary>
    public const string ManagementImageInvalid = "BH111";
    public const string NetworkClientInvalid = "BH116";
    public const string NetworkMacInvalid = "BH117";
    public const string NetworkIpv4Invalid = "BH118";
    public const string NetworkLimitInvalid = "BH119";
    // Direct interrupt delivery ('interrupt_delivery: direct', DirectInterruptRules, docs/direct-interrupts.md).
    /// <summary>The board cannot keep the hypervisor's interrupts apart from a direct domain's (not GICv3).</summary>
    public const string DirectNeedsGicV3 = "BH122";
    /// <summary>An interrupt of another domain (SPI, doorbell) could reach a direct domain's core, or one of its own could reach another's.</summary>
    public const string DirectInterruptShared = "BH123";
    /// <summary>The board's private interrupts do not keep the hypervisor's PPIs apart from the guest's timer.</summary>
    public const string DirectPpiConflict = "BH124";
    /// <summary>A direct domain with several vCPUs: their SGIs would need the virtual interface a direct core does not use.</summary>
    public const string DirectMultiCore = "BH125";

    // Cache colouring ('llc:' in the board, 'colors:' in domains, docs/cache-coloring.md).
    /// <summary>A coloured system on a board whose LLC is not described (or not arm64, or fewer than 2 colours).</summary>
    public const string ColorsUnavailable = "BH126";
    /// <summary>A colour out of range, given twice, or the hypervisor's.</summary>
    public const string ColorInvalid = "BH127";
    /// <summary>Domains of different criticality share a colour (waivable with a justification).</summary>
    public const string ColorSharedAcrossCriticality = "BH128";
    /// <summary>Colours cannot be assigned, or the domain's memory cannot be coloured (base off the colour period, Linux).</summary>
    public const string ColorAssignment = "BH129";
    /// <summary>A DMA-capable device in a coloured domain without an IOMMU translating for it.</summary>
    public const string ColorDmaWithoutIommu = "BH130";
    /// <summary>The built hypervisor has more pages than the colour-0 pool (the largest coloured span) has colour periods.</summary>
    public const string ColorPoolTooSmall = "BH131";

    /// <summary>The rules a waiver may switch off (all freedom-from-interference rules).</summary>
    public static readonly IReadOnlySet<string> Waivable = new HashSet<string>
    {
        SharedAcrossCriticality, DependsOnLowerCriticality, AsilWithoutWatchdog, DmaWithoutIommu, ManagerOutranked, RichOnAsil,
        ColorSharedAcrossCriticality,
    };
}
