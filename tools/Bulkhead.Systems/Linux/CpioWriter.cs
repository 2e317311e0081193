using System.Text;

namespace Bulkhead.Systems.Linux;

/// <summary>
/// Writes a cpio archive in the "new ASCII" (newc) format the kernel unpacks into its initramfs
/// (Documentation/driver-api/early-userspace/buffer-format.rst): per entry a 110-byte header of
/// hexadecimal fields, the name, the data, each padded to 4 bytes; a "TRAILER!!!" entry ends it.
/// </summary>
public sealed class CpioWriter
{
    const uint Directory = 0x4000, Regular = 0x8000, Symlink = 0xA000, CharDevice = 0x2000;
    readonly MemoryStream _out = new();
    uint _inode = 1;

    public CpioWriter AddDirectory(string path, uint mode = 0x1ED) => Add(path, Directory | mode, []);          // 0755
    public CpioWriter AddFile(string path, byte[] data, uint mode = 0x1A4) => Add(path, Regular | mode, data);  // 0644
    public CpioWriter AddSymlink(string path, string target) => Add(path, Symlink | 0x1FF, Encoding.ASCII.GetBytes(target));

    /// <summary>A character device node: the kernel opens /dev/console before devtmpfs is mounted.</summary>
    public CpioWriter AddCharDevice(string path, uint major, uint minor, uint mode = 0x180) => Add(path, CharDevice | mode, [], rdev: (major, minor));   // 0600

    public byte[] Finish()
    {
        Add("TRAILER!!!", 0, [], inode: 0);
        return _out.ToArray();
    }

    CpioWriter Add(string path, uint mode, byte[] data, uint? inode = null, (uint Major, uint Minor) rdev = default)
    {
        byte[] name = Encoding.ASCII.GetBytes(path + "\0");
        uint links = (mode & 0xF000) == Directory ? 2u : 1u;
        var header = new StringBuilder("070701");
        foreach (uint field in new[] { inode ?? _inode++, mode, 0u, 0u, links, 0u, (uint)data.Length, 0u, 0u, rdev.Major, rdev.Minor, (uint)name.Length, 0u })
            header.Append(field.ToString("X8"));
        _out.Write(Encoding.ASCII.GetBytes(header.ToString()));
        _out.Write(name);
        Pad();
        _out.Write(data);
        Pad();
        return this;
    }

    void Pad()
    {
        while (_out.Length % 4 != 0) _out.WriteByte(0);
    }
}
