namespace Bulkhead.Config.Checking;

/// <summary>
/// 'management:' checked (docs/management.md): the domain serving the management API, its HMAC
/// key (read from the key file; built into the server's image only) and where it listens.
/// The contract `bulkhead ctl` reads.
/// </summary>
public sealed class ResolvedManagement
{
    public required ResolvedDomain Server { get; init; }
    /// <summary>Absolute path of the key file.</summary>
    public required string KeyFile { get; init; }
    /// <summary>16..64 bytes.</summary>
    public required byte[] Key { get; init; }
    public required ushort UdpPort { get; init; }
    /// <summary>The server's 'network:' address, host order.</summary>
    public required uint ServerIpv4 { get; init; }
}
