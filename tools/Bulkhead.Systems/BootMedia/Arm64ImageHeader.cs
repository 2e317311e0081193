using System.Buffers.Binary;

namespace Bulkhead.Systems.BootMedia;

/// <summary>
/// The 64-byte header at the start of an arm64 Image (Linux's booting.rst), as hv-arm64/boot/entry.S
/// writes it: what booti and the Raspberry Pi firmware read to place the image.
/// </summary>
public sealed record Arm64ImageHeader(uint Code0, ulong TextOffset, ulong ImageSize, ulong Flags, uint Magic)
{
    public const int Size = 64;
    /// <summary>"ARM\x64" read as a little-endian word.</summary>
    public const uint ExpectedMagic = 0x644D5241;
    public const ulong FlagBigEndian = 1, FlagPageSizeMask = 6, FlagPageSize4K = 2, FlagAnywhere = 8;

    /// <summary>Null when the bytes do not start with an arm64 Image header.</summary>
    public static Arm64ImageHeader? Read(ReadOnlySpan<byte> image)
    {
        if (image.Length < Size) return null;
        var h = new Arm64ImageHeader(
            BinaryPrimitives.ReadUInt32LittleEndian(image),
            BinaryPrimitives.ReadUInt64LittleEndian(image[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(image[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(image[24..]),
            BinaryPrimitives.ReadUInt32LittleEndian(image[0x38..]));
        return h.Magic == ExpectedMagic ? h : null;
    }

    public static Arm64ImageHeader? ReadFile(string path)
    {
        using var f = File.OpenRead(path);
        var buffer = new byte[Size];
        return f.Read(buffer, 0, Size) == Size ? Read(buffer) : null;
    }

    /// <summary>code0 is an unconditional branch (B) forward; where it lands, relative to the image start.</summary>
    public long BranchTarget => (Code0 & 0xFC000000) == 0x14000000 ? ((int)(Code0 << 6) >> 6) * 4L : -1;
}
