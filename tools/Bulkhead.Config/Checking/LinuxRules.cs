using Bulkhead.Config.Diagnostics;
using Bulkhead.Config.Linux;
using Bulkhead.Config.Yaml;

namespace Bulkhead.Config.Checking;

/// <summary>
/// Domains with 'image: { linux: ... }': the kernel file is an arm64 Image (or gzip vmlinuz), the
/// initramfs exists, and after memory placement the Image (at a 2 MiB-aligned base + text_offset,
/// image_size bytes), the DTB and the initramfs fit in the domain's first memory region.
/// A Linux domain cannot feed a watchdog (no heartbeat driver), so 'watchdog_ms' is refused.
/// </summary>
public static class LinuxRules
{
    /// <summary>The value of 'linux' that names Debian's kernel fetched by `bulkhead setup`.</summary>
    public const string DebianKernel = "debian";
    /// <summary>The value of 'initrd' that has the build make a busybox initramfs.</summary>
    public const string BusyboxInitrd = "busybox";

    /// <summary>Before memory placement: files and headers (the staging size depends on them).</summary>
    public static void Resolve(CheckContext ctx)
    {
        string folder = Path.GetDirectoryName(ctx.System.Config.FullPath) ?? ".";
        foreach (var d in ctx.System.Domains)
        {
            var img = d.Config.Image;
            if (img is null) continue;
            if (img.Linux is null)
            {
                foreach (var extra in new[] { img.Initrd, img.Bootargs }.Where(x => x is not null))
                    ctx.Bag.Error(Codes.LinuxOptionWithoutLinux, extra!.At, extra.Path, $"'{extra.Path.Split('.')[^1]}' is for Linux images only",
                        "Add 'linux: <Image>' to the image, or remove it");
                continue;
            }
            if (img.File is not null || img.Builtin is not null)
            {
                ctx.Bag.Error(Codes.ImageAmbiguous, img.At, img.Path, "the image names 'linux' and also 'file' or 'builtin'", "Keep exactly one of them");
                continue;
            }
            if (ctx.Board.IsX86)
            {
                ctx.Bag.Error(Codes.LinuxImageInvalid, img.Linux.At, img.Linux.Path, $"board '{ctx.Board.Id}' is x86-64: Linux domains boot the arm64 kernel protocol only",
                    "Use an arm64 board, or give the domain a 'builtin' or 'file' image");
                continue;
            }
            if (img.LoadAddress is { } load)
                ctx.Bag.Error(Codes.LinuxOptionWithoutLinux, load.At, load.Path, "a Linux Image is placed by its header (2 MiB-aligned base + text_offset), not by 'load_address'",
                    "Remove 'load_address'");
            if (d.Config.EntryPoint is { } entry)
                ctx.Bag.Error(Codes.LinuxOptionWithoutLinux, entry.At, entry.Path, "a Linux domain is entered at its Image's start", "Remove 'entry_point'");
            if (d.Config.WatchdogMs is { Value: > 0 } watchdog)
                ctx.Bag.Error(Codes.LinuxWatchdog, watchdog.At, watchdog.Path, "Linux has no driver for the HEARTBEAT hypercall, so its watchdog would only ever restart it",
                    "Remove 'watchdog_ms' from the Linux domain (docs/linux.md, \"Health\")");

            string? kernel = FindKernel(img.Linux.Value, folder, out string? modules);
            if (kernel is null)
            {
                ctx.Bag.Error(Codes.ImageNotFound, img.Linux.At, img.Linux.Path,
                    img.Linux.Value == DebianKernel ? "Debian's arm64 kernel package is not extracted (looked in $BULKHEAD_LINUX_ARM64 and .cache/linux-arm64 of the repository)"
                                                    : $"kernel file '{img.Linux.Value}' not found (paths are relative to the folder of {Path.GetFileName(ctx.System.Config.FullPath)})",
                    img.Linux.Value == DebianKernel ? "Run ./bulkhead setup (it fetches linux-image-*-arm64-unsigned)" : "Fix the path, or use 'linux: debian' for Debian's kernel");
                continue;
            }
            var header = ImageHeader.Read(kernel, out string? error);
            if (header is null)
            {
                ctx.Bag.Error(Codes.LinuxImageInvalid, img.Linux.At, img.Linux.Path, $"{Path.GetFileName(kernel)}: {error}",
                    "Give an arm64 Linux Image (arch/arm64/boot/Image) or Debian's /boot/vmlinuz-*-arm64");
                continue;
            }

            string? initrd = null;
            bool busybox = img.Initrd?.Value == BusyboxInitrd;
            if (img.Initrd is { } i && !busybox)
            {
                initrd = Path.GetFullPath(Path.Combine(folder, i.Value));
                if (!File.Exists(initrd))
                {
                    ctx.Bag.Error(Codes.ImageNotFound, i.At, i.Path, $"initramfs '{i.Value}' not found (paths are relative to the folder of {Path.GetFileName(ctx.System.Config.FullPath)})",
                        "Fix the path, or use 'initrd: busybox' to have the build make one");
                    continue;
                }
            }
            if (busybox && FindBusybox(folder) is null)
                ctx.Bag.Error(Codes.ImageNotFound, img.Initrd!.At, img.Initrd.Path, "Debian's busybox-static for arm64 is not extracted (looked in $BULKHEAD_BUSYBOX_ARM64 and .cache/busybox-arm64 of the repository)",
                    "Run ./bulkhead setup (it fetches busybox-static:arm64)");

            d.ImageKind = ImageKind.Linux;
            d.ImageName = Path.GetFileName(kernel);
            d.Linux = new LinuxDomain
            {
                KernelFile = kernel, Header = header, InitrdFile = initrd, BusyboxInitrd = busybox,
                Bootargs = img.Bootargs?.Value ?? "", ModulesFolder = modules,
            };
        }
    }

