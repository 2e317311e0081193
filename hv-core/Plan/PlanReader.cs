namespace Bulkhead.Core.Plan;

// Validates a plan blob completely in Open, then hands out record views. After Open returned
// PlanError.None every index stored in the plan is known to be in range, so the hypervisor can
// follow them without further checks. Accessors given an out-of-range index return an all-zero
// record instead of reading outside the blob.
public unsafe struct PlanReader
{
    byte* _base;
    uint _length;
    uint _coreOffset, _coreCount;
    uint _domainOffset, _domainCount;
    uint _regionOffset, _regionCount;
    uint _deviceOffset, _deviceCount;
    uint _interruptOffset, _interruptCount;
    uint _channelOffset, _channelCount;
    uint _loadOffset, _loadCount;
    uint _streamOffset, _streamCount;

    public uint Length => _length;
    public uint CoreCount => _coreCount;
    public uint DomainCount => _domainCount;
    public uint RegionCount => _regionCount;
    public uint DeviceCount => _deviceCount;
    public uint InterruptCount => _interruptCount;
    public uint ChannelCount => _channelCount;
    public uint LoadCount => _loadCount;
    public uint StreamCount => _streamCount;

    public ushort VersionMajor => PlanBytes.U16(_base + PlanFormat.HVersionMajor);
    public ushort VersionMinor => PlanBytes.U16(_base + PlanFormat.HVersionMinor);
    public uint Checksum => PlanBytes.U32(_base + PlanFormat.HChecksum);
    public PlanArch Arch => (PlanArch)_base[PlanFormat.HArch];
    public ulong HypervisorReservedBase => PlanBytes.U64(_base + PlanFormat.HHvReservedBase);
    public ulong HypervisorReservedSize => PlanBytes.U64(_base + PlanFormat.HHvReservedSize);

    // Board id: BoardIdLength bytes of ASCII, NUL padded.
    public byte* BoardId => _base + PlanFormat.HBoardId;

    public static PlanError Open(byte* data, uint length, out PlanReader reader)
    {
        reader = default;
        if (data == null || length < PlanFormat.HeaderSize) return PlanError.NullOrTooShort;
        if (PlanBytes.U32(data + PlanFormat.HMagic) != PlanFormat.Magic) return PlanError.BadMagic;
        if (PlanBytes.U16(data + PlanFormat.HVersionMajor) != PlanFormat.VersionMajor) return PlanError.UnsupportedVersion;
        if (PlanBytes.U32(data + PlanFormat.HHeaderSize) != PlanFormat.HeaderSize) return PlanError.BadHeaderSize;

        uint total = PlanBytes.U32(data + PlanFormat.HTotalLength);
        if (total < PlanFormat.HeaderSize || total > length || total > PlanFormat.MaxLength) return PlanError.BadTotalLength;
        uint crc = PlanCrc32.Compute(data + PlanFormat.ChecksumStart, total - PlanFormat.ChecksumStart);
        if (crc != PlanBytes.U32(data + PlanFormat.HChecksum)) return PlanError.BadChecksum;

        PlanReader r = default;
        r._base = data;
        r._length = total;
        PlanError e;
        e = r.Table(PlanFormat.TableCores, PlanFormat.CoreSize, PlanFormat.MaxCores, PlanError.TooManyCores, out r._coreOffset, out r._coreCount);
        if (e != PlanError.None) return e;
        e = r.Table(PlanFormat.TableDomains, PlanFormat.DomainSize, PlanFormat.MaxDomains, PlanError.TooManyDomains, out r._domainOffset, out r._domainCount);
        if (e != PlanError.None) return e;
        e = r.Table(PlanFormat.TableRegions, PlanFormat.RegionSize, PlanFormat.MaxRegions, PlanError.TooManyRegions, out r._regionOffset, out r._regionCount);
        if (e != PlanError.None) return e;
        e = r.Table(PlanFormat.TableDevices, PlanFormat.DeviceSize, PlanFormat.MaxDevices, PlanError.TooManyDevices, out r._deviceOffset, out r._deviceCount);
        if (e != PlanError.None) return e;
        e = r.Table(PlanFormat.TableInterrupts, PlanFormat.InterruptSize, PlanFormat.MaxInterrupts, PlanError.TooManyInterrupts, out r._interruptOffset, out r._interruptCount);
        if (e != PlanError.None) return e;
        e = r.Table(PlanFormat.TableChannels, PlanFormat.ChannelSize, PlanFormat.MaxChannels, PlanError.TooManyChannels, out r._channelOffset, out r._channelCount);
        if (e != PlanError.None) return e;
        // Plans before 2.2 have zeros in the load table's directory entry: no loads.
        if (PlanBytes.U32(data + PlanFormat.HTables + PlanFormat.TableLoads * 8 + 4) != 0)
        {
            e = r.Table(PlanFormat.TableLoads, PlanFormat.LoadSize, PlanFormat.MaxLoads, PlanError.TooManyLoads, out r._loadOffset, out r._loadCount);
            if (e != PlanError.None) return e;
        }
        // Plans before 2.4: no stream table (no DMA streams; the SMMU, if any, aborts everything).
        if (PlanBytes.U32(data + PlanFormat.HTables + PlanFormat.TableStreams * 8 + 4) != 0)
        {
            e = r.Table(PlanFormat.TableStreams, PlanFormat.StreamSize, PlanFormat.MaxStreams, PlanError.TooManyStreams, out r._streamOffset, out r._streamCount);
            if (e != PlanError.None) return e;
        }

        if (r._coreCount == 0 || r._coreCount != data[PlanFormat.HCoreCount]) return PlanError.TooManyCores;
        if (r._domainCount == 0) return PlanError.TooManyDomains;

        e = r.ValidateRecords();
        if (e != PlanError.None) return e;
        reader = r;
        return PlanError.None;
    }

