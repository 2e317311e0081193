using System.Text;
using Bulkhead.Config.Boards;
using Bulkhead.Config.Checking;
using Bulkhead.Core.Plan;
using SysRestart = Bulkhead.Config.Systems.RestartPolicy;
using SysConsole = Bulkhead.Config.Systems.ConsolePolicy;
using SysChannelKind = Bulkhead.Config.Systems.ChannelKind;

namespace Bulkhead.Config.Planning;

/// <summary>
/// Serializes a checked system into the binary partition plan (docs/plan-format.md), using the
/// layout constants in hv-core/Plan/PlanFormat.cs. Each domain's regions, devices and interrupts
/// are contiguous slices of the shared tables.
/// </summary>
public static class PlanWriter
{
    public static byte[] Write(ResolvedSystem sys)
    {
        var board = sys.Board;
        var cores = new List<byte[]>();
        var domains = new List<byte[]>();
        var regions = new List<byte[]>();
        var devices = new List<byte[]>();
        var interrupts = new List<byte[]>();
        var channels = new List<byte[]>();
        var loads = new List<byte[]>();
        var streams = new List<(uint Id, byte[] Record)>();

        foreach (var c in board.Cores)
        {
            var r = new byte[PlanFormat.CoreSize];
            Put64(r, PlanFormat.CMpidr, c.Mpidr);
            Put64(r, PlanFormat.CReleaseAddress, c.ReleaseAddress ?? 0);
            Put32(r, PlanFormat.CDomain, sys.OwnerOfCore(c.Index) is { } d ? (uint)d.Index : PlanFormat.NoDomain);
            Put32(r, PlanFormat.CFlags, c.Index == 0 ? 1u : 0u);
            cores.Add(r);
        }

        foreach (var d in sys.Domains)
        {
            uint firstRegion = (uint)regions.Count, firstDevice = (uint)devices.Count, firstIrq = (uint)interrupts.Count;
            foreach (var m in d.Memory)
                regions.Add(Region(m.Span, AccessFlags(m.Config.Access), PlanRegionKind.Ram, PlanFormat.NoDomain)); // coloured: the physical span (2.7)

            var emitted = new HashSet<uint>();
            foreach (var dev in d.Devices)
            {
                uint devIndex = (uint)devices.Count;
                uint devRegions = (uint)regions.Count, devIrqs = (uint)interrupts.Count;
                foreach (var mmio in dev.Mmio) regions.Add(Region(PageRound(mmio), PlanRegionFlags.Read | PlanRegionFlags.Write, PlanRegionKind.Device, devIndex));
                foreach (var irq in dev.Interrupts.Where(emitted.Add)) interrupts.Add(Interrupt(irq, d.Index, PlanInterruptKind.Device));
                var v = new byte[PlanFormat.DeviceSize];
                PutName(v, PlanFormat.VName, dev.Name, PlanFormat.DeviceNameLength);
                Put32(v, PlanFormat.VOwner, (uint)d.Index);
                Put32(v, PlanFormat.VFirstRegion, devRegions);
                Put32(v, PlanFormat.VRegionCount, (uint)regions.Count - devRegions);
                Put32(v, PlanFormat.VFirstInterrupt, devIrqs);
                Put32(v, PlanFormat.VInterruptCount, (uint)interrupts.Count - devIrqs);
                devices.Add(v);
                // 2.4: the device's DMA streams, translated with the owner's address space.
                if (dev.Dma is { BehindIommu: true } dma && board.Iommu is not null)
                    foreach (uint id in dma.StreamIds)
                    {
                        var st = new byte[PlanFormat.StreamSize];
                        Put32(st, PlanFormat.SStreamId, id);
                        Put32(st, PlanFormat.SDomain, (uint)d.Index);
                        Put32(st, PlanFormat.SDevice, devIndex);
                        streams.Add((id, st));
                    }
            }
            foreach (var irq in d.ExplicitInterrupts.Where(emitted.Add)) interrupts.Add(Interrupt(irq, d.Index, PlanInterruptKind.Explicit));

            foreach (var ch in sys.Channels)
            {
                if (ch.Writer == d) regions.Add(Region(ch.Range, PlanRegionFlags.Read | PlanRegionFlags.Write, PlanRegionKind.ChannelWrite, (uint)ch.Index));
                else if (ch.Readers.Contains(d))
                {
                    uint flags = ch.Kind == SysChannelKind.Shared ? PlanRegionFlags.Read | PlanRegionFlags.Write : PlanRegionFlags.Read;
                    regions.Add(Region(ch.Range, flags, PlanRegionKind.ChannelRead, (uint)ch.Index));
                    if (ch.Doorbell != 0 && emitted.Add(ch.Doorbell)) interrupts.Add(Interrupt(ch.Doorbell, d.Index, PlanInterruptKind.Doorbell));
                }
            }

            var r = new byte[PlanFormat.DomainSize];
            PutName(r, PlanFormat.DName, d.Name, PlanFormat.NameLength);
            r[PlanFormat.DCriticality] = (byte)d.Criticality;
            r[PlanFormat.DRestartPolicy] = (byte)(d.Restart == SysRestart.Restart ? PlanRestartPolicy.Restart : PlanRestartPolicy.Stop);
            r[PlanFormat.DConsolePolicy] = (byte)(d.Console switch { SysConsole.Exclusive or SysConsole.Driver => PlanConsolePolicy.Exclusive, SysConsole.None => PlanConsolePolicy.None, _ => PlanConsolePolicy.Shared });
            r[PlanFormat.DImageKind] = (byte)(d.ImageKind switch { ImageKind.File => PlanImageKind.File, ImageKind.Builtin => PlanImageKind.Builtin, ImageKind.Linux => PlanImageKind.Linux, _ => PlanImageKind.None });
            Put32(r, PlanFormat.DRestartLimit, d.RestartLimit);
            Put32(r, PlanFormat.DWatchdogMs, d.WatchdogMs);
            Put32(r, PlanFormat.DRestartWindowMs, d.RestartWindowMs);
            Put64(r, PlanFormat.DCoreMask, d.Cores.Aggregate(0UL, (m, c) => m | (1UL << c)));
            Put64(r, PlanFormat.DEntryPoint, d.EntryPoint);
            Put64(r, PlanFormat.DImageLoad, d.LoadAddress);
            Put64(r, PlanFormat.DImageSize, d.ImageSize);
            Put32(r, PlanFormat.DImageCrc, d.ImageCrc);
            Put32(r, PlanFormat.DFirstRegion, firstRegion);
            Put32(r, PlanFormat.DRegionCount, (uint)regions.Count - firstRegion);
            Put32(r, PlanFormat.DFirstDevice, firstDevice);
            Put32(r, PlanFormat.DDeviceCount, (uint)devices.Count - firstDevice);
            Put32(r, PlanFormat.DFirstInterrupt, firstIrq);
            Put32(r, PlanFormat.DInterruptCount, (uint)interrupts.Count - firstIrq);
            PutName(r, PlanFormat.DImageName, d.ImageName ?? "", PlanFormat.NameLength);
            Put32(r, PlanFormat.DManagesMask, d.Manages.Aggregate(0u, (m, x) => m | (1u << x.Index)));
            Put16(r, PlanFormat.DColorMask, d.ColorMask);
            r[PlanFormat.DFlags] = d.DirectInterrupts ? PlanDomainFlags.DirectInterrupts : (byte)0;
            if (d.Linux is { } linux)
            {
                Put64(r, PlanFormat.DEntryArgument, linux.DtbAddress);
                foreach (var blob in linux.Blobs)
                {
                    var l = new byte[PlanFormat.LoadSize];
                    Put64(l, PlanFormat.LSource, blob.Source);
                    Put64(l, PlanFormat.LTarget, blob.Target);
                    Put64(l, PlanFormat.LSize, blob.Size);
                    Put32(l, PlanFormat.LCrc, blob.Crc);
                    Put32(l, PlanFormat.LDomain, (uint)d.Index);
                    loads.Add(l);
                }
            }
            domains.Add(r);
        }

        foreach (var ch in sys.Channels)
        {
            var r = new byte[PlanFormat.ChannelSize];
            PutName(r, PlanFormat.NName, ch.Name, PlanFormat.NameLength);
            Put32(r, PlanFormat.NWriter, (uint)(ch.Writer?.Index ?? 0));
            Put32(r, PlanFormat.NReaderMask, ch.Readers.Aggregate(0u, (m, d) => m | (1u << d.Index)));
            Put64(r, PlanFormat.NBase, ch.Range.Base);
            Put64(r, PlanFormat.NSize, ch.Range.Size);
            Put32(r, PlanFormat.NDoorbell, ch.Doorbell);
            Put32(r, PlanFormat.NDoorbellLimit, ch.DoorbellLimit);
            r[PlanFormat.NKind] = (byte)(ch.Kind == SysChannelKind.Shared ? PlanChannelKind.Shared : PlanChannelKind.OneWay);
            channels.Add(r);
        }

        var streamTable = streams.OrderBy(x => x.Id).Select(x => x.Record).ToList();
        return Assemble(board, new[] { cores, domains, regions, devices, interrupts, channels, loads, streamTable });
    }

