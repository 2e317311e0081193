namespace Bulkhead.Core.Plan;

// Why a plan blob was rejected. The hypervisor prints Describe(error) and halts: a plan that
// fails any check is never trusted.
public enum PlanError : byte
{
    None = 0,
    NullOrTooShort,
    BadMagic,
    UnsupportedVersion,
    BadHeaderSize,
    BadTotalLength,
    BadChecksum,
    TableMisaligned,
    TableOutOfBounds,
    TooManyCores,
    TooManyDomains,
    TooManyRegions,
    TooManyDevices,
    TooManyInterrupts,
    TooManyChannels,
    BadCoreOwner,
    BadCoreMask,
    BadDomainSlice,
    BadRegion,
    BadDevice,
    BadInterrupt,
    BadChannel,
    IndexOutOfRange,
    BadDomain,
    RegionOverlap,
    TooManyLoads,
    BadLoad,
    BadRestartWindow,
    TooManyStreams,
    BadStream,
    BadManagesMask,
    BadDomainFlags,
}

public static class PlanErrors
{
    // Fixed string literals only: the bare-metal core library cannot build strings.
    public static string Describe(PlanError error)
    {
        switch (error)
        {
            case PlanError.None: return "plan ok";
            case PlanError.NullOrTooShort: return "plan missing or shorter than its header";
            case PlanError.BadMagic: return "plan magic is not BHPL";
            case PlanError.UnsupportedVersion: return "plan format major version not supported by this hypervisor";
            case PlanError.BadHeaderSize: return "plan header size field is wrong";
            case PlanError.BadTotalLength: return "plan total length disagrees with the blob size or limits";
            case PlanError.BadChecksum: return "plan checksum mismatch (corrupt plan)";
            case PlanError.TableMisaligned: return "plan table offset not 8-byte aligned";
            case PlanError.TableOutOfBounds: return "plan table lies outside the blob or overlaps the header";
            case PlanError.TooManyCores: return "plan core count exceeds the limit or disagrees with the header";
            case PlanError.TooManyDomains: return "plan has no domains or more than the limit";
            case PlanError.TooManyRegions: return "plan region count exceeds the limit";
            case PlanError.TooManyDevices: return "plan device count exceeds the limit";
            case PlanError.TooManyInterrupts: return "plan interrupt count exceeds the limit";
            case PlanError.TooManyChannels: return "plan channel count exceeds the limit";
            case PlanError.BadCoreOwner: return "plan core record names a domain that does not exist";
            case PlanError.BadCoreMask: return "plan domain core mask names a missing core or disagrees with the core table";
            case PlanError.BadDomainSlice: return "plan domain region/device/interrupt slice is out of range";
            case PlanError.BadRegion: return "plan memory region is empty, wraps around or has a bad kind";
            case PlanError.BadDevice: return "plan device record has a bad owner or slice";
            case PlanError.BadInterrupt: return "plan interrupt record has a bad INTID or owner";
            case PlanError.BadChannel: return "plan channel record has a bad writer, readers or range";
            case PlanError.IndexOutOfRange: return "plan record index out of range";
            case PlanError.BadDomain: return "plan domain record has an unknown criticality, policy or image kind";
            case PlanError.RegionOverlap: return "plan gives overlapping memory or MMIO to two domains, or RAM inside the hypervisor";
            case PlanError.TooManyLoads: return "plan load count exceeds the limit";
            case PlanError.BadLoad: return "plan load record: bad domain, misaligned, target outside the domain's RAM, or source inside a domain or the hypervisor";
            case PlanError.BadRestartWindow: return "plan domain restart window without the restart policy, with a limit outside 1..16, or shorter than 1000 ms";
            case PlanError.TooManyStreams: return "plan DMA stream count exceeds the limit";
            case PlanError.BadStream: return "plan DMA stream record: stream ID too large, twice or out of order, or a device/domain that does not own it";
            case PlanError.BadManagesMask: return "plan domain manages a domain that does not exist, or itself";
            case PlanError.BadDomainFlags: return "plan domain flags: an unknown bit set";
            default: return "plan error unknown";
        }
    }
}
