using System.IO.Compression;
using System.Text;
using Bulkhead.Systems.Linux;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>The cpio newc writer: the kernel's unpacker reads exactly this layout.</summary>
public class LinuxInitramfsTests
{
    [Fact]
    public void NewcEntriesAreAlignedAndEndWithTheTrailer()
    {
        byte[] archive = new CpioWriter().AddDirectory("bin").AddFile("init", Encoding.ASCII.GetBytes("#!/bin/sh\n"), 0x1ED)
            .AddSymlink("bin/sh", "busybox").AddCharDevice("dev/console", 5, 1).Finish();
        string text = Encoding.ASCII.GetString(archive);
        Assert.StartsWith("070701", text);
        Assert.Equal(0, archive.Length % 4);
        Assert.Contains("TRAILER!!!", text);
        // The init entry: mode 0100755, size 10, name "init\0" (5 bytes).
        int at = text.IndexOf("init\0", StringComparison.Ordinal) - 110;
        Assert.Equal("070701", text.Substring(at, 6));
        Assert.Equal("000081ED", text.Substring(at + 14, 8));
        Assert.Equal("0000000A", text.Substring(at + 54, 8));
        Assert.Equal("00000005", text.Substring(at + 94, 8));
        Assert.Equal("#!/bin/sh", text.Substring(at + 116, 9));   // name padded so the data starts 4-aligned
        // dev/console: character device 5:1 (rdevmajor, rdevminor).
        int console = text.IndexOf("dev/console\0", StringComparison.Ordinal) - 110;
        Assert.Equal("00000005", text.Substring(console + 78, 8));
        Assert.Equal("00000001", text.Substring(console + 86, 8));
    }

    [Fact]
    public void InitScriptPrintsTheMarkersAndPowersOff()
    {
        string init = Initramfs.InitScript(["virtio_mmio.ko"]);
        Assert.StartsWith("#!/bin/sh\n", init);
        Assert.Contains($"{Initramfs.Marker} init reached", init);
        Assert.Contains("insmod /lib/modules/virtio_mmio.ko", init);
        Assert.Contains("/sys/devices/system/cpu/cpu1/online", init);
        Assert.EndsWith("poweroff -f\n", init);
    }
}
