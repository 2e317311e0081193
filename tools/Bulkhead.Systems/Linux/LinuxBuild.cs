using Bulkhead.Build;
using Bulkhead.Config.Checking;
using Bulkhead.Config.Linux;

namespace Bulkhead.Systems.Linux;

/// <summary>
/// Produces a Linux domain's blobs (docs/linux.md, "Loading"): the Image (decompressed when the
/// kernel is a gzip vmlinuz), the initramfs and the generated DTB, each padded to 8 bytes for the
/// hypervisor's word-wise copy, laid out in the domain's staging range from 2 MiB boundaries.
/// The runner (QEMU -device loader) or U-Boot puts them there; the plan's load records tell the
/// hypervisor where each goes in the domain's RAM.
/// </summary>
public static class LinuxBuild
{
    public static void Prepare(ResolvedSystem system, ResolvedDomain domain, string output, string systemFile, TextWriter log)
    {
        var linux = domain.Linux!;
        Directory.CreateDirectory(output);
        string where = $"{systemFile}: domain '{domain.Name}'";

        byte[] image = ImageHeader.Contents(linux.KernelFile);
        log.WriteLine($"build: domain {domain.Name}: Linux {Path.GetFileName(linux.KernelFile)} ({image.Length} bytes{(linux.Header.Compressed ? ", decompressed" : "")}, image_size {linux.Header.ImageSize})");
        string imageFile = Path.Combine(output, "Image");
        WritePadded(imageFile, image);

        byte[]? initrd = null;
        if (linux.BusyboxInitrd)
        {
            string busybox = LinuxRules.FindBusybox(Path.GetDirectoryName(Path.GetFullPath(systemFile))!)
                ?? throw new BuildException($"{where}: Debian's busybox-static for arm64 is missing: run ./bulkhead setup");
            initrd = Initramfs.Build(busybox, linux.ModulesFolder);
            log.WriteLine($"build: domain {domain.Name}: busybox initramfs ({initrd.Length} bytes)");
        }
        else if (linux.InitrdFile is not null) initrd = File.ReadAllBytes(linux.InitrdFile);
        if (initrd is not null && (ulong)initrd.Length > linux.InitrdBudget)
            throw new BuildException($"{where}: the initramfs is {initrd.Length} bytes, more than the {linux.InitrdBudget} bytes the check reserved for it");

        ulong initrdStart = initrd is null ? 0 : linux.InitrdAddress;
        ulong initrdEnd = initrd is null ? 0 : linux.InitrdAddress + (ulong)initrd.Length;
        byte[] dtb = LinuxDeviceTree.Generate(system, domain, initrdStart, initrdEnd);
        if ((ulong)dtb.Length > LinuxDomain.DtbBudget) throw new BuildException($"{where}: the generated DTB is {dtb.Length} bytes, more than Linux accepts (2 MiB)");
        string dtbFile = Path.Combine(output, $"{domain.Name}.dtb");
        WritePadded(dtbFile, dtb);

        linux.Blobs.Clear();
        ulong staging = linux.Staging.Base;
        Add(linux, "Image", imageFile, ref staging, linux.KernelEntry, LinuxDomain.Round2M((ulong)image.Length));
        Add(linux, "DTB", dtbFile, ref staging, linux.DtbAddress, LinuxDomain.DtbBudget);
        if (initrd is not null)
        {
            string initrdFile = Path.Combine(output, "initrd.img");
            WritePadded(initrdFile, initrd);
            Add(linux, "initramfs", initrdFile, ref staging, linux.InitrdAddress, LinuxDomain.Round2M((ulong)initrd.Length));
        }
        foreach (var blob in linux.Blobs)
            log.WriteLine($"build: domain {domain.Name}: {blob.Name} {Path.GetFileName(blob.File)} ({blob.Size} bytes) staged at 0x{blob.Source:x}, copied to 0x{blob.Target:x} at every start");
        if (staging > linux.Staging.End)
            throw new BuildException($"{where}: the blobs need {staging - linux.Staging.Base} bytes of staging, the check reserved {linux.Staging.Size}");
        // The plan tells the hypervisor where vCPU 0 starts and what x0 holds.
        domain.LoadAddress = linux.KernelEntry;
        domain.EntryPoint = linux.KernelEntry;
    }

    static void Add(LinuxDomain linux, string name, string file, ref ulong staging, ulong target, ulong room)
    {
        byte[] bytes = File.ReadAllBytes(file);
        linux.Blobs.Add(new LinuxBlob(name, file, staging, target, (ulong)bytes.LongLength, Crc(bytes)));
        staging += room;
    }

    /// <summary>Writes the bytes padded with zeros to a multiple of 8 (the copy moves 8-byte words); skips an identical file.</summary>
    static void WritePadded(string file, byte[] bytes)
    {
        int padded = (bytes.Length + 7) & ~7;
        if (padded != bytes.Length) Array.Resize(ref bytes, padded);
        if (File.Exists(file) && new FileInfo(file).Length == bytes.Length && File.ReadAllBytes(file).AsSpan().SequenceEqual(bytes)) return;
        File.WriteAllBytes(file, bytes);
    }

    static unsafe uint Crc(byte[] bytes)
    {
        fixed (byte* p = bytes) return Core.Plan.PlanCrc32.Compute(p, (uint)bytes.Length);
    }
}