    // Reads one (offset, count) pair of the table directory and checks it against the blob.
    PlanError Table(uint table, uint recordSize, uint limit, PlanError tooMany, out uint offset, out uint count)
    {
        byte* entry = _base + PlanFormat.HTables + table * 8;
        offset = PlanBytes.U32(entry);
        count = PlanBytes.U32(entry + 4);
        if (count > limit) return tooMany;
        if ((offset & (PlanFormat.TableAlignment - 1)) != 0) return PlanError.TableMisaligned;
        ulong end = (ulong)offset + (ulong)count * recordSize;
        if (offset < PlanFormat.HeaderSize || end > _length) return PlanError.TableOutOfBounds;
        return PlanError.None;
    }

    static bool SliceOk(uint first, uint count, uint tableCount) => (ulong)first + count <= tableCount;

    PlanError ValidateRecords()
    {
        for (uint i = 0; i < _coreCount; i++)
        {
            PlanCore core = GetCore(i);
            if (core.Domain != PlanFormat.NoDomain && core.Domain >= _domainCount) return PlanError.BadCoreOwner;
        }

        ulong allCores = _coreCount >= 64 ? ulong.MaxValue : ((1UL << (int)_coreCount) - 1);
        for (uint d = 0; d < _domainCount; d++)
        {
            PlanDomain dom = GetDomain(d);
            if ((dom.CoreMask & ~allCores) != 0 || dom.CoreMask == 0) return PlanError.BadCoreMask;
            for (uint c = 0; c < _coreCount; c++)
            {
                bool inMask = (dom.CoreMask & (1UL << (int)c)) != 0;
                bool owned = GetCore(c).Domain == d;
                if (inMask != owned) return PlanError.BadCoreMask;
            }
            if ((byte)dom.Criticality > (byte)PlanCriticality.AsilD || (byte)dom.RestartPolicy > (byte)PlanRestartPolicy.Restart
                || (byte)dom.ConsolePolicy > (byte)PlanConsolePolicy.Exclusive || (byte)dom.ImageKind > (byte)PlanImageKind.Linux)
                return PlanError.BadDomain;
            // A restart window needs a policy that restarts, a limit that fits the per-domain ring
            // of restart times, and a window long enough to bound the restart rate (2.3).
            if (dom.RestartWindowMs != 0 && (dom.RestartPolicy != PlanRestartPolicy.Restart || dom.RestartLimit == 0
                || dom.RestartLimit > PlanFormat.MaxWindowedRestarts || dom.RestartWindowMs < PlanFormat.MinRestartWindowMs))
                return PlanError.BadRestartWindow;
            // A manager manages existing domains other than itself.
            uint domainBits = _domainCount >= 32 ? 0xFFFFFFFFu : ((1u << (int)_domainCount) - 1);
            if ((dom.ManagesMask & ~domainBits) != 0 || (dom.ManagesMask & (1u << (int)d)) != 0) return PlanError.BadManagesMask;
            if ((dom.Flags & ~PlanDomainFlags.Known) != 0) return PlanError.BadDomainFlags;
            if (!SliceOk(dom.FirstRegion, dom.RegionCount, _regionCount)) return PlanError.BadDomainSlice;
            if (!SliceOk(dom.FirstDevice, dom.DeviceCount, _deviceCount)) return PlanError.BadDomainSlice;
            if (!SliceOk(dom.FirstInterrupt, dom.InterruptCount, _interruptCount)) return PlanError.BadDomainSlice;
        }

        for (uint i = 0; i < _regionCount; i++)
        {
            PlanRegion reg = GetRegion(i);
            if (reg.Size == 0 || reg.Base + reg.Size < reg.Base) return PlanError.BadRegion;
            if (reg.Kind == PlanRegionKind.Device) { if (reg.Object >= _deviceCount) return PlanError.BadRegion; }
            else if (reg.Kind == PlanRegionKind.ChannelRead || reg.Kind == PlanRegionKind.ChannelWrite) { if (reg.Object >= _channelCount) return PlanError.BadRegion; }
            else if (reg.Kind != PlanRegionKind.Ram) return PlanError.BadRegion;
        }

        PlanError overlap = ValidateIsolation();
        if (overlap != PlanError.None) return overlap;
        PlanError loads = ValidateLoads();
        if (loads != PlanError.None) return loads;

        for (uint i = 0; i < _deviceCount; i++)
        {
            PlanDevice dev = GetDevice(i);
            if (dev.Owner != PlanFormat.NoDomain && dev.Owner >= _domainCount) return PlanError.BadDevice;
            if (!SliceOk(dev.FirstRegion, dev.RegionCount, _regionCount)) return PlanError.BadDevice;
            if (!SliceOk(dev.FirstInterrupt, dev.InterruptCount, _interruptCount)) return PlanError.BadDevice;
        }

        // arm64: GIC SPIs 32..1019; x86-64: IO APIC inputs 0..255.
        bool x86 = _base[PlanFormat.HArch] == (byte)PlanArch.X86_64;
        uint minId = x86 ? 0u : 32u;
        uint maxId = x86 ? PlanFormat.MaxGsi : PlanFormat.MaxIntId;
        for (uint i = 0; i < _interruptCount; i++)
        {
            PlanInterrupt irq = GetInterrupt(i);
            if (irq.IntId < minId || irq.IntId > maxId) return PlanError.BadInterrupt;
            if (irq.Owner >= _domainCount) return PlanError.BadInterrupt;
            if (irq.Kind < PlanInterruptKind.Device || irq.Kind > PlanInterruptKind.Doorbell) return PlanError.BadInterrupt;
        }

        uint allDomains = _domainCount >= 32 ? 0xFFFFFFFFu : ((1u << (int)_domainCount) - 1);
        for (uint i = 0; i < _channelCount; i++)
        {
            PlanChannel ch = GetChannel(i);
            if (ch.Writer >= _domainCount) return PlanError.BadChannel;
            if (ch.ReaderMask == 0 || (ch.ReaderMask & ~allDomains) != 0) return PlanError.BadChannel;
            if (ch.Size == 0 || ch.Base + ch.Size < ch.Base) return PlanError.BadChannel;
            if (ch.DoorbellIntId != 0 && (ch.DoorbellIntId < minId || ch.DoorbellIntId > maxId)) return PlanError.BadChannel;
            if (ch.Kind != PlanChannelKind.OneWay && ch.Kind != PlanChannelKind.Shared) return PlanError.BadChannel;
        }
        return ValidateStreams();
    }

