using Bulkhead.Build;
using Bulkhead.Systems;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// A domain's own GuestConfig values (RAM, network, console, management) are link-time data
/// (guest-config.S, GuestBuild.GuestConfigAsm), not compiled constants: two domains running the same
/// service on the same board share one csc + ilc compilation (NativeBuilder's compile cache), and
/// each image still reads its own values.
/// </summary>
[Collection("emulator")]
public class GuestConfigLinkTests
{
    private static GuestService Probe() => SystemBuilder.FindService(TestImages.Repo, "probe", TestImages.Repo.Root);

    [Fact]
    public void TwoDomainsOfOneServiceOnOneBoardShareOneManagedCompile()
    {
        string dir = Path.Combine(Path.GetTempPath(), "bulkhead-share-" + Guid.NewGuid().ToString("N"));
        try
        {
            var board = TestImages.Target("qemu-virt-gicv3").Facts;
            var first = new GuestTarget
            {
                Board = board, LoadAddress = 0x44000000, RamBase = 0x44000000, RamSize = 0x1000000,
                Network = new GuestNetwork { Link = 2, Mac = 0x02_00_00_00_00_0a, Ipv4 = 0x0a00020a, PrefixLength = 24 },
                Console = new GuestConsole { Link = 1 },
            };
            var second = new GuestTarget
            {
                Board = board, LoadAddress = 0x45000000, RamBase = 0x45000000, RamSize = 0x2000000,
                Console = new GuestConsole { Link = 4, Clients = [(0, "alpha"), (3, "beta")] },
                Management = new GuestManagement(new byte[16], 7700, "sys", "mgr", [("mgr", 0), ("beta", 2)]),
            };
            // A cache of its own: the first build compiles whatever the shared cache holds.
            string cache = Path.Combine(dir, "cache");
            var (a, logA) = Build(first, Path.Combine(dir, "a"), cache);
            var (b, logB) = Build(second, Path.Combine(dir, "b"), cache);

            Assert.Contains("guest: csc", logA);
            Assert.Contains("guest: ilc", logA);
            Assert.Contains("guest: managed code from the compile cache", logB);
            Assert.DoesNotContain("guest: csc", logB);
            Assert.DoesNotContain("guest: ilc", logB);
            // The runtime's assembly is assembled once too; only the domain's table is assembled again.
            Assert.DoesNotContain("guest: clang entry.S", logB);
            Assert.Contains("guest: clang guest-config.S", logB);
            Assert.Single(Directory.GetFiles(cache, "*.o"), f => !Path.GetFileName(f).StartsWith("asm-"));   // one managed object (and the runtime assembly, assembled once)
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "a", "guest.managed.o")), File.ReadAllBytes(Path.Combine(dir, "b", "guest.managed.o")));
            Assert.Equal(File.ReadAllText(Path.Combine(dir, "a", "GuestConfig.g.cs")), File.ReadAllText(Path.Combine(dir, "b", "GuestConfig.g.cs")));

            // Only the linked table differs: each image holds its own domain's words.
            Assert.Equal([0x44000000UL, 0x1000000UL, 0UL, 2UL, 0x02_00_00_00_00_0aUL], Words(a, 5));
            Assert.Equal([0x45000000UL, 0x2000000UL, 0UL, ulong.MaxValue, 0UL], Words(b, 5));
            Assert.Equal([1UL, 0UL], Words(a, 13)[11..]);    // ConsoleLink, ConsoleClientCount
            Assert.Equal([4UL, 2UL], Words(b, 13)[11..]);
            // Whether the console goes through a driver domain stays a constant (the ring code is left out
            // of every other image): both are clients here; a domain that is not compiles on its own.
            Assert.Contains("public const bool ConsoleThroughDriver = true;", File.ReadAllText(Path.Combine(dir, "a", "GuestConfig.g.cs")));
            Assert.Contains("public const bool ConsoleThroughDriver = false;", GuestBuild.GuestConfigSource(Probe(), first with { Console = GuestConsole.None }));
            var values = GuestBuild.GuestConfigValues(second);
            Assert.Equal("beta", values["ConsoleClients.Name(1)"]);
            Assert.Equal(2, values["ManagementDomains.Criticality(1)"]);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
    }

    /// <summary>tests/systems/channels.yaml runs the probe in three domains (one compilation): each prints its own RAM region.</summary>
    [Fact]
    public void EachDomainOfASharedCompileSeesItsOwnRamRegion()
    {
        var run = SystemRuns.Boot("channels", 3);
        Assert.Contains("[pinger-alpha] RAM 0x44000000 + 0x1000000", run.Lines);
        Assert.Contains("[ponger-beta] RAM 0x45000000 + 0x1000000", run.Lines);
        Assert.Contains("[snoop-gamma] RAM 0x46000000 + 0x1000000", run.Lines);
        string systemDir = Path.Combine(TestImages.Repo.OutputRoot, "systems", "channels-gicv3");
        byte[] managed = File.ReadAllBytes(Path.Combine(systemDir, "pinger-alpha", "guest.managed.o"));
        Assert.Equal(managed, File.ReadAllBytes(Path.Combine(systemDir, "ponger-beta", "guest.managed.o")));
        Assert.Equal(managed, File.ReadAllBytes(Path.Combine(systemDir, "snoop-gamma", "guest.managed.o")));
    }

    private static (NativeImage Image, string Log) Build(GuestTarget target, string output, string cache)
    {
        var log = new StringWriter();
        var image = new NativeBuilder(Toolchain.Locate(), log).Build(GuestBuild.Spec(TestImages.Repo, Probe(), target, output) with { CompileCacheDirectory = cache });
        return (image, log.ToString());
    }

    /// <summary>The first <paramref name="count"/> words of the image's GuestConfig table (symbol guest_config_table).</summary>
    private static ulong[] Words(NativeImage image, int count)
    {
        var elf = ElfFile.Read(image.Elf);
        byte[] raw = File.ReadAllBytes(image.RawBinary);
        int at = (int)(elf.Symbols["guest_config_table"] - elf.Entry);
        return Enumerable.Range(0, count).Select(i => BitConverter.ToUInt64(raw, at + 8 * i)).ToArray();
    }
}
