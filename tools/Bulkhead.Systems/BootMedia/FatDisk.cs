using Bulkhead.Build;

namespace Bulkhead.Systems.BootMedia;

/// <summary>
/// A disk image with one FAT partition holding the given files (an MBR written here, the file
/// system by mtools): what U-Boot's distro boot scans on an SD card or, in CI, a virtio disk.
/// </summary>
public static class FatDisk
{
    private const long PartitionStart = 1 << 20;     // 1 MiB, as partitioning tools align it
    private const int SectorSize = 512;

    public static void Write(string diskImage, IEnumerable<string> files, long partitionBytes = 32L << 20)
    {
        string fat = diskImage + ".fat";
        using (var f = File.Create(fat)) f.SetLength(partitionBytes);
        long sectors = partitionBytes / SectorSize;
        Run("mformat", ["-i", fat, "-T", sectors.ToString(), "-h", "64", "-s", "32", "-v", "BULKHEAD", "::"]);
        foreach (var file in files) Run("mcopy", ["-i", fat, "-o", file, "::/" + Path.GetFileName(file)]);

        using var disk = File.Create(diskImage);
        var mbr = new byte[PartitionStart];
        int entry = 0x1BE;
        mbr[entry] = 0x80;                                   // bootable
        mbr[entry + 4] = 0x0C;                               // FAT32 (LBA); U-Boot reads FAT12/16/32 alike
        BitConverter.TryWriteBytes(mbr.AsSpan(entry + 8), (uint)(PartitionStart / SectorSize));
        BitConverter.TryWriteBytes(mbr.AsSpan(entry + 12), (uint)sectors);
        mbr[510] = 0x55;
        mbr[511] = 0xAA;
        disk.Write(mbr);
        using (var part = File.OpenRead(fat)) part.CopyTo(disk);
        File.Delete(fat);
    }

    private static void Run(string tool, IEnumerable<string> args)
    {
        string path = Toolchain.FindOnPath(tool) ?? throw new BuildException($"'{tool}' was not found on PATH. Install it with: apt-get install -y mtools");
        var result = ProcessRunner.Run(path, args);
        if (result.ExitCode != 0) throw new BuildException($"{tool} failed:\n{result.Output}");
    }
}
