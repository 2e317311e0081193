using System.Buffers.Binary;
using System.IO.Compression;

namespace Bulkhead.Config.Linux;

/// <summary>
/// The 64-byte header of an arm64 Linux Image (Documentation/arch/arm64/booting.rst): the kernel
/// must sit at a 2 MiB-aligned base + text_offset and owns image_size bytes from there.
/// A gzip-compressed file (Debian's vmlinuz on some releases) is read through GZipStream.
/// </summary>
public sealed record ImageHeader(ulong TextOffset, ulong ImageSize, ulong Flags, bool Compressed)
{
    public const int Size = 64;
    const uint ArmMagic = 0x644D5241;            // "ARM\x64" at offset 0x38
    const int TextOffsetAt = 8, ImageSizeAt = 16, FlagsAt = 24, MagicAt = 0x38;
    public const ulong BaseAlignment = 0x200000;

    /// <summary>Reads the header, or returns why the file is no arm64 Image.</summary>
    public static ImageHeader? Read(string file, out string? error)
    {
        error = null;
        byte[] head = new byte[Size];
        bool gzip;
        try
        {
            using var stream = File.OpenRead(file);
            gzip = stream.ReadByte() == 0x1F && stream.ReadByte() == 0x8B;
            stream.Position = 0;
            using Stream content = gzip ? new GZipStream(stream, CompressionMode.Decompress) : stream;
            int got = 0;
            while (got < Size && content.Read(head, got, Size - got) is int n and > 0) got += n;
            if (got < Size) { error = $"the file is {got} bytes, shorter than the 64-byte arm64 Image header"; return null; }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            error = $"cannot read it: {e.Message}";
            return null;
        }
        if (BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(MagicAt)) != ArmMagic)
        {
            error = "no arm64 Image header (magic \"ARM\\x64\" at offset 0x38 missing): give the kernel's Image or vmlinuz, not an ELF vmlinux or a uImage";
            return null;
        }
        ulong size = BinaryPrimitives.ReadUInt64LittleEndian(head.AsSpan(ImageSizeAt));
        if (size == 0)
        {
            error = "the Image header's image_size is 0 (a kernel older than 3.17): the load size is unknown";
            return null;
        }
        return new ImageHeader(BinaryPrimitives.ReadUInt64LittleEndian(head.AsSpan(TextOffsetAt)), size,
            BinaryPrimitives.ReadUInt64LittleEndian(head.AsSpan(FlagsAt)), gzip);
    }

    /// <summary>The Image itself: the file, or its gzip content.</summary>
    public static byte[] Contents(string file)
    {
        using var stream = File.OpenRead(file);
        bool gzip = stream.ReadByte() == 0x1F && stream.ReadByte() == 0x8B;
        stream.Position = 0;
        if (!gzip) { var all = new byte[stream.Length]; stream.ReadExactly(all); return all; }
        using var unzip = new GZipStream(stream, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        unzip.CopyTo(memory);
        return memory.ToArray();
    }
}