    // A stream belongs to a device its domain owns; stream IDs ascend strictly (each at most once,
    // so the SMMU's stream table entry of each has exactly one owner).
    PlanError ValidateStreams()
    {
        for (uint i = 0; i < _streamCount; i++)
        {
            PlanStream s = GetStream(i);
            if (s.StreamId > PlanFormat.MaxStreamId || s.Domain >= _domainCount || s.Device >= _deviceCount) return PlanError.BadStream;
            if (GetDevice(s.Device).Owner != s.Domain) return PlanError.BadStream;
            if (i > 0 && GetStream(i - 1).StreamId >= s.StreamId) return PlanError.BadStream;
        }
        return PlanError.None;
    }

    // Defense in depth: even a plan with a valid checksum must not give one domain's RAM or MMIO
    // to another, nor RAM inside the hypervisor. Channels are shared by design and skipped.
    PlanError ValidateIsolation()
    {
        ulong hvBase = HypervisorReservedBase, hvEnd = hvBase + HypervisorReservedSize;
        for (uint d = 0; d < _domainCount; d++)
        {
            PlanDomain dom = GetDomain(d);
            for (uint i = 0; i < dom.RegionCount; i++)
            {
                PlanRegion a = GetRegion(dom.FirstRegion + i);
                if (a.Kind != PlanRegionKind.Ram && a.Kind != PlanRegionKind.Device) continue;
                if (a.Kind == PlanRegionKind.Ram && a.Base < hvEnd && hvBase < a.Base + a.Size) return PlanError.RegionOverlap;
                for (uint e = d + 1; e < _domainCount; e++)
                {
                    PlanDomain other = GetDomain(e);
                    for (uint j = 0; j < other.RegionCount; j++)
                    {
                        PlanRegion b = GetRegion(other.FirstRegion + j);
                        if (b.Kind != PlanRegionKind.Ram && b.Kind != PlanRegionKind.Device) continue;
                        if (a.Base < b.Base + b.Size && b.Base < a.Base + a.Size) return PlanError.RegionOverlap;
                    }
                }
            }
        }
        return PlanError.None;
    }

