using System.Globalization;
using Bulkhead.Build;
using Bulkhead.Config.Checking;
using Bulkhead.Config.Diagnostics;
using Bulkhead.Config.Systems;
using Bulkhead.Systems;

namespace Bulkhead.Cli.HostMode;

/// <summary>One domain as a process: its service, vCPUs, watchdog and the channels it opens.</summary>
public sealed record HostDomain(int Id, string Name, GuestService Service, int Vcpus, ulong WatchdogMs, IReadOnlyList<HostChannelEnd> Channels)
{
    /// <summary>system.yaml `restart:`: how many faults are restarted (0: the first one stops the domain), within a window or over the run.</summary>
    public uint RestartLimit { get; init; }
    public uint RestartWindowMs { get; init; }

    /// <summary>Set when the domain is a `network:` client: its frames go over UDP to the run's bridge.</summary>
    public HostNetworkClient? Network { get; init; }

    /// <summary>BULKHEAD_HOST_CHANNELS for this domain (unikernel-sdk/host/HostChannelTable.cs reads it).</summary>
    public string ChannelSpec => string.Join(';', Channels.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Index}:{c.Role}:{c.Size}:{c.Doorbell}")));
}

/// <summary>A domain's end of channel <paramref name="Index"/>: role w (writer), r (reader) or s (reader of a shared channel).</summary>
public sealed record HostChannelEnd(int Index, char Role, ulong Size, uint Doorbell);

/// <summary>A `network: clients:` entry on the host (addresses as the generated GuestConfig has them).</summary>
public sealed record HostNetworkClient(ulong Mac, uint Ipv4, int PrefixLength, uint Gateway, int Link)
{
    /// <summary>BULKHEAD_HOST_NET for this client (unikernel-sdk/host/HostNetwork.cs reads it).</summary>
    public string Spec(int bridgePort) => string.Create(CultureInfo.InvariantCulture, $"{Mac}:{Ipv4}:{PrefixLength}:{Gateway}:{bridgePort}:{Link}");
}

/// <summary>What `bulkhead run --host` starts: a checked system file's domains, or one service alone.</summary>
public sealed record HostSystemPlan(string Name, IReadOnlyList<HostDomain> Domains, IReadOnlyList<(int Index, ulong Size)> Channels)
{
    /// <summary>The `network:` driver domain, which the run's bridge stands in for (it needs its NIC): not started.</summary>
    public string? NetworkDriver { get; init; }

    /// <summary>A service folder alone: one domain, no channels (what `bulkhead run` boots in QEMU).</summary>
    public static HostSystemPlan ForService(ServiceFolder service, int cores) =>
        new(service.SystemName, [new HostDomain(0, service.DomainName, service.Guest, cores, 0, [])], []);

    /// <summary>
    /// Every domain of a system file (checked before) as a process; a domain whose image is not a C#
    /// service (Linux, a binary file) cannot run on the host: bad input, named.
    /// </summary>
    public static HostSystemPlan ForSystem(RepoLayout repo, string file)
    {
        var bag = new DiagnosticBag();
        var system = SystemLoader.Load(file, bag) ?? throw new CliException($"{file}: cannot be read", ExitCodes.Usage);
        string folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
        var domains = new List<HostDomain>();
        string? driver = system.Network?.Driver?.Value;
        foreach (var d in system.Domains)
        {
            string name = d.DisplayName;
            if (name == driver) continue;
            if (d.Image?.Builtin?.Value is not { } builtin)
                throw new UsageException($"{file}: domain {name}: host mode runs C# services only (image: {{ builtin: <service> }}); " +
                                         "a Linux or binary image needs the emulator: run without --host");
            GuestService service;
            try { service = SystemBuilder.FindService(repo, builtin, folder); }
            catch (BuildException e) { throw new UsageException($"{file}: domain {name}: {e.Message}"); }
            var ends = new List<HostChannelEnd>();
            // The channel number is the position in the plan: links first (2k, 2k+1), then `channels:`.
            foreach (var (c, index) in system.Channels.Select((c, i) => (c, i)))
            {
                ulong size = c.Size?.Value ?? 4096;
                uint doorbell = (uint)(c.Doorbell?.Value ?? 0);
                if (c.Writer?.Value == name) ends.Add(new HostChannelEnd(index, 'w', size, doorbell));
                else if (c.Readers.Any(r => r.Value == name)) ends.Add(new HostChannelEnd(index, c.Kind?.Value == ChannelKind.Shared ? 's' : 'r', size, doorbell));
            }
            bool restarts = d.Restart?.Value == RestartPolicy.Restart;
            domains.Add(new HostDomain(d.Index, name, service, Math.Max(1, d.Cores.Count), d.WatchdogMs?.Value ?? 0, ends)
            {
                // As Resolved.RestartLimit and the hypervisor: policy stop is a limit of 0, restart defaults to 3.
                RestartLimit = restarts ? d.RestartLimit?.Value ?? 3u : 0u,
                RestartWindowMs = restarts ? d.RestartWindowMs?.Value ?? 0u : 0u,
                Network = NetworkClient(system, name),
            });
        }
        return new(system.Name?.Value ?? Path.GetFileNameWithoutExtension(file), domains,
            system.Channels.Select((c, i) => (i, c.Size?.Value ?? 4096UL)).ToList()) { NetworkDriver = driver };
    }

    /// <summary>The domain's `network: clients:` entry (already checked: the values parse).</summary>
    private static HostNetworkClient? NetworkClient(SystemConfig system, string name)
    {
        if (system.Network?.Clients.FirstOrDefault(c => c.Domain?.Value == name) is not { } c) return null;
        NetworkRules.TryParseMac(c.Mac?.Value ?? "", out ulong mac);
        uint ip = 0, gateway = 0;
        int prefix = 0;
        if (c.Ipv4 is { } ipv4) NetworkRules.TryParseCidr(ipv4.Value, out ip, out prefix);
        if (c.Gateway is { } gw) NetworkRules.TryParseAddress(gw.Value, out gateway);
        return new HostNetworkClient(mac, ip, prefix, gateway, c.Link);
    }
}
