using Bulkhead.Build;
using Bulkhead.Config.Checking;
using Bulkhead.Systems;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// system.yaml 'management:' (docs/config.md "Management"): ResolvedSystem.Management as ctl reads
/// it, and the key linked into the server domain's image only (its GuestConfig table).
/// </summary>
public class ManagementConfigTests
{
    static readonly string Fixtures = Path.Combine(TestImages.Repo.Root, "tests", "Bulkhead.Config.Tests", "fixtures");
    const string KeyHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    static ResolvedSystem Check()
    {
        var result = Checker.CheckFile(Path.Combine(Fixtures, "valid", "managed.yaml"));
        Assert.Equal(0, result.ExitCode);
        return result.System!;
    }

    static GuestTarget TargetOf(ResolvedSystem system, string domain) =>
        BoardTargets.GuestTargetFor(system.Board, system.Domain(domain)!, system.Network, system.Config, system.Management);

    /// <summary>The domain's GuestConfig values as its image's link-time table has them.</summary>
    static IReadOnlyDictionary<string, object> ConfigOf(ResolvedSystem system, string domain) => GuestBuild.GuestConfigValues(TargetOf(system, domain));

    /// <summary>Everything generated for the domain's image: the compiled C# and the linked table.</summary>
    static string GeneratedFor(ResolvedSystem system, string domain) =>
        GuestBuild.GuestConfigSource(new GuestService("x", []), TargetOf(system, domain)) + GuestBuild.GuestConfigAsm(TargetOf(system, domain));

    [Fact]
    public void ManagementResolvesServerKeyPortAndAddress()
    {
        var m = Check().Management;
        Assert.NotNull(m);
        Assert.Equal("mgr", m.Server.Name);
        Assert.Equal(Path.GetFullPath(Path.Combine(Fixtures, "keys", "mgmt.key")), m.KeyFile);
        Assert.True(Path.IsPathRooted(m.KeyFile));
        // The key file's '#' line is a comment; the digits are decoded to bytes.
        Assert.Equal(Convert.FromHexString(KeyHex), m.Key);
        Assert.Equal((ushort)7700, m.UdpPort);
        Assert.Equal(0x0A000214u, m.ServerIpv4);   // 10.0.2.20, host order
    }

    [Fact]
    public void OnlyTheServerImageGetsTheKey()
    {
        var system = Check();
        var server = ConfigOf(system, "mgr");
        Assert.Equal(KeyHex, server["ManagementKeyHex"]);
        Assert.Equal((ushort)7700, server["ManagementUdpPort"]);
        Assert.Equal("mgr", server["ManagementServerName"]);
        Assert.Equal("managed", server["ManagementSystemName"]);
        Assert.Equal(3, server["ManagementDomainCount"]);
        Assert.Equal("worker", server["ManagementDomains.Name(2)"]);
        // The key is link-time data (UTF-16 in the server's guest-config.S), never in the C# every domain of a service shares.
        Assert.DoesNotContain(KeyHex, GuestBuild.GuestConfigSource(new GuestService("x", []), TargetOf(system, "mgr")));
        Assert.Contains("48, 48, 48, 49, 48, 50", GuestBuild.GuestConfigAsm(TargetOf(system, "mgr")));   // "000102"
        foreach (var other in new[] { "netdrv", "worker" })
        {
            var config = ConfigOf(system, other);
            Assert.Equal("", config["ManagementKeyHex"]);
            Assert.Equal((ushort)0, config["ManagementUdpPort"]);
            Assert.DoesNotContain(KeyHex, GeneratedFor(system, other));
            Assert.DoesNotContain("48, 48, 48, 49, 48, 50", GeneratedFor(system, other));
        }
    }

    [Fact]
    public void ASystemWithoutManagementHasNone()
    {
        var result = Checker.CheckFile(Path.Combine(Fixtures, "valid", "network.yaml"));
        Assert.Equal(0, result.ExitCode);
        Assert.Null(result.System!.Management);
        Assert.Equal("", GuestBuild.GuestConfigValues(BoardTargets.GuestTargetFor(result.System.Board, result.System.Domains[1], result.System.Network))["ManagementKeyHex"]);
    }
}
