namespace Bulkhead.Core.Plan;

// Plain value views of the plan's records. They are filled by PlanReader after the whole blob
// was validated; name pointers point into the blob and stay valid as long as the blob does.

public unsafe readonly struct PlanCore
{
    public readonly ulong Mpidr;
    public readonly ulong ReleaseAddress;
    public readonly uint Domain;
    public readonly uint Flags;

    public PlanCore(byte* p)
    {
        Mpidr = PlanBytes.U64(p + PlanFormat.CMpidr);
        ReleaseAddress = PlanBytes.U64(p + PlanFormat.CReleaseAddress);
        Domain = PlanBytes.U32(p + PlanFormat.CDomain);
        Flags = PlanBytes.U32(p + PlanFormat.CFlags);
    }

    public bool IsBootCore => (Flags & 1) != 0;
}

public unsafe readonly struct PlanDomain
{
    public readonly byte* Name;                // NameLength bytes, NUL padded
    public readonly PlanCriticality Criticality;
    public readonly PlanRestartPolicy RestartPolicy;
    public readonly PlanConsolePolicy ConsolePolicy;
    public readonly PlanImageKind ImageKind;
    public readonly uint RestartLimit;
    public readonly uint WatchdogMs;
    /// <summary>RestartLimit counts restarts within any window this long; 0 (and before plan 2.3): over the system's whole run.</summary>
    public readonly uint RestartWindowMs;
    public readonly ulong CoreMask;
    public readonly ulong EntryPoint;
    public readonly ulong ImageLoadAddress;
    public readonly ulong ImageSize;
    public readonly uint ImageCrc;
    public readonly uint FirstRegion;
    public readonly uint RegionCount;
    public readonly uint FirstDevice;
    public readonly uint DeviceCount;
    public readonly uint FirstInterrupt;
    public readonly uint InterruptCount;
    public readonly byte* ImageName;           // NameLength bytes, NUL padded
    /// <summary>x0 of vCPU 0 when the domain is entered (Linux: the DTB); 0 before plan 2.2.</summary>
    public readonly ulong EntryArgument;
    /// <summary>Bit n: this domain may list, inspect, stop, start and restart domain n (plan 2.5; 0 before).</summary>
    public readonly uint ManagesMask;
    /// <summary>Bit n: the domain's RAM is on pages of LLC colour n (plan 2.7; 0 = uncoloured, and before).</summary>
    public readonly uint ColorMask;
    /// <summary>PlanDomainFlags bits (plan 2.6; 0 before).</summary>
    public readonly byte Flags;

    public bool DirectInterrupts => (Flags & PlanDomainFlags.DirectInterrupts) != 0;

    public PlanDomain(byte* p)
    {
        Name = p + PlanFormat.DName;
        Criticality = (PlanCriticality)p[PlanFormat.DCriticality];
        RestartPolicy = (PlanRestartPolicy)p[PlanFormat.DRestartPolicy];
        ConsolePolicy = (PlanConsolePolicy)p[PlanFormat.DConsolePolicy];
        ImageKind = (PlanImageKind)p[PlanFormat.DImageKind];
        RestartLimit = PlanBytes.U32(p + PlanFormat.DRestartLimit);
        WatchdogMs = PlanBytes.U32(p + PlanFormat.DWatchdogMs);
        RestartWindowMs = PlanBytes.U32(p + PlanFormat.DRestartWindowMs);
        CoreMask = PlanBytes.U64(p + PlanFormat.DCoreMask);
        EntryPoint = PlanBytes.U64(p + PlanFormat.DEntryPoint);
        ImageLoadAddress = PlanBytes.U64(p + PlanFormat.DImageLoad);
        ImageSize = PlanBytes.U64(p + PlanFormat.DImageSize);
        ImageCrc = PlanBytes.U32(p + PlanFormat.DImageCrc);
        FirstRegion = PlanBytes.U32(p + PlanFormat.DFirstRegion);
        RegionCount = PlanBytes.U32(p + PlanFormat.DRegionCount);
        FirstDevice = PlanBytes.U32(p + PlanFormat.DFirstDevice);
        DeviceCount = PlanBytes.U32(p + PlanFormat.DDeviceCount);
        FirstInterrupt = PlanBytes.U32(p + PlanFormat.DFirstInterrupt);
        InterruptCount = PlanBytes.U32(p + PlanFormat.DInterruptCount);
        ImageName = p + PlanFormat.DImageName;
        EntryArgument = PlanBytes.U64(p + PlanFormat.DEntryArgument);
        ManagesMask = PlanBytes.U32(p + PlanFormat.DManagesMask);
        ColorMask = PlanBytes.U16(p + PlanFormat.DColorMask);
        Flags = p[PlanFormat.DFlags];
    }
}

