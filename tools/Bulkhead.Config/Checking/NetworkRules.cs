using System.Globalization;
using Bulkhead.Config.Diagnostics;
using Bulkhead.Config.Systems;
using Bulkhead.Config.Yaml;

namespace Bulkhead.Config.Checking;

/// <summary>
/// 'network:' (docs/driver-domains.md): the driver is a domain that owns the NIC as a passthrough
/// virtio-mmio device (BH115); each client is another domain, listed once (BH116), with a unicast
/// MAC no other client has (BH117), an optional IPv4 address/prefix and gateway inside its subnet,
/// unique (BH118), a rate limit the driver can enforce and rings a full frame fits in (BH119).
/// The client links themselves are checked by the channel rules like any link.
/// </summary>
public static class NetworkRules
{
    /// <summary>Clients one driver domain serves (its tables are sized for this many).</summary>
    public const int MaxClients = 16;
    public const ulong MaxRateLimit = 1_000_000;
    /// <summary>A ring carries messages up to half its data area: 8 KiB per direction fits a 1514-byte frame with room to spare.</summary>
    public const ulong MinRingSize = 8 * 1024;

    public static void Run(CheckContext ctx)
    {
        if (ctx.System.Config.Network is not { } net) return;
        var bag = ctx.Bag;
        int errors = bag.ErrorCount;

        ResolvedDomain? driver = null;
        Boards.BoardDevice? device = null;
        if (net.Driver is { } d)
        {
            driver = ctx.FindDomain(d.Value);
            if (driver is null)
                bag.Error(Codes.NetworkDriverInvalid, d.At, d.Path, $"network driver '{d.Value}' is not a domain of this system", "Name one of the domains under 'domains:'");
            else if (driver.Config.Image?.Linux is not null)
                bag.Error(Codes.NetworkDriverInvalid, d.At, d.Path, $"network driver '{d.Value}' runs Linux; the network driver domain is the SDK's net-driver service",
                    "Use 'image: { builtin: net-driver }' for the driver domain");
        }
        if (net.Device is { } dev && driver is not null)
        {
            device = driver.Devices.FirstOrDefault(x => x.Name == dev.Value);
            if (device is null)
                bag.Error(Codes.NetworkDriverInvalid, dev.At, dev.Path,
                    ctx.Board.Devices.Any(x => x.Name == dev.Value)
                        ? $"device '{dev.Value}' is not one of driver domain '{driver.Name}''s devices"
                        : $"board '{ctx.Board.Id}' has no device '{dev.Value}'",
                    $"Add it to the 'devices:' of domain '{driver.Name}' (the driver owns the NIC)");
            else if (device.Compatible != "virtio,mmio")
                bag.Error(Codes.NetworkDriverInvalid, dev.At, dev.Path, $"device '{dev.Value}' is '{device.Compatible}', not a virtio-mmio transport",
                    "The network driver domain drives virtio-net on virtio-mmio: name a virtio,mmio device");
            else if (device.Interrupts.Count == 0)
                bag.Error(Codes.NetworkDriverInvalid, dev.At, dev.Path, $"device '{dev.Value}' has no interrupt in the board description",
                    "Give the device its 'interrupts:' in the board file");
        }

        if (net.RingSize is { } ring && ring.Value < MinRingSize)
            bag.Error(Codes.NetworkLimitInvalid, ring.At, ring.Path, $"ring_size {ring.Value} is too small for a full Ethernet frame",
                $"Use at least {MinRingSize / 1024}K (the default is {NetworkConfig.DefaultRingSize / 1024}K)");
        if (net.Clients.Count > MaxClients)
            bag.Error(Codes.NetworkClientInvalid, net.ClientsAt, net.Path + ".clients", $"{net.Clients.Count} clients are more than a driver domain serves",
                $"Use at most {MaxClients} clients");

        var seenDomains = new Dictionary<string, Loc<string>>(StringComparer.Ordinal);
        var seenMacs = new Dictionary<ulong, Loc<string>>();
        var seenIps = new Dictionary<uint, Loc<string>>();
        var clients = new List<ResolvedNetworkClient>();
        foreach (var c in net.Clients)
        {
            ResolvedDomain? domain = null;
            if (c.Domain is { } name)
            {
                domain = ctx.FindDomain(name.Value);
                if (domain is null)
                    bag.Error(Codes.NetworkClientInvalid, name.At, name.Path, $"network client '{name.Value}' is not a domain of this system", "Name one of the domains under 'domains:'");
                else if (driver is not null && domain == driver)
                    bag.Error(Codes.NetworkClientInvalid, name.At, name.Path, $"'{name.Value}' is the driver domain; it cannot be its own client", "List only the other domains as clients");
                else if (seenDomains.TryGetValue(name.Value, out var first))
                    bag.Error(Codes.NetworkClientInvalid, name.At, name.Path, $"network client '{name.Value}' is already listed at line {first.At.Line}", "List each client once");
                else seenDomains[name.Value] = name;
            }

            ulong mac = 0;
            if (c.Mac is { } macText)
            {
                if (!TryParseMac(macText.Value, out mac))
                    bag.Error(Codes.NetworkMacInvalid, macText.At, macText.Path, $"'{macText.Value}' is not a MAC address", "Write six hex bytes with colons, quoted: \"02:00:00:00:00:0a\"");
                else if ((mac >> 40 & 1) != 0 || mac == 0)
                    bag.Error(Codes.NetworkMacInvalid, macText.At, macText.Path, $"{macText.Value} is {(mac == 0 ? "all zero" : "a multicast/broadcast address")}, not a unicast MAC",
                        "Use a unicast address: the first byte even, e.g. locally administered 02:xx:xx:xx:xx:xx");
                else if (seenMacs.TryGetValue(mac, out var first))
                    bag.Error(Codes.NetworkMacInvalid, macText.At, macText.Path, $"MAC {macText.Value} is already the address of the client at line {first.At.Line}", "Give every client its own MAC");
                else seenMacs[mac] = macText;
            }

            uint ip = 0, gateway = 0;
            int prefix = 0;
            if (c.Ipv4 is { } ipText)
            {
                if (!TryParseCidr(ipText.Value, out ip, out prefix))
                    bag.Error(Codes.NetworkIpv4Invalid, ipText.At, ipText.Path, $"'{ipText.Value}' is not an IPv4 address with a prefix length", "Write address/prefix: 10.0.2.10/24");
                else if (ip == 0 || (prefix < 32 && (ip & ~Mask(prefix)) == 0) || (prefix < 31 && (ip | Mask(prefix)) == uint.MaxValue) || ip >> 28 >= 14)
                    bag.Error(Codes.NetworkIpv4Invalid, ipText.At, ipText.Path, $"{ipText.Value} is not a host address (network, broadcast, multicast or reserved)",
                        "Give the client a host address inside its subnet");
                else if (seenIps.TryGetValue(ip, out var first))
                    bag.Error(Codes.NetworkIpv4Invalid, ipText.At, ipText.Path, $"IPv4 address {ipText.Value} is already the address of the client at line {first.At.Line}", "Give every client its own address");
                else seenIps[ip] = ipText;
            }
            if (c.Gateway is { } gwText)
            {
                if (c.Ipv4 is null)
                    bag.Error(Codes.NetworkIpv4Invalid, gwText.At, gwText.Path, "a gateway without an address of the client's own", "Add 'ipv4: <address>/<prefix>' or remove 'gateway'");
                else if (!TryParseAddress(gwText.Value, out gateway))
                    bag.Error(Codes.NetworkIpv4Invalid, gwText.At, gwText.Path, $"'{gwText.Value}' is not an IPv4 address", "Write a dotted address: 10.0.2.2");
                else if (ip != 0 && ((gateway ^ ip) & Mask(prefix)) != 0)
                    bag.Error(Codes.NetworkIpv4Invalid, gwText.At, gwText.Path, $"gateway {gwText.Value} is outside the client's subnet {c.Ipv4.Value}", "Use a gateway on the client's own subnet");
                else if (gateway == ip && ip != 0)
                    bag.Error(Codes.NetworkIpv4Invalid, gwText.At, gwText.Path, $"gateway {gwText.Value} is the client's own address", "Use another host of the subnet as the gateway");
            }

            uint rate = (uint)NetworkClientConfig.DefaultRateLimit;
            if (c.RateLimit is { } limit)
            {
                if (limit.Value == 0 || limit.Value > MaxRateLimit)
                    bag.Error(Codes.NetworkLimitInvalid, limit.At, limit.Path, $"rate_limit {limit.Value} frames/s is {(limit.Value == 0 ? "no traffic at all" : "more than the driver can enforce")}",
                        $"Use 1 to {MaxRateLimit} frames per second (absent: {NetworkClientConfig.DefaultRateLimit})");
                else rate = (uint)limit.Value;
            }
            if (domain is not null && c.Link >= 0)
                clients.Add(new ResolvedNetworkClient { Domain = domain, Link = c.Link, Mac = mac, Ipv4 = ip, PrefixLength = prefix, Gateway = gateway, RateLimit = rate });
        }

        if (bag.ErrorCount == errors && driver is not null && device is not null)
        {
            var resolved = new ResolvedNetwork { Driver = driver, Device = device };
            resolved.Clients.AddRange(clients);
            ctx.System.Network = resolved;
        }
    }

    static uint Mask(int prefix) => prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);

    public static bool TryParseMac(string text, out ulong mac)
    {
        mac = 0;
        var parts = text.Split(':');
        if (parts.Length != 6) return false;
        foreach (var p in parts)
        {
            if (p.Length != 2 || !byte.TryParse(p, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out byte b)) return false;
            mac = (mac << 8) | b;
        }
        return true;
    }

    public static bool TryParseAddress(string text, out uint address)
    {
        address = 0;
        var parts = text.Split('.');
        if (parts.Length != 4) return false;
        foreach (var p in parts)
        {
            if (p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit) || !byte.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out byte b)) return false;
            address = (address << 8) | b;
        }
        return true;
    }

    public static bool TryParseCidr(string text, out uint address, out int prefix)
    {
        prefix = 0;
        address = 0;
        int slash = text.IndexOf('/');
        if (slash < 0) return false;
        return TryParseAddress(text[..slash], out address)
            && int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out prefix) && prefix is >= 1 and <= 32;
    }
}
