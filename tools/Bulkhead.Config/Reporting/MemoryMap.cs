using Bulkhead.Config.Yaml;
using Bulkhead.Config.Boards;
using Bulkhead.Config.Checking;

namespace Bulkhead.Config.Reporting;

public enum MapEntryKind { Hypervisor, Firmware, Domain, Channel, Free }

/// <summary>One row of the memory map: a RAM range and who owns it.</summary>
public sealed record MapEntry(AddressRange Range, MapEntryKind Kind, string Owner, string Detail, int DomainIndex = -1);

/// <summary>Builds the address-sorted memory map of RAM (used by the text, JSON and HTML reports).</summary>
public static class MemoryMap
{
    public static List<MapEntry> Build(ResolvedSystem sys)
    {
        var entries = new List<MapEntry>();
        var b = sys.Board;
        entries.Add(new MapEntry(b.HypervisorReserved, MapEntryKind.Hypervisor, "hypervisor", $"load 0x{b.HypervisorLoadAddress:X}"));
        foreach (var r in b.ReservedMemory) entries.Add(new MapEntry(r.Range, MapEntryKind.Firmware, "firmware", r.Name));
        foreach (var d in sys.Domains)
            foreach (var m in d.Memory.Where(m => m.Placed))
                entries.Add(new MapEntry(m.Span, MapEntryKind.Domain, d.Name, m.Config.Access + (m.Explicit ? "" : ", placed")
                    + (d.ColorMask != 0 ? $", colours {ColorRules.List(d.ColorMask)}: {Numbers.Size(m.Range.Size)} for the guest" : ""), d.Index));
        foreach (var d in sys.Domains.Where(d => d.Linux is { Staging.Size: > 0 }))
            entries.Add(new MapEntry(d.Linux!.Staging, MapEntryKind.Hypervisor, "hypervisor", $"staging: {d.Name}'s kernel, DTB, initramfs"));
        foreach (var c in sys.Channels.Where(c => c.Placed))
            entries.Add(new MapEntry(c.Range, MapEntryKind.Channel, $"channel {c.Name}",
                $"{c.Writer?.Name} -> {string.Join(", ", c.Readers.Select(r => r.Name))}"));

        // Free gaps inside RAM so the map shows what is left.
        foreach (var bank in b.Ram)
        {
            ulong cursor = bank.Base;
            foreach (var e in entries.Where(e => e.Range.Overlaps(bank)).OrderBy(e => e.Range.Base).ToList())
            {
                if (e.Range.Base > cursor) entries.Add(new MapEntry(new AddressRange(cursor, e.Range.Base - cursor), MapEntryKind.Free, "(free)", ""));
                cursor = Math.Max(cursor, e.Range.End);
            }
            if (bank.End > cursor) entries.Add(new MapEntry(new AddressRange(cursor, bank.End - cursor), MapEntryKind.Free, "(free)", ""));
        }
        return entries.Where(e => e.Range.Size > 0 && b.Ram.Any(r => r.Overlaps(e.Range)))
            .OrderBy(e => e.Range.Base).ThenBy(e => e.Kind).ToList();
    }
}
