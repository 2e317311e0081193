using System.Net;
using System.Net.Sockets;

namespace Bulkhead.Cli.Ctl;

/// <summary>Where `bulkhead ctl` sends its requests and with which key.</summary>
/// <param name="Hint">how the target was named, for error messages ("key_file keys/mgmt.key, udp_port 7700 of managed.yaml")</param>
public sealed record MgmtTarget(IPEndPoint Endpoint, byte[] Key, string Hint)
{
    /// <summary>`--to host:port --key file`.</summary>
    public static MgmtTarget FromAddress(string to, string keyFile)
    {
        int colon = to.LastIndexOf(':');
        if (colon <= 0 || !ushort.TryParse(to[(colon + 1)..], out ushort port) || port == 0)
            throw new UsageException($"--to {to}: give host:port, e.g. 127.0.0.1:7700");
        string host = to[..colon].Trim('[', ']');
        IPAddress address;
        if (!IPAddress.TryParse(host, out address!))
        {
            try { address = Dns.GetHostAddresses(host).OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).First(); }
            catch (Exception e) when (e is SocketException or InvalidOperationException)
            { throw new UsageException($"--to {to}: cannot resolve host '{host}'"); }
        }
        return new MgmtTarget(new IPEndPoint(address, port), MgmtKeyFile.Read(keyFile), $"key {keyFile}, --to {to}");
    }
}
