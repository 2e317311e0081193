using System.Runtime.InteropServices;

namespace Bulkhead.Config.Tests;

/// <summary>
/// Native memory whose last byte sits right before an inaccessible page (Linux mmap/mprotect),
/// so a reader that strays past the blob's end crashes the test run instead of reading garbage.
/// </summary>
public sealed unsafe class GuardedBuffer : IDisposable
{
    const int ProtNone = 0, ProtRead = 1, ProtWrite = 2, MapPrivate = 2, MapAnonymous = 0x20;
    const ulong Page = 4096;

    [DllImport("libc", SetLastError = true)] static extern void* mmap(void* addr, nuint length, int prot, int flags, int fd, nint offset);
    [DllImport("libc", SetLastError = true)] static extern int mprotect(void* addr, nuint length, int prot);
    [DllImport("libc", SetLastError = true)] static extern int munmap(void* addr, nuint length);

    readonly byte* _map;
    readonly ulong _mapLength;

    public GuardedBuffer(byte[] data)
    {
        ulong pages = ((ulong)data.Length + Page - 1) / Page + 1;
        _mapLength = pages * Page;
        _map = (byte*)mmap(null, (nuint)_mapLength, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
        if (_map == (byte*)-1) throw new InvalidOperationException("mmap failed");
        if (mprotect(_map + _mapLength - Page, (nuint)Page, ProtNone) != 0) throw new InvalidOperationException("mprotect failed");
        Pointer = _map + _mapLength - Page - (ulong)data.Length;
        Length = (uint)data.Length;
        Marshal.Copy(data, 0, (nint)Pointer, data.Length);
    }

    public byte* Pointer { get; }
    public uint Length { get; }

    public void Dispose() => munmap(_map, (nuint)_mapLength);
}
