using System.Text;

namespace Bulkhead.Config.Dtb;

/// <summary>The blob is not a usable flattened device tree; Offset says where it went wrong.</summary>
public sealed class FdtFormatException(string message, long offset) : Exception(message)
{
    public long Offset { get; } = offset;
}

/// <summary>
/// Parses a flattened device tree (DTB, devicetree specification v0.4 section 5). Every offset
/// and length is checked against the blob, so truncated or corrupt input gives an
/// FdtFormatException, never an out-of-range read.
/// </summary>
public static class FdtReader
{
    const uint Magic = 0xD00DFEED;
    const uint BeginNode = 1, EndNode = 2, Prop = 3, Nop = 4, End = 9;
    const int MaxDepth = 64;
    const int MaxNodes = 200_000;

    public sealed record Tree(FdtNode Root, IReadOnlyList<(ulong Address, ulong Size)> MemoryReservations, uint Version);

    public static Tree Parse(byte[] blob)
    {
        if (blob.Length < 40) throw new FdtFormatException("file is shorter than a DTB header (40 bytes)", 0);
        if (Be32(blob, 0) != Magic) throw new FdtFormatException("not a device tree blob (magic 0xd00dfeed missing)", 0);
        uint total = Be32(blob, 4), offStruct = Be32(blob, 8), offStrings = Be32(blob, 12), offRsv = Be32(blob, 16);
        uint version = Be32(blob, 20), lastCompatible = Be32(blob, 24);
        if (total > blob.Length || total < 40) throw new FdtFormatException($"header totalsize {total} does not match the file size {blob.Length}", 4);
        if (lastCompatible > 17) throw new FdtFormatException($"DTB format version {version} (last compatible {lastCompatible}) is not supported", 24);
        uint sizeStrings = version >= 3 ? Be32(blob, 32) : total - offStrings;
        uint sizeStruct = version >= 17 ? Be32(blob, 36) : total - offStruct;
        CheckBlock(offStruct, sizeStruct, total, "structure block", 8);
        CheckBlock(offStrings, sizeStrings, total, "strings block", 12);
        if (offRsv >= total) throw new FdtFormatException("memory reservation block lies outside the blob", 16);

        var reservations = new List<(ulong, ulong)>();
        for (long p = offRsv; ; p += 16)
        {
            if (p + 16 > total) throw new FdtFormatException("memory reservation block is not terminated", p);
            ulong a = Be64(blob, p), s = Be64(blob, p + 8);
            if (a == 0 && s == 0) break;
            if (reservations.Count > 1024) throw new FdtFormatException("too many memory reservations", p);
            reservations.Add((a, s));
        }

        long pos = offStruct, end = (long)offStruct + sizeStruct;
        FdtNode? root = null, current = null;
        int depth = 0, nodes = 0;
        while (true)
        {
            if (pos + 4 > end) throw new FdtFormatException("structure block ends without FDT_END", pos);
            uint token = Be32(blob, pos);
            long tokenAt = pos;
            pos += 4;
            switch (token)
            {
                case BeginNode:
                {
                    string name = ReadCString(blob, pos, end, out long next);
                    pos = Align4(next);
                    if (++nodes > MaxNodes) throw new FdtFormatException("too many nodes", tokenAt);
                    if (current is null)
                    {
                        if (root is not null) throw new FdtFormatException("second root node", tokenAt);
                        root = current = new FdtNode("", null);
                    }
                    else
                    {
                        if (++depth > MaxDepth) throw new FdtFormatException("nodes nested too deeply", tokenAt);
                        var child = new FdtNode(name, current);
                        current.Children.Add(child);
                        current = child;
                    }
                    break;
                }
                case EndNode:
                    if (current is null) throw new FdtFormatException("FDT_END_NODE without a node", tokenAt);
                    current = current.Parent;
                    if (current is not null) depth--;
                    break;
                case Prop:
                {
                    if (current is null) throw new FdtFormatException("property outside any node", tokenAt);
                    if (pos + 8 > end) throw new FdtFormatException("truncated property header", pos);
                    uint len = Be32(blob, pos), nameOff = Be32(blob, pos + 4);
                    pos += 8;
                    if (len > end - pos) throw new FdtFormatException($"property length {len} runs past the structure block", pos - 8);
                    if (nameOff >= sizeStrings) throw new FdtFormatException("property name offset outside the strings block", pos - 4);
                    string name = ReadCString(blob, offStrings + nameOff, (long)offStrings + sizeStrings, out _);
                    var value = new byte[len];
                    Array.Copy(blob, pos, value, 0, len);
                    current.Properties.Add((name, value));
                    pos = Align4(pos + len);
                    break;
                }
                case Nop:
                    break;
                case End:
                    if (current is not null || root is null) throw new FdtFormatException("FDT_END inside an open node", tokenAt);
                    return new Tree(root, reservations, version);
                default:
                    throw new FdtFormatException($"unknown structure token 0x{token:X}", tokenAt);
            }
        }
    }

    static void CheckBlock(uint offset, uint size, uint total, string what, int field)
    {
        if ((ulong)offset + size > total) throw new FdtFormatException($"{what} lies outside the blob", field);
    }

    static string ReadCString(byte[] blob, long start, long limit, out long next)
    {
        long i = start;
        while (i < limit && blob[i] != 0) i++;
        if (i >= limit) throw new FdtFormatException("unterminated name", start);
        next = i + 1;
        return Encoding.ASCII.GetString(blob, (int)start, (int)(i - start));
    }

    static long Align4(long v) => (v + 3) & ~3L;

    static uint Be32(byte[] b, long o) => (uint)(b[o] << 24 | b[o + 1] << 16 | b[o + 2] << 8 | b[o + 3]);

    static ulong Be64(byte[] b, long o) => (ulong)Be32(b, o) << 32 | Be32(b, o + 4);
}
