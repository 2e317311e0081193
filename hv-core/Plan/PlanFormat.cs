namespace Bulkhead.Core.Plan;

// Every number that defines the binary partition plan lives here, so the host-side writer
// (tools/Bulkhead.Config) and the bare-metal reader compile against the same constants.
// The layout is described field by field in docs/plan-format.md. All integers are little-endian.
public static class PlanFormat
{
    // "BHPL" read as a little-endian uint32.
    public const uint Magic = 0x4C504842;
    // Major changes break readers; a reader accepts exactly its major and any minor.
    public const ushort VersionMajor = 2;      // 2.0: board facts (GIC, timers, console ...) left the plan for BoardConfig
    public const ushort VersionMinor = 7;      // 2.1: channel doorbell limit; 2.2: load table, entry argument, Linux images; 2.3: restart window; 2.4: DMA stream table; 2.5: managed domains; 2.6: domain flags (direct interrupts); 2.7: cache colours

    // The CRC-32 covers bytes [ChecksumStart, TotalLength): everything after the checksum field.
    public const uint ChecksumStart = 16;

    public const uint NoDomain = 0xFFFFFFFF;
    public const uint NameLength = 16;
    public const uint BoardIdLength = 32;
    public const uint DeviceNameLength = 24;
    public const uint TableAlignment = 8;

    // Limits keep every table small and every index representable; the reader rejects more.
    public const uint MaxCores = 64;        // core_mask is a uint64
    public const uint MaxDomains = 32;      // reader_mask is a uint32
    public const uint MaxRegions = 1024;
    public const uint MaxDevices = 512;
    public const uint MaxInterrupts = 1024;
    public const uint MaxChannels = 64;
    public const uint MaxLoads = 64;
    public const uint MaxStreams = 256;
    public const uint MaxStreamId = 0xFFFF;  // PCI requester ids are 16 bits; an SMMU's SIDSIZE may be smaller (checked at boot)
    public const uint MaxIntId = 1019;      // largest GIC SPI
    public const uint MaxGsi = 255;         // largest x86 IO APIC input (GSI)
    public const uint MaxLength = 1024 * 1024;
    // A restart window remembers the times of the last restart_limit restarts in a fixed ring per
    // domain (no allocation), so a windowed limit is small; windows below a second would let a
    // crashing domain keep the hypervisor busy restarting it (2.3).
    public const uint MaxWindowedRestarts = 16;
    public const uint MinRestartWindowMs = 1000;

    // ---- Header (HeaderSize bytes at offset 0) ----
    public const uint HeaderSize = 256;
    public const uint HMagic = 0;              // u32
    public const uint HVersionMajor = 4;       // u16
    public const uint HVersionMinor = 6;       // u16
    public const uint HTotalLength = 8;        // u32
    public const uint HChecksum = 12;          // u32 CRC-32 of [16, total)
    public const uint HHeaderSize = 16;        // u32 = HeaderSize
    public const uint HFlags = 20;             // u32, 0
    public const uint HBoardId = 24;           // 32 bytes ASCII, NUL padded
    public const uint HArch = 56;              // u8 PlanArch
    public const uint HCoreCount = 59;         // u8 physical cores described in the core table
    public const uint HHvReservedBase = 64;    // u64 RAM no domain may have (checked again by the reader)
    public const uint HHvReservedSize = 72;    // u64
    // Table directory: eight (offset u32, count u32) pairs in this order (the seventh since 2.2,
    // the eighth since 2.4; an older plan has zeros there, read as an empty table).
    public const uint HTables = 80;
    public const uint TableCores = 0;
    public const uint TableDomains = 1;
    public const uint TableRegions = 2;
    public const uint TableDevices = 3;
    public const uint TableInterrupts = 4;
    public const uint TableChannels = 5;
    public const uint TableLoads = 6;
    public const uint TableStreams = 7;
    public const uint TableCount = 8;
    // Bytes 57-58, 60-63 and 144-255 are reserved and written as zero. Board facts (interrupt
    // controller, timers, console) are not in the plan: the images are built for the board (one
    // generated BoardConfig); the board id above ties the plan to that build.

    // ---- Core record: one per physical core, index = core number ----
    public const uint CoreSize = 24;
    public const uint CMpidr = 0;              // u64 MPIDR (arm64) or local APIC id (x86-64)
    public const uint CReleaseAddress = 8;     // u64 spin-table release address, 0 with PSCI
    public const uint CDomain = 16;            // u32 owning domain or NoDomain
    public const uint CFlags = 20;             // u32 bit 0 = boot core

