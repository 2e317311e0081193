using System.Runtime.InteropServices;

namespace Bulkhead.Tests.Core;

/// <summary>
/// The board's RAM at its physical addresses inside the test process, as the hypervisor sees it
/// (identity mapped): hv-core reads and writes guest buffers through their guest-physical
/// addresses, so they must be real memory here. Reserved once per process, lazily committed.
/// </summary>
internal static unsafe class GuestMemory
{
    /// <summary>qemu-virt-gicv3's one RAM bank (boards/qemu-virt-gicv3.yaml).</summary>
    public const ulong Base = 0x40000000, Size = 0x40000000;

    private const int ProtReadWrite = 0x1 | 0x2;
    private const int MapPrivate = 0x02, MapAnonymous = 0x20, MapNoReserve = 0x4000, MapFixedNoReplace = 0x100000;

    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr mmap(IntPtr address, UIntPtr length, int protection, int flags, int fd, IntPtr offset);

    private static readonly Lazy<bool> s_mapped = new(Map);

    /// <summary>Makes sure the RAM is mapped (fails the test with the reason when the range is taken).</summary>
    public static void Ensure() => _ = s_mapped.Value;

    private static bool Map()
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("the hv-core tests map guest RAM with Linux mmap");
        IntPtr at = mmap((IntPtr)(long)Base, (UIntPtr)Size, ProtReadWrite, MapPrivate | MapAnonymous | MapNoReserve | MapFixedNoReplace, -1, 0);
        if (at != (IntPtr)(long)Base)
            throw new InvalidOperationException($"cannot map guest RAM at 0x{Base:X} in the test process (mmap gave 0x{at:X}, errno {Marshal.GetLastPInvokeError()})");
        return true;
    }

    public static byte* At(ulong address) => (byte*)address;

    public static void Fill(ulong address, int length, byte value) => new Span<byte>(At(address), length).Fill(value);

    public static void Write(ulong address, string ascii)
    {
        for (int i = 0; i < ascii.Length; i++) At(address)[i] = (byte)ascii[i];
    }

    public static byte[] Read(ulong address, int length) => new Span<byte>(At(address), length).ToArray();
}
