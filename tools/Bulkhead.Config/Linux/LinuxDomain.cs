using Bulkhead.Config.Boards;

namespace Bulkhead.Config.Linux;

/// <summary>
/// A domain that boots a Linux kernel, after the checker resolved its files and laid out its RAM
/// (docs/linux.md, "Boot protocol"). The build fills in the blobs (Image, DTB, initramfs); the
/// runner or boot loader puts their pristine copies into <see cref="Staging"/>, and the
/// hypervisor copies them to their load addresses at every (re)start.
/// </summary>
public sealed class LinuxDomain
{
    /// <summary>The kernel file (Image or gzip vmlinuz), absolute.</summary>
    public required string KernelFile { get; init; }
    public required ImageHeader Header { get; init; }
    /// <summary>An initramfs file, absolute; null with <see cref="BusyboxInitrd"/> or without an initrd.</summary>
    public string? InitrdFile { get; init; }
    /// <summary>The build makes the initramfs from Debian's busybox-static (initrd: busybox).</summary>
    public bool BusyboxInitrd { get; init; }
    public string Bootargs { get; init; } = "";
    /// <summary>lib/modules/&lt;version&gt; of the kernel package, when the kernel came from one.</summary>
    public string? ModulesFolder { get; init; }

    /// <summary>Room the checker reserves for the initramfs before its size is known.</summary>
    public const ulong BusyboxInitrdBudget = 8UL << 20;
    /// <summary>Linux refuses a larger DTB (booting.rst).</summary>
    public const ulong DtbBudget = 2UL << 20;

    /// <summary>Bytes of staging the blobs may need: Image, DTB and initramfs, each from a 2 MiB boundary.</summary>
    public ulong StagingSize => Round2M(Header.ImageSize) + DtbBudget + Round2M(InitrdBudget);
    public ulong InitrdBudget => BusyboxInitrd ? BusyboxInitrdBudget : InitrdFile is null ? 0 : (ulong)new FileInfo(InitrdFile).Length;

    // Filled by the checker after memory placement.
    /// <summary>Hypervisor-owned RAM no domain has: the pristine copies of the blobs.</summary>
    public AddressRange Staging { get; set; }
    public ulong KernelBase { get; set; }
    public ulong KernelEntry => KernelBase + Header.TextOffset;
    public ulong DtbAddress { get; set; }
    public ulong InitrdAddress { get; set; }
    /// <summary>Where the domain's RAM the kernel may use for the initrd ends.</summary>
    public ulong InitrdLimit { get; set; }

    /// <summary>What the build produced (Image, DTB, initramfs), in staging order; empty after a check alone.</summary>
    public List<LinuxBlob> Blobs { get; } = new();

    public static ulong Round2M(ulong v) => (v + ImageHeader.BaseAlignment - 1) & ~(ImageHeader.BaseAlignment - 1);
}

/// <summary>One file the runner or boot loader puts at <paramref name="Source"/> (staging); the hypervisor copies it to <paramref name="Target"/>.</summary>
public sealed record LinuxBlob(string Name, string File, ulong Source, ulong Target, ulong Size, uint Crc);
