using Bulkhead.Build;
using Bulkhead.Config.Checking;
using Bulkhead.Systems;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// system.yaml 'management:' (docs/config.md "Management"): ResolvedSystem.Management as ctl reads
/// it, and the key compiled into the server domain's GuestConfig only.
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

    static string ConfigOf(ResolvedSystem system, string domain) =>
        GuestBuild.GuestConfigSource(new GuestService("x", []),
            BoardTargets.GuestTargetFor(system.Board, system.Domain(domain)!, system.Network, system.Config, system.Management));

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
        string server = ConfigOf(system, "mgr");
        Assert.Contains($"public const string ManagementKeyHex = \"{KeyHex}\";", server);
        Assert.Contains("public const ushort ManagementUdpPort = 7700;", server);
        Assert.Contains("public const string ManagementServerName = \"mgr\";", server);
        Assert.Contains("public const string ManagementSystemName = \"managed\";", server);
        Assert.Contains("public const int ManagementDomainCount = 3;", server);
        Assert.Contains("case 2: return \"worker\";", server);
        foreach (var other in new[] { "netdrv", "worker" })
        {
            string config = ConfigOf(system, other);
            Assert.Contains("public const string ManagementKeyHex = \"\";", config);
            Assert.Contains("public const ushort ManagementUdpPort = 0;", config);
            Assert.DoesNotContain(KeyHex, config);
        }
    }

    [Fact]
    public void ASystemWithoutManagementHasNone()
    {
        var result = Checker.CheckFile(Path.Combine(Fixtures, "valid", "network.yaml"));
        Assert.Equal(0, result.ExitCode);
        Assert.Null(result.System!.Management);
        Assert.Contains("public const string ManagementKeyHex = \"\";",
            GuestBuild.GuestConfigSource(new GuestService("x", []), BoardTargets.GuestTargetFor(result.System.Board, result.System.Domains[1], result.System.Network)));
    }
}
