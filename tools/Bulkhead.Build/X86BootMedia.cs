using System.Security.Cryptography;
using System.Text;

namespace Bulkhead.Build;

/// <summary>One multiboot module: a file GRUB (or QEMU -initrd) loads next to the hypervisor, and its command line.</summary>
public sealed record BootModule(string File, string CommandLine);

/// <summary>A domain of an x86 test system before the partition plan drives x86 domains: its image and memory.</summary>
public sealed record X86Domain(string Name, string Image, ulong MemoryBase, ulong MemorySize, int RestartLimit = 0)
{
    /// <summary>The module command line hv-x86 reads (DomainLoader.cs): key=value words.</summary>
    public string CommandLine =>
        $"name={Name} base=0x{MemoryBase:x} size=0x{MemorySize:x} restarts={RestartLimit}";
}

/// <summary>
/// Turns an x86 hypervisor image into something a PC boots: a 32-bit ELF multiboot kernel (QEMU
/// -kernel and GRUB accept it; QEMU refuses ELF64 for multiboot) and a GRUB rescue ISO with the
/// hypervisor and its domains as multiboot modules (Bochs boots it from the CD-ROM drive).
/// </summary>
public static class X86BootMedia
{
    /// <summary>Debian packages: grub-mkrescue (grub-common), the BIOS GRUB modules (grub-pc-bin), xorriso, mtools.</summary>
    public static readonly string[] DebianPackages = ["grub-common", "grub-pc-bin", "xorriso", "mtools"];

    /// <summary>hv.elf (ELF64) -> hv32.elf (elf32-i386, same segments and entry) beside it.</summary>
    public static string MultibootKernel(Toolchain tools, NativeImage image)
    {
        string output = Path.Combine(Path.GetDirectoryName(image.Elf)!, "hv32.elf");
        if (!File.Exists(output) || File.GetLastWriteTimeUtc(output) < File.GetLastWriteTimeUtc(image.Elf))
            ProcessRunner.RunChecked("multiboot kernel (llvm-objcopy -O elf32-i386)", tools.Objcopy, ["-O", "elf32-i386", image.Elf, output]);
        return output;
    }

    /// <summary>
    /// Builds one of the hand-written test guests in hv-x86/guests (position-independent 64-bit
    /// code, so one flat binary runs at any domain base) into out/x86-guests/&lt;name&gt;.bin.
    /// </summary>
    public static string TestGuest(Toolchain tools, RepoLayout repo, string name)
    {
        string source = Path.Combine(repo.HvX86, "guests", name + ".S");
        if (!File.Exists(source)) throw new BuildException($"no x86 test guest '{name}' ({source})");
        string dir = Path.Combine(repo.OutputRoot, "x86-guests");
        Directory.CreateDirectory(dir);
        string obj = Path.Combine(dir, name + ".o"), bin = Path.Combine(dir, name + ".bin");
        if (File.Exists(bin) && File.GetLastWriteTimeUtc(bin) >= LatestInput(source)) return bin;
        ProcessRunner.RunChecked($"assembling {source}", tools.Clang,
            ["--target=x86_64-none-elf", "-c", source, "-o", obj, "-I" + Path.Combine(repo.HvX86, "guests")]);
        ProcessRunner.RunChecked("flat guest binary (llvm-objcopy)", tools.Objcopy, ["-O", "binary", "-j", ".text", obj, bin]);
        return bin;
    }

    private static DateTime LatestInput(string source) =>
        Directory.GetFiles(Path.GetDirectoryName(source)!).Select(File.GetLastWriteTimeUtc).Append(File.GetLastWriteTimeUtc(source)).Max();

    /// <summary>The modules for a list of domains, in order.</summary>
    public static IReadOnlyList<BootModule> Modules(IEnumerable<X86Domain> domains) =>
        domains.Select(d => new BootModule(d.Image, d.CommandLine)).ToList();

    /// <summary>
    /// A GRUB ISO (BIOS boot) that loads <paramref name="kernel"/> with multiboot v1 and the given
    /// modules, without a menu delay. GRUB keeps its own output on the VGA console, so the serial
    /// port carries only the hypervisor's. Rebuilt only when an input changed.
    /// </summary>
    public static string Iso(string kernel, IReadOnlyList<BootModule> modules, string isoPath)
    {
        string grubMkrescue = Toolchain.FindOnPath("grub-mkrescue") ?? throw new BuildException(
            $"'grub-mkrescue' was not found on PATH. Install it with: apt-get install -y {string.Join(' ', DebianPackages)}  (or run ./bulkhead setup as root)");
        if (!Directory.Exists("/usr/lib/grub/i386-pc"))
            throw new BuildException("GRUB's BIOS modules (/usr/lib/grub/i386-pc) are missing. Install them with: apt-get install -y grub-pc-bin");

        var config = new StringBuilder();
        config.Append("set timeout=0\nset default=0\nmenuentry \"Bulkhead\" {\n  multiboot /boot/hv.elf\n");
        for (int i = 0; i < modules.Count; i++)
            config.Append($"  module /boot/m{i}{Path.GetExtension(modules[i].File)} {modules[i].CommandLine}\n");
        config.Append("  boot\n}\n");

        string stamp = Stamp(config.ToString(), modules.Select(m => m.File).Prepend(kernel));
        string stampPath = isoPath + ".stamp";
        if (File.Exists(isoPath) && File.Exists(stampPath) && File.ReadAllText(stampPath) == stamp) return isoPath;

        string staging = isoPath + ".d";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(Path.Combine(staging, "boot", "grub"));
        File.Copy(kernel, Path.Combine(staging, "boot", "hv.elf"));
        for (int i = 0; i < modules.Count; i++)
            File.Copy(modules[i].File, Path.Combine(staging, "boot", $"m{i}{Path.GetExtension(modules[i].File)}"));
        File.WriteAllText(Path.Combine(staging, "boot", "grub", "grub.cfg"), config.ToString());
        File.Delete(stampPath);
        ProcessRunner.RunChecked("GRUB ISO (grub-mkrescue)", grubMkrescue, ["-o", isoPath, staging]);
        File.WriteAllText(stampPath, stamp);
        return isoPath;
    }

    private static string Stamp(string config, IEnumerable<string> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(config));
        foreach (var f in files) sha.AppendData(File.ReadAllBytes(f));
        return Convert.ToHexString(sha.GetHashAndReset());
    }
}