    static byte[] Assemble(Board board, List<byte[]>[] tables)
    {
        var offsets = new uint[tables.Length];
        uint pos = PlanFormat.HeaderSize;
        for (int t = 0; t < tables.Length; t++)
        {
            pos = (pos + PlanFormat.TableAlignment - 1) & ~(PlanFormat.TableAlignment - 1);
            offsets[t] = pos;
            pos += (uint)tables[t].Sum(r => r.Length);
        }
        var blob = new byte[pos];
        Put32(blob, PlanFormat.HMagic, PlanFormat.Magic);
        Put16(blob, PlanFormat.HVersionMajor, PlanFormat.VersionMajor);
        Put16(blob, PlanFormat.HVersionMinor, PlanFormat.VersionMinor);
        Put32(blob, PlanFormat.HTotalLength, pos);
        Put32(blob, PlanFormat.HHeaderSize, PlanFormat.HeaderSize);
        PutName(blob, PlanFormat.HBoardId, board.Id, PlanFormat.BoardIdLength);
        blob[PlanFormat.HArch] = (byte)(board.Arch == "x86_64" ? PlanArch.X86_64 : PlanArch.Arm64);
        blob[PlanFormat.HCoreCount] = (byte)board.Cores.Count;
        // Board facts the images need (GIC, timers, console) come from the generated BoardConfig,
        // not from here; the reserved range stays for the reader's own isolation check.
        Put64(blob, PlanFormat.HHvReservedBase, board.HypervisorReserved.Base);
        Put64(blob, PlanFormat.HHvReservedSize, board.HypervisorReserved.Size);
        for (int t = 0; t < tables.Length; t++)
        {
            Put32(blob, PlanFormat.HTables + (uint)t * 8, offsets[t]);
            Put32(blob, PlanFormat.HTables + (uint)t * 8 + 4, (uint)tables[t].Count);
            uint at = offsets[t];
            foreach (var rec in tables[t]) { rec.CopyTo(blob, at); at += (uint)rec.Length; }
        }
        Put32(blob, PlanFormat.HChecksum, Crc(blob, PlanFormat.ChecksumStart, pos - PlanFormat.ChecksumStart));
        return blob;
    }

