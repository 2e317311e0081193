namespace Bulkhead.Build;

/// <summary>
/// What one domain's image is told about the network (system.yaml 'network:'): as a client its
/// link, MAC and IPv4 settings; as the driver domain its NIC and one row per client. Every domain
/// gets the constants; <see cref="None"/> gives the defaults of a domain without a network.
/// </summary>
public sealed record GuestNetwork
{
    public static readonly GuestNetwork None = new();

    /// <summary>Link index of net.&lt;this domain&gt;; -1 = not a client.</summary>
    public int Link { get; init; } = -1;
    /// <summary>The 6 bytes big-endian in the low 48 bits; 0 = none.</summary>
    public ulong Mac { get; init; }
    /// <summary>Host order; 0 = none.</summary>
    public uint Ipv4 { get; init; }
    public int PrefixLength { get; init; }
    /// <summary>Host order; 0 = none.</summary>
    public uint Gateway { get; init; }
    /// <summary>Driver domain only: the NIC's registers and interrupt (0 elsewhere).</summary>
    public ulong DeviceBase { get; init; }
    public uint DeviceIntId { get; init; }
    /// <summary>Driver domain only: its clients in system-file order.</summary>
    public IReadOnlyList<GuestNetworkClient> Clients { get; init; } = [];
}

/// <summary>One client as the driver domain sees it: its link, the only source MAC it may use, frames/s.</summary>
public sealed record GuestNetworkClient(int Link, ulong Mac, uint RateLimit);