    // ---- Domain record ----
    public const uint DomainSize = 128;
    public const uint DName = 0;               // 16 bytes ASCII, NUL padded
    public const uint DCriticality = 16;       // u8 PlanCriticality
    public const uint DRestartPolicy = 17;     // u8 PlanRestartPolicy
    public const uint DConsolePolicy = 18;     // u8 PlanConsolePolicy
    public const uint DImageKind = 19;         // u8 PlanImageKind
    public const uint DRestartLimit = 20;      // u32
    public const uint DWatchdogMs = 24;        // u32, 0 = no watchdog
    public const uint DRestartWindowMs = 28;   // u32 at most restart_limit restarts within any such window, 0 = over the whole run of the system (2.3)
    public const uint DCoreMask = 32;          // u64 bit n = core n
    public const uint DEntryPoint = 40;        // u64
    public const uint DImageLoad = 48;         // u64
    public const uint DImageSize = 56;         // u64, 0 when the image is built in later
    public const uint DImageCrc = 64;          // u32 CRC-32 of the image file, 0 when unknown
    public const uint DFirstRegion = 72;       // u32 index into the region table
    public const uint DRegionCount = 76;       // u32
    public const uint DFirstDevice = 80;       // u32 index into the device table
    public const uint DDeviceCount = 84;       // u32
    public const uint DFirstInterrupt = 88;    // u32 index into the interrupt table
    public const uint DInterruptCount = 92;    // u32
    public const uint DImageName = 96;         // 16 bytes: builtin image name or file name stem
    public const uint DEntryArgument = 112;    // u64 x0 of vCPU 0 at entry (Linux: the DTB address), 2.2
    public const uint DManagesMask = 120;      // u32 bit n = this domain may manage domain n (docs/management.md), 2.5; never its own bit
    public const uint DColorMask = 124;        // u16 bit n = LLC page colour n (docs/cache-coloring.md, PlanColors), 0 = uncoloured, 2.7: its RAM regions are physical spans mapped by colour
    public const uint DFlags = 126;            // u8 PlanDomainFlags (2.6; 0 before)

    // ---- Memory region record ----
    public const uint RegionSize = 32;
    public const uint RBase = 0;               // u64
    public const uint RSize = 8;               // u64
    public const uint RFlags = 16;             // u32 PlanRegionFlags
    public const uint RKind = 20;              // u8 PlanRegionKind
    public const uint RObject = 24;            // u32 device or channel index for those kinds, else NoDomain

    // ---- Device record ----
    public const uint DeviceSize = 48;
    public const uint VName = 0;               // 24 bytes ASCII, NUL padded
    public const uint VOwner = 24;             // u32 owning domain
    public const uint VFirstRegion = 28;       // u32
    public const uint VRegionCount = 32;       // u32
    public const uint VFirstInterrupt = 36;    // u32
    public const uint VInterruptCount = 40;    // u32

    // ---- Interrupt record ----
    public const uint InterruptSize = 8;
    public const uint IIntId = 0;              // u32 GIC INTID (SPI, arm64) or IO APIC input (GSI, x86-64)
    public const uint IOwner = 4;              // u16 owning domain
    public const uint IKind = 6;               // u8 PlanInterruptKind

    // ---- Channel record ----
    public const uint ChannelSize = 56;
    public const uint NName = 0;               // 16 bytes ASCII, NUL padded
    public const uint NWriter = 16;            // u32 writer domain
    public const uint NReaderMask = 20;        // u32 bit n = domain n reads
    public const uint NBase = 24;              // u64
    public const uint NSize = 32;              // u64
    public const uint NDoorbell = 40;          // u32 doorbell INTID, 0 = none
    public const uint NKind = 44;              // u8 PlanChannelKind
    public const uint NDoorbellLimit = 48;     // u32 doorbell rings per second, 0 = no limit (2.1)

    // ---- Load record (2.2): a blob the boot loader or runner placed in RAM no domain has (its
    // pristine copy); copied to the domain's RAM at every (re)start of the domain ----
    public const uint LoadSize = 32;
    public const uint LSource = 0;             // u64 pristine copy, 8-byte aligned, outside every domain
    public const uint LTarget = 8;             // u64 load address in the domain's RAM, 8-byte aligned
    public const uint LSize = 16;              // u64 bytes, a multiple of 8
    public const uint LCrc = 24;               // u32 CRC-32 of the blob, checked once at boot
    public const uint LDomain = 28;            // u32 domain it belongs to

    // ---- Stream record (2.4): one DMA stream ID (PCI requester ID bus<<8|dev<<3|fn) of a
    // passthrough device behind the board's IOMMU, translated with its owner's address space.
    // Sorted by stream ID, each at most once; every stream ID not listed is aborted ----
    public const uint StreamSize = 16;
    public const uint SStreamId = 0;           // u32
    public const uint SDomain = 4;             // u32 owner of the device (the address space the DMA sees)
    public const uint SDevice = 8;             // u32 device index (the passthrough device it belongs to)
    public const uint SFlags = 12;             // u32, 0
}

public enum PlanArch : byte { Arm64 = 1, X86_64 = 2 }
public enum PlanCriticality : byte { QM = 0, AsilA = 1, AsilB = 2, AsilC = 3, AsilD = 4 }
public enum PlanRestartPolicy : byte { Stop = 0, Restart = 1 }
public enum PlanConsolePolicy : byte { None = 0, Shared = 1, Exclusive = 2 }
/// <summary>Linux (2.2): no embedded image; the domain's load records bring kernel, DTB and initramfs.</summary>
public enum PlanImageKind : byte { None = 0, File = 1, Builtin = 2, Linux = 3 }
public enum PlanRegionKind : byte { Ram = 1, Device = 2, ChannelWrite = 3, ChannelRead = 4 }
public enum PlanInterruptKind : byte { Device = 1, Explicit = 2, Doorbell = 3 }
public enum PlanChannelKind : byte { OneWay = 1, Shared = 2 }

/// <summary>Domain record flags (2.6).</summary>
public static class PlanDomainFlags
{
    /// <summary>The domain's cores take its interrupts at EL1 without the hypervisor (docs/direct-interrupts.md).</summary>
    public const byte DirectInterrupts = 1;
    public const byte Known = DirectInterrupts;
}

public static class PlanRegionFlags
{
    public const uint Read = 1;
    public const uint Write = 2;
    public const uint Execute = 4;
}
