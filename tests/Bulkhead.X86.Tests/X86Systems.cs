using Bulkhead.Build;
using Bulkhead.Systems;

namespace Bulkhead.X86.Tests;

/// <summary>
/// Builds hv-x86 images for the tests the way `./bulkhead run` does: a system file of tests/systems
/// through SystemBuilder (check, build the SDK services for x64, plan, payload), then the
/// multiboot kernel and the GRUB ISO Bochs boots.
/// </summary>
public static class X86Systems
{
    private static readonly object Gate = new();
    public static RepoLayout Repo { get; } = RepoLayout.Find(AppContext.BaseDirectory);
    public const string BoardId = "bochs-x86";

    /// <summary>
    /// tests/systems/&lt;name&gt;.yaml, copied into out/test-systems/&lt;name&gt;/ together with the
    /// guest images it names by file (<paramref name="files"/>: file name -> bytes), and built.
    /// </summary>
    public static SystemBuilder.Result Build(string name, IReadOnlyDictionary<string, byte[]>? files = null)
    {
        lock (Gate) // the builds share out/ folders and the two CPU cores
        {
            string folder = Path.Combine(Repo.OutputRoot, "test-systems", name);
            Directory.CreateDirectory(folder);
            string system = Path.Combine(folder, name + ".yaml");
            File.Copy(Path.Combine(Repo.Root, "tests", "systems", name + ".yaml"), system, overwrite: true);
            foreach (var (file, bytes) in files ?? new Dictionary<string, byte[]>())
                WriteIfChanged(Path.Combine(folder, file), bytes);
            return SystemBuilder.Build(Repo, system, TextWriter.Null);
        }
    }

    /// <summary>The bare hypervisor for bochs-x86 (no domains) and its multiboot kernel.</summary>
    public static (NativeImage Image, string Kernel) Bare(bool injectFault = false)
    {
        lock (Gate)
        {
            var (image, _) = ImageBuilder.BuildHypervisor(Repo, BoardId, injectFault, TextWriter.Null);
            return (image, X86BootMedia.MultibootKernel(Toolchain.Locate(), image));
        }
    }

    /// <summary>The GRUB ISO Bochs boots (the hypervisor carries its domains: no modules).</summary>
    public static string Iso(NativeImage hypervisor)
    {
        lock (Gate) return X86BootMedia.BootIso(Toolchain.Locate(), hypervisor);
    }

    private static void WriteIfChanged(string path, byte[] bytes)
    {
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes)) return;
        File.WriteAllBytes(path, bytes);
    }
}
