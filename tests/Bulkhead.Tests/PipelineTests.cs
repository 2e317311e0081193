using Bulkhead.Build;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>The native pipeline's output, read back from the files it wrote.</summary>
public class PipelineTests
{
    [Fact]
    public void HypervisorElfIsAnArm64ExecutableEnteringAtTheBoardLoadAddress()
    {
        var target = TestImages.Target("qemu-virt-gicv3");
        var elf = ElfFile.Read(TestImages.Hypervisor("qemu-virt-gicv3").Elf);

        Assert.Equal(2, elf.Type); // ET_EXEC: fixed address, no run-time relocations
        Assert.Equal(ElfFile.MachineAarch64, elf.Machine);
        Assert.Equal(target.LoadAddress, elf.Entry);
        Assert.Equal(elf.Entry, elf.Symbols["_start"]);
        Assert.DoesNotContain(elf.Segments, s => s.Type == 2 /* PT_DYNAMIC */ || s.Type == 7 /* PT_TLS */);
    }

    [Fact]
    public void HypervisorHasTheSectionsTheRuntimeNeeds()
    {
        var elf = ElfFile.Read(TestImages.Hypervisor("qemu-virt-gicv3").Elf);

        foreach (var name in new[] { ".text", ".rodata", ".data", "__modules", ".bss", ".pagetables", ".stacks", ".heap" })
            Assert.NotNull(elf.FindSection(name));
        // __modules holds one pointer to ILCompiler's ReadyToRun header.
        Assert.Equal(8UL, elf.FindSection("__modules")!.Size);
        // The C# entry points the assembly calls exist, and the vector table is 2 KiB aligned (VBAR_EL2).
        Assert.Contains("kmain", elf.Symbols.Keys);
        Assert.Contains("hv_trap", elf.Symbols.Keys);
        Assert.Equal(0UL, elf.Symbols["hv_vectors"] % 0x800);
        // Page tables must be 4 KiB aligned and outside the .bss that boot code zeroes.
        var tables = elf.FindSection(".pagetables")!;
        var bss = elf.FindSection(".bss")!;
        Assert.Equal(0UL, tables.Address % 4096);
        Assert.True(tables.Address >= bss.Address + bss.Size);
    }

    [Fact]
    public void RawBinaryIsTheLoadedImageFromTheLoadAddress()
    {
        var image = TestImages.Hypervisor("qemu-virt-gicv3");
        var elf = ElfFile.Read(image.Elf);
        var loads = elf.Segments.Where(s => s.Type == ElfFile.SegmentLoad && s.FileSize > 0).ToList();
        ulong end = loads.Max(s => s.PhysicalAddress + s.FileSize);
        byte[] raw = File.ReadAllBytes(image.RawBinary);

        Assert.Equal(end - elf.Entry, (ulong)raw.Length);
        // _start sits at offset 0: a branch (B, opcode 000101) over the arm64 Image header, whose magic
        // "ARM\x64" is at 0x38.
        Assert.Equal(0b000101u, BitConverter.ToUInt32(raw, 0) >> 26);
        Assert.Equal(0x644d5241u, BitConverter.ToUInt32(raw, 0x38));
    }

    [Fact]
    public void ManagedAndLinkMapsAreWritten()
    {
        var image = TestImages.Hypervisor("qemu-virt-gicv3");
        Assert.Contains("kmain", File.ReadAllText(image.LinkMap));
        Assert.True(new FileInfo(image.ManagedMap).Length > 0);
    }

    [Fact]
    public void SecondBuildWithSameInputsIsUpToDate()
    {
        TestImages.Hypervisor("qemu-virt-gicv3");
        Assert.True(TestImages.Hypervisor("qemu-virt-gicv3").WasUpToDate);
    }

    [Fact]
    public void BoardConstantsAreGeneratedFromTheBoardDescription()
    {
        var target = TestImages.Target("qemu-virt-gicv2");
        string source = BoardConstants.Source(target.Facts);
        string seams = BoardConstants.HypervisorSeams(target.Facts);

        Assert.Contains("public const string Board = \"qemu-virt-gicv2\";", source);
        Assert.Contains("public const ulong GicVirtualCpuInterface = 0x8040000;", source);
        Assert.Contains("public const uint MaintenanceIntId = 25;", source);
        Assert.Contains("global using PhysicalGic = Bulkhead.Arm64.Gic.PhysicalGicV2;", seams);
        Assert.Contains("public const ulong UartBase = 0x9000000;", source);
        Assert.Contains($"public const int CoreCount = {target.CoreMpidrs.Count};", source);
        Assert.Contains("case 1: return 0x1;", source);
    }

    [Fact]
    public void CSharpErrorsAreReportedWithFileAndLine()
    {
        string dir = Path.Combine(Path.GetTempPath(), "bulkhead-bad-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string bad = Path.Combine(dir, "Broken.cs");
            File.WriteAllText(bad, "class Broken { void M() { int x = \"text\"; } }");
            var spec = HypervisorBuild.Spec(TestImages.Repo, TestImages.Target("qemu-virt-gicv3"),
                new HypervisorOptions { ExtraSources = [bad], Flavor = "test-broken" }) with { OutputDirectory = dir };

            var error = Assert.Throws<BuildException>(() => new NativeBuilder(Toolchain.Locate()).Build(spec));

            Assert.Contains("C# compilation (csc) failed", error.Message);
            Assert.Contains("Broken.cs(1,", error.Message);
            Assert.Contains("CS0029", error.Message);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void UnsupportedCSharpInAGuestIsAnAnalyzerErrorAtBuildTime()
    {
        string dir = Path.Combine(Path.GetTempPath(), "bulkhead-analyzer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string program = Path.Combine(dir, "Program.cs");
            // Compiles against the core library, but the call through an interface cannot be
            // devirtualized on bare metal: the SDK analyzer must stop the build here.
            File.WriteAllText(program, """
                interface IGreeter { void Greet(); }
                sealed class Greeter : IGreeter { public void Greet() { } }
                public static class Program
                {
                    public static void Main() { IGreeter g = new Greeter(); g.Greet(); }
                }
                """);
            var target = new GuestTarget { Board = TestImages.Target("qemu-virt-gicv3").Facts, LoadAddress = 0x44000000, RamBase = 0x44000000, RamSize = 0x1000000 };
            var spec = GuestBuild.Spec(TestImages.Repo, new GuestService("bad", [program]), target, dir) with { CompileCacheDirectory = null };

            var error = Assert.Throws<BuildException>(() => new NativeBuilder(Toolchain.Locate()).Build(spec));

            Assert.Contains("Program.cs(5,", error.Message);
            Assert.Contains("error BH1012", error.Message);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void MissingToolNamesTheDebianPackage()
    {
        // A search path holding only the real dotnet (not /usr/bin, where clang lives).
        string dotnet = Toolchain.FindOnPath("dotnet")!;
        string dotnetDir = Path.GetDirectoryName(new FileInfo(dotnet).ResolveLinkTarget(true)?.FullName ?? dotnet)!;

        var error = Assert.Throws<BuildException>(() => Toolchain.Locate(dotnetDir));

        Assert.Contains("'clang' was not found", error.Message);
        Assert.Contains("apt-get install -y clang", error.Message);
    }
}
