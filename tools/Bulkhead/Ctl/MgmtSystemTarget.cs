using System.Net;
using Bulkhead.Config.Checking;

namespace Bulkhead.Cli.Ctl;

/// <summary>
/// `--system system.yaml`: the checked system's `management:` block (ResolvedSystem.Management)
/// gives the key and the port; `bulkhead run` forwards 127.0.0.1:&lt;udp_port&gt; to the manager.
/// </summary>
public static class MgmtSystemTarget
{
    public static (MgmtTarget Target, string KeyFile) FromSystem(string file)
    {
        TargetBuilder.Check(file);
        var system = Checker.CheckFile(file).System!;
        if (system.Management is not { } m)
            throw new UsageException($"{Checker.Relative(file)}: the system has no `management:` block, so nothing serves management requests (docs/management.md)");
        string hint = $"key_file {Path.GetRelativePath(Directory.GetCurrentDirectory(), m.KeyFile)} and udp_port {m.UdpPort} of {Checker.Relative(file)}";
        return (new MgmtTarget(new IPEndPoint(IPAddress.Loopback, m.UdpPort), m.Key, hint), m.KeyFile);
    }
}