public unsafe readonly struct PlanRegion
{
    public readonly ulong Base;
    public readonly ulong Size;
    public readonly uint Flags;                // PlanRegionFlags bits
    public readonly PlanRegionKind Kind;
    public readonly uint Object;               // device or channel index, else NoDomain

    public PlanRegion(byte* p)
    {
        Base = PlanBytes.U64(p + PlanFormat.RBase);
        Size = PlanBytes.U64(p + PlanFormat.RSize);
        Flags = PlanBytes.U32(p + PlanFormat.RFlags);
        Kind = (PlanRegionKind)p[PlanFormat.RKind];
        Object = PlanBytes.U32(p + PlanFormat.RObject);
    }
}

public unsafe readonly struct PlanDevice
{
    public readonly byte* Name;                // DeviceNameLength bytes, NUL padded
    public readonly uint Owner;
    public readonly uint FirstRegion;
    public readonly uint RegionCount;
    public readonly uint FirstInterrupt;
    public readonly uint InterruptCount;

    public PlanDevice(byte* p)
    {
        Name = p + PlanFormat.VName;
        Owner = PlanBytes.U32(p + PlanFormat.VOwner);
        FirstRegion = PlanBytes.U32(p + PlanFormat.VFirstRegion);
        RegionCount = PlanBytes.U32(p + PlanFormat.VRegionCount);
        FirstInterrupt = PlanBytes.U32(p + PlanFormat.VFirstInterrupt);
        InterruptCount = PlanBytes.U32(p + PlanFormat.VInterruptCount);
    }
}

public unsafe readonly struct PlanInterrupt
{
    public readonly uint IntId;
    public readonly uint Owner;
    public readonly PlanInterruptKind Kind;

    public PlanInterrupt(byte* p)
    {
        IntId = PlanBytes.U32(p + PlanFormat.IIntId);
        Owner = PlanBytes.U16(p + PlanFormat.IOwner);
        Kind = (PlanInterruptKind)p[PlanFormat.IKind];
    }
}

public unsafe readonly struct PlanChannel
{
    public readonly byte* Name;                // NameLength bytes, NUL padded
    public readonly uint Writer;
    public readonly uint ReaderMask;
    public readonly ulong Base;
    public readonly ulong Size;
    public readonly uint DoorbellIntId;
    public readonly PlanChannelKind Kind;
    /// <summary>Doorbell rings per second the writer may make; 0 = no limit.</summary>
    public readonly uint DoorbellLimit;

    public PlanChannel(byte* p)
    {
        Name = p + PlanFormat.NName;
        Writer = PlanBytes.U32(p + PlanFormat.NWriter);
        ReaderMask = PlanBytes.U32(p + PlanFormat.NReaderMask);
        Base = PlanBytes.U64(p + PlanFormat.NBase);
        Size = PlanBytes.U64(p + PlanFormat.NSize);
        DoorbellIntId = PlanBytes.U32(p + PlanFormat.NDoorbell);
        Kind = (PlanChannelKind)p[PlanFormat.NKind];
        DoorbellLimit = PlanBytes.U32(p + PlanFormat.NDoorbellLimit);
    }
}

/// <summary>A blob copied from its pristine copy into a domain's RAM at every (re)start (plan 2.2).</summary>
public unsafe readonly struct PlanLoad
{
    public readonly ulong Source;
    public readonly ulong Target;
    public readonly ulong Size;
    public readonly uint Crc;
    public readonly uint Domain;

    public PlanLoad(byte* p)
    {
        Source = PlanBytes.U64(p + PlanFormat.LSource);
        Target = PlanBytes.U64(p + PlanFormat.LTarget);
        Size = PlanBytes.U64(p + PlanFormat.LSize);
        Crc = PlanBytes.U32(p + PlanFormat.LCrc);
        Domain = PlanBytes.U32(p + PlanFormat.LDomain);
    }
}

/// <summary>A DMA stream of a passthrough device and the domain whose address space it sees (plan 2.4).</summary>
public unsafe readonly struct PlanStream
{
    public readonly uint StreamId;
    public readonly uint Domain;
    public readonly uint Device;

    public PlanStream(byte* p)
    {
        StreamId = PlanBytes.U32(p + PlanFormat.SStreamId);
        Domain = PlanBytes.U32(p + PlanFormat.SDomain);
        Device = PlanBytes.U32(p + PlanFormat.SDevice);
    }
}
