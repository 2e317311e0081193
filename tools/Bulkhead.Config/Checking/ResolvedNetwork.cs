using Bulkhead.Config.Boards;

namespace Bulkhead.Config.Checking;

/// <summary>The network driver domain, its NIC and its clients, checked (what the build generates constants from).</summary>
public sealed class ResolvedNetwork
{
    public required ResolvedDomain Driver { get; init; }
    public required BoardDevice Device { get; init; }
    public List<ResolvedNetworkClient> Clients { get; } = new();

    /// <summary>The NIC's register block and interrupt (the driver domain's generated constants).</summary>
    public ulong DeviceBase => Device.Mmio.Count > 0 ? Device.Mmio[0].Base : 0;
    public uint DeviceIntId => Device.Interrupts.Count > 0 ? Device.Interrupts[0] : 0;

    public ResolvedNetworkClient? ClientFor(ResolvedDomain domain) => Clients.FirstOrDefault(c => c.Domain == domain);
}

public sealed class ResolvedNetworkClient
{
    public required ResolvedDomain Domain { get; init; }
    /// <summary>Link index of net.&lt;domain&gt; (channels 2k: driver to client, 2k+1: back).</summary>
    public required int Link { get; init; }
    /// <summary>The 6 bytes big-endian in the low 48 bits.</summary>
    public required ulong Mac { get; init; }
    /// <summary>Host order; 0 = none.</summary>
    public uint Ipv4 { get; init; }
    public int PrefixLength { get; init; }
    /// <summary>Host order; 0 = none.</summary>
    public uint Gateway { get; init; }
    public required uint RateLimit { get; init; }
}
