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

    /// <summary>The domain's GuestConfig values as its image's link-time table has them (GuestBuild.GuestConfigAsm).</summary>
    static IReadOnlyDictionary<string, object> ConfigOf(ResolvedSystem system, string domain)
    {
        var d = system.Domain(domain)!;
        var target = BoardTargets.GuestTargetFor(system.Board, d, system.Network);
        return GuestBuild.GuestConfigValues(target);
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
        var a = ConfigOf(system, "client-a");
        Assert.Equal(1, a["NetworkLink"]);
        Assert.Equal(0x2000000000aUL, a["MacAddress"]);
        Assert.Equal(0xa00020au, a["Ipv4Address"]);      // 10.0.2.10
        Assert.Equal(24, a["Ipv4PrefixLength"]);
        Assert.Equal(0xa000202u, a["Ipv4Gateway"]);      // 10.0.2.2
        Assert.Equal(0, a["NetworkClientCount"]);
        var b = ConfigOf(system, "client-b");
        Assert.Equal(2, b["NetworkLink"]);
        Assert.Equal(0u, b["Ipv4Gateway"]);
    }

    [Fact]
    public void DriverGetsTheNicAndOneRowPerClient()
    {
        var (system, _) = Check();
        var driver = ConfigOf(system, "netdrv");
        Assert.Equal(-1, driver["NetworkLink"]);
        Assert.Equal(2, driver["NetworkClientCount"]);
        Assert.Equal(0xa003e00UL, driver["NetworkDeviceBase"]);
        Assert.Equal(79u, driver["NetworkDeviceIntId"]);
        Assert.Equal(1, driver["NetworkClients.Link(0)"]);
        Assert.Equal(0x2000000000bUL, driver["NetworkClients.Mac(1)"]);
        Assert.Equal(2000u, driver["NetworkClients.RateLimit(0)"]);
        Assert.Equal(10000u, driver["NetworkClients.RateLimit(1)"]);   // the default
    }

    [Fact]
    public void DomainWithoutNetworkGetsTheDefaults()
    {
        var result = Checker.CheckFile(Path.Combine(TestImages.Repo.Root, "tests", "systems", "virtio.yaml"));
        Assert.Null(result.System!.Network);
        var config = ConfigOf(result.System, "virtio-test");
        Assert.Equal(-1, config["NetworkLink"]);
        Assert.Equal(0UL, config["MacAddress"]);
        Assert.Equal(0, config["NetworkClientCount"]);
        Assert.DoesNotContain("NetworkClients.Link(0)", config.Keys);
    }
}