    /// <summary>After memory placement: the Image, DTB and initramfs inside the domain's first region.</summary>
    public static void Layout(CheckContext ctx)
    {
        foreach (var d in ctx.System.Domains)
        {
            if (d.Linux is not { } linux || ctx.MemoryIncomplete.Contains(d) || d.Memory.Count == 0 || d.Memory.Any(r => !r.Placed)) continue;
            var img = d.Config.Image!;
            var home = d.Memory[0].Range;
            linux.KernelBase = LinuxDomain.Round2M(home.Base);
            ulong kernelEnd = linux.KernelEntry + linux.Header.ImageSize;
            linux.DtbAddress = LinuxDomain.Round2M(kernelEnd);
            linux.InitrdAddress = linux.DtbAddress + LinuxDomain.DtbBudget;
            linux.InitrdLimit = home.End;
            ulong needed = linux.InitrdAddress + LinuxDomain.Round2M(linux.InitrdBudget) - home.Base;
            if (needed > home.Size)
                ctx.Bag.Error(Codes.LinuxImageTooLarge, img.Linux!.At, img.Linux.Path,
                    $"the kernel needs {Numbers.Size(linux.Header.ImageSize)} (image_size) from 0x{linux.KernelEntry:X}, then 2 MiB for the DTB{(linux.InitrdBudget == 0 ? "" : $" and {Numbers.Size(linux.InitrdBudget)} for the initramfs")}: {Numbers.Size(needed)} of the first memory region {home}, which has {Numbers.Size(home.Size)}",
                    $"Give domain '{d.Name}' at least {Numbers.Size(LinuxDomain.Round2M(needed) + (64UL << 20))} in its first memory region (the kernel needs room to run, too)");
            d.LoadAddress = linux.KernelEntry;
            d.EntryPoint = linux.KernelEntry;
        }
    }

    /// <summary>The kernel file: a path relative to the system file, or 'debian' for the newest vmlinuz setup extracted.</summary>
    public static string? FindKernel(string value, string systemFolder, out string? modules)
    {
        modules = null;
        string? file;
        if (value == DebianKernel)
        {
            var root = CacheFolder("BULKHEAD_LINUX_ARM64", "linux-arm64", systemFolder);
            file = root is null || !Directory.Exists(Path.Combine(root, "boot")) ? null
                : Directory.GetFiles(Path.Combine(root, "boot"), "vmlinuz-*").Order(StringComparer.Ordinal).LastOrDefault();
        }
        else
        {
            file = Path.GetFullPath(Path.Combine(systemFolder, value));
            if (!File.Exists(file)) return null;
        }
        if (file is null) return null;
        // A kernel package: <root>/boot/vmlinuz-<version> next to <root>/lib/modules/<version>.
        string name = Path.GetFileName(file);
        if (name.StartsWith("vmlinuz-", StringComparison.Ordinal))
        {
            string folder = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(file)!)!, "lib", "modules", name["vmlinuz-".Length..]);
            if (Directory.Exists(folder)) modules = folder;
        }
        return file;
    }

    /// <summary>Debian's static arm64 busybox, as tools/setup/fetch-busybox-arm64.sh extracts it.</summary>
    public static string? FindBusybox(string systemFolder)
    {
        var root = CacheFolder("BULKHEAD_BUSYBOX_ARM64", "busybox-arm64", systemFolder);
        string? file = root is null ? null : Path.Combine(root, "bin", "busybox");
        return file is not null && File.Exists(file) ? file : null;
    }

    /// <summary>$variable, else .cache/&lt;name&gt; in the nearest folder above the system file that has one.</summary>
    static string? CacheFolder(string variable, string name, string systemFolder)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } env) return env;
        for (var dir = new DirectoryInfo(systemFolder); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, ".cache", name);
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}
