using Bulkhead.Config.Yaml;

namespace Bulkhead.Config.Systems;

/// <summary>
/// Reads 'management: { server, key_file, udp_port }' (docs/management.md). Only the shape is
/// checked here; ManagementServiceRules checks the server, reads the key file and the port.
/// </summary>
public static class ManagementLoader
{
    public static void Read(MapReader m, SystemConfig sys)
    {
        var mg = new ManagementConfig { Path = m.Path, At = m.At };
        mg.Server = m.String("server", required: true, hint: "Name the domain that serves the management API: 'server: mgr' (image: { builtin: mgmt-server })");
        mg.KeyFile = m.String("key_file", required: true, hint: "Name the file holding the HMAC key, relative to this file: 'key_file: keys/mgmt.key' (never the key itself)");
        mg.UdpPort = m.Number("udp_port");
        m.Finish();
        sys.Management = mg;
    }
}