    /// <summary>Recomputes the checksum after a blob was edited (tests use it to craft bad plans).</summary>
    public static void Reseal(byte[] blob)
    {
        if (blob.Length < PlanFormat.ChecksumStart) return;
        uint total = Math.Min((uint)blob.Length, BitConverter.ToUInt32(blob, (int)PlanFormat.HTotalLength));
        if (total < PlanFormat.ChecksumStart) return;
        Put32(blob, PlanFormat.HChecksum, Crc(blob, PlanFormat.ChecksumStart, total - PlanFormat.ChecksumStart));
    }

    public static unsafe uint Crc(byte[] blob, uint start, uint length)
    {
        fixed (byte* p = blob) return PlanCrc32.Compute(p + start, length);
    }

    static AddressRange PageRound(AddressRange r)
    {
        ulong b = r.Base & ~0xFFFUL, e = (r.End + 0xFFF) & ~0xFFFUL;
        return new AddressRange(b, e - b);
    }

    static uint AccessFlags(string access) =>
        (access.Contains('r') ? PlanRegionFlags.Read : 0) | (access.Contains('w') ? PlanRegionFlags.Write : 0) | (access.Contains('x') ? PlanRegionFlags.Execute : 0);

    static byte[] Region(AddressRange range, uint flags, PlanRegionKind kind, uint obj)
    {
        var r = new byte[PlanFormat.RegionSize];
        Put64(r, PlanFormat.RBase, range.Base);
        Put64(r, PlanFormat.RSize, range.Size);
        Put32(r, PlanFormat.RFlags, flags);
        r[PlanFormat.RKind] = (byte)kind;
        Put32(r, PlanFormat.RObject, obj);
        return r;
    }

    static byte[] Interrupt(uint intid, int owner, PlanInterruptKind kind)
    {
        var r = new byte[PlanFormat.InterruptSize];
        Put32(r, PlanFormat.IIntId, intid);
        Put16(r, PlanFormat.IOwner, (ushort)owner);
        r[PlanFormat.IKind] = (byte)kind;
        return r;
    }

    static void PutName(byte[] b, uint at, string name, uint length)
    {
        var bytes = Encoding.ASCII.GetBytes(name);
        Array.Copy(bytes, 0, b, at, Math.Min(bytes.Length, (int)length - 1));   // always NUL terminated
    }

    static void Put16(byte[] b, uint at, ushort v) { b[at] = (byte)v; b[at + 1] = (byte)(v >> 8); }
    static void Put32(byte[] b, uint at, uint v) { for (int i = 0; i < 4; i++) b[at + i] = (byte)(v >> (8 * i)); }
    static void Put64(byte[] b, uint at, ulong v) { for (int i = 0; i < 8; i++) b[at + i] = (byte)(v >> (8 * i)); }
}