    // A load writes into its domain's own writable RAM only, and reads a pristine copy no domain
    // can reach (so a restart never copies what a guest scribbled) and the hypervisor does not use.
    PlanError ValidateLoads()
    {
        ulong hvBase = HypervisorReservedBase, hvEnd = hvBase + HypervisorReservedSize;
        for (uint i = 0; i < _loadCount; i++)
        {
            PlanLoad load = GetLoad(i);
            if (load.Domain >= _domainCount || load.Size == 0 || ((load.Source | load.Target | load.Size) & 7) != 0) return PlanError.BadLoad;
            if (load.Source + load.Size < load.Source || load.Target + load.Size < load.Target) return PlanError.BadLoad;
            if (load.Source < hvEnd && hvBase < load.Source + load.Size) return PlanError.BadLoad;
            PlanDomain dom = GetDomain(load.Domain);
            bool inside = false;
            for (uint j = 0; j < dom.RegionCount; j++)
            {
                PlanRegion reg = GetRegion(dom.FirstRegion + j);
                if (reg.Kind == PlanRegionKind.Ram && (reg.Flags & PlanRegionFlags.Write) != 0
                    && load.Target >= reg.Base && load.Target + load.Size <= reg.Base + reg.Size) inside = true;
            }
            if (!inside) return PlanError.BadLoad;
            for (uint j = 0; j < _regionCount; j++)
            {
                PlanRegion reg = GetRegion(j);
                if (load.Source < reg.Base + reg.Size && reg.Base < load.Source + load.Size) return PlanError.BadLoad;
            }
        }
        return PlanError.None;
    }

    public PlanLoad GetLoad(uint index) =>
        index < _loadCount ? new PlanLoad(_base + _loadOffset + index * PlanFormat.LoadSize) : default;

    public PlanStream GetStream(uint index) =>
        index < _streamCount ? new PlanStream(_base + _streamOffset + index * PlanFormat.StreamSize) : default;

    public PlanCore GetCore(uint index) =>
        index < _coreCount ? new PlanCore(_base + _coreOffset + index * PlanFormat.CoreSize) : default;

    public PlanDomain GetDomain(uint index) =>
        index < _domainCount ? new PlanDomain(_base + _domainOffset + index * PlanFormat.DomainSize) : default;

    public PlanRegion GetRegion(uint index) =>
        index < _regionCount ? new PlanRegion(_base + _regionOffset + index * PlanFormat.RegionSize) : default;

    public PlanDevice GetDevice(uint index) =>
        index < _deviceCount ? new PlanDevice(_base + _deviceOffset + index * PlanFormat.DeviceSize) : default;

    public PlanInterrupt GetInterrupt(uint index) =>
        index < _interruptCount ? new PlanInterrupt(_base + _interruptOffset + index * PlanFormat.InterruptSize) : default;

    public PlanChannel GetChannel(uint index) =>
        index < _channelCount ? new PlanChannel(_base + _channelOffset + index * PlanFormat.ChannelSize) : default;
}
