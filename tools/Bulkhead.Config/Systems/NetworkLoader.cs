using Bulkhead.Config.Diagnostics;
using Bulkhead.Config.Yaml;
using YamlDotNet.RepresentationModel;

namespace Bulkhead.Config.Systems;

/// <summary>
/// Reads 'network:' (docs/driver-domains.md) and generates one duplex link net.&lt;client&gt; per
/// client between the driver domain (first end: it writes channel 2k) and the client. The channel
/// rules then check those links like written ones; the network rules (NetworkRules) check the rest.
/// </summary>
public static class NetworkLoader
{
    public static void Read(MapReader m, SystemConfig sys)
    {
        var net = new NetworkConfig { Path = m.Path, At = m.At };
        net.Driver = m.String("driver", required: true, hint: "Name the domain that owns the NIC: 'driver: netdrv'");
        net.Device = m.String("device", required: true, hint: "Name the NIC, one of the driver domain's devices: 'device: virtio0'");
        net.RingSize = m.Number("ring_size");
        net.ClientsAt = m.SpanOf("clients");
        foreach (var item in m.List("clients", required: true, hint: "List the client domains: 'clients: [{ domain: client-a, mac: \"02:00:00:00:00:0a\" }]'"))
            if (Scalars.Map(item.Node, m.File, item.Path, m.Bag) is { } c) net.Clients.Add(ReadClient(c, item));
        m.Finish();
        sys.Network = net;

        int firstLink = sys.Channels.Count / 2;
        var linked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var client in net.Clients)
        {
            // The driver as its own client or a client listed twice gets no (second) link: NetworkRules reports it.
            if (client.Domain is null || net.Driver is null || client.Domain.Value == net.Driver.Value || !linked.Add(client.Domain.Value)) continue;
            client.Link = firstLink++;
            string link = "net." + client.Domain.Value;
            for (int direction = 0; direction < 2; direction++)
            {
                var c = new ChannelConfig { Index = client.Index, Path = client.Path, At = client.At, Link = link, LinkDirection = direction };
                c.Name = client.Domain with { Value = $"{link}.{direction}" };
                c.Writer = direction == 0 ? net.Driver : client.Domain;
                c.Readers.Add(direction == 0 ? client.Domain : net.Driver);
                c.ReadersAt = client.At;
                c.Size = net.RingSize ?? new Loc<ulong>(NetworkConfig.DefaultRingSize, net.At, net.Path + ".ring_size");
                c.Doorbell = client.Doorbells.Count == 2 ? client.Doorbells[direction] : null;
                sys.Channels.Add(c);
            }
        }
    }

    static NetworkClientConfig ReadClient(MapReader m, Item item)
    {
        var c = new NetworkClientConfig { Index = item.Index, Path = item.Path, At = item.At };
        c.Domain = m.String("domain", required: true, hint: "Name the client domain: 'domain: client-a'");
        c.Mac = m.String("mac", required: true, hint: "Give the client a unicast MAC: 'mac: \"02:00:00:00:00:0a\"' (quoted: YAML reads 00:0a as a number)");
        c.Ipv4 = m.String("ipv4");
        c.Gateway = m.String("gateway");
        c.RateLimit = m.Number("rate_limit");
        c.DoorbellsAt = m.SpanOf("doorbells");
        foreach (var e in m.List("doorbells"))
            if (Scalars.Number(e.Node, m.File, e.Path, m.Bag) is { } v) c.Doorbells.Add(v);
        if (m.Raw("doorbells") is YamlSequenceNode { Children.Count: not 2 } bells)
            m.Bag.Error(Codes.BadValue, c.DoorbellsAt, item.Path + ".doorbells", $"a client link has two doorbells (one per direction), not {bells.Children.Count}",
                "List two SPIs: 'doorbells: [120, 121]' (the first rings the client, the second the driver)");
        m.Finish();
        return c;
    }
}
