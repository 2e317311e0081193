using Bulkhead.Build;
using Bulkhead.Config.Checking;
using Bulkhead.Systems;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// 'network:' from system.yaml to the constants each domain's image is built with (the shared
/// network contract, docs/driver-domains.md): client links after the written links, a client's
/// MAC and IPv4 settings, the driver's NIC and client table, defaults for everyone else.
/// </summary>
public class VirtioNetworkConfigTests
{
    static readonly string Fixture = Path.Combine(TestImages.Repo.Root, "tests", "Bulkhead.Config.Tests", "fixtures", "valid", "network.yaml");

    static (ResolvedSystem System, ResolvedNetwork Network) Check()
    {
        var result = Checker.CheckFile(Fixture);
        Assert.Equal(0, result.ExitCode);
        Assert.NotNull(result.System!.Network);
        return (result.System, result.System.Network!);
    }

    static string ConfigOf(ResolvedSystem system, string domain)
    {
        var d = system.Domain(domain)!;
        var target = BoardTargets.GuestTargetFor(system.Board, d, system.Network);
        return GuestBuild.GuestConfigSource(new GuestService("x", []), target);
    }

    [Fact]
    public void ClientLinksFollowTheWrittenLinksWithTheDriverAsFirstEnd()
    {
        var (system, network) = Check();
        // links: ctl is link 0 (channels 0, 1); net.client-a link 1 (2, 3); net.client-b link 2 (4, 5).
        Assert.Equal(["ctl.0", "ctl.1", "net.client-a.0", "net.client-a.1", "net.client-b.0", "net.client-b.1"], system.Channels.Select(c => c.Name));
        Assert.Equal([1, 2], network.Clients.Select(c => c.Link));
        Assert.Equal("netdrv", system.Channels[2].Writer!.Name);
        Assert.Equal("client-a", system.Channels[3].Writer!.Name);
        Assert.Equal([120u, 121u], new[] { system.Channels[2].Doorbell, system.Channels[3].Doorbell });
        Assert.Equal(16 * 1024UL, system.Channels[4].Range.Size);
        Assert.Equal(0xA003E00UL, network.DeviceBase);
        Assert.Equal(79u, network.DeviceIntId);
    }

    [Fact]
    public void ClientGetsItsLinkMacAndIpv4Settings()
    {
        var (system, _) = Check();
        string a = ConfigOf(system, "client-a");
        Assert.Contains("public const int NetworkLink = 1;", a);
        Assert.Contains("public const ulong MacAddress = 0x2000000000a;", a);
        Assert.Contains("public const uint Ipv4Address = 0xa00020a;", a);          // 10.0.2.10
        Assert.Contains("public const int Ipv4PrefixLength = 24;", a);
        Assert.Contains("public const uint Ipv4Gateway = 0xa000202;", a);          // 10.0.2.2
        Assert.Contains("public const int NetworkClientCount = 0;", a);
        string b = ConfigOf(system, "client-b");
        Assert.Contains("public const int NetworkLink = 2;", b);
        Assert.Contains("public const uint Ipv4Gateway = 0x0;", b);
    }

    [Fact]
    public void DriverGetsTheNicAndOneRowPerClient()
    {
        var (system, _) = Check();
        string driver = ConfigOf(system, "netdrv");
        Assert.Contains("public const int NetworkLink = -1;", driver);
        Assert.Contains("public const int NetworkClientCount = 2;", driver);
        Assert.Contains("public const ulong NetworkDeviceBase = 0xa003e00;", driver);
        Assert.Contains("public const uint NetworkDeviceIntId = 79;", driver);
        Assert.Contains("case 0: return 1;", driver);                 // Link(0)
        Assert.Contains("case 1: return 0x2000000000b;", driver);     // Mac(1)
        Assert.Contains("case 0: return 2000;", driver);              // RateLimit(0)
        Assert.Contains("case 1: return 10000;", driver);             // RateLimit(1): the default
    }

    [Fact]
    public void DomainWithoutNetworkGetsTheDefaults()
    {
        var result = Checker.CheckFile(Path.Combine(TestImages.Repo.Root, "tests", "systems", "virtio.yaml"));
        Assert.Null(result.System!.Network);
        string config = ConfigOf(result.System, "virtio-test");
        Assert.Contains("public const int NetworkLink = -1;", config);
        Assert.Contains("public const ulong MacAddress = 0x0;", config);
        Assert.Contains("public const int NetworkClientCount = 0;", config);
        Assert.Contains("default: return -1;", config);
    }
}
