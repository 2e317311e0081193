using Bulkhead.Config.Diagnostics;
using Bulkhead.Config.Yaml;

namespace Bulkhead.Config.Systems;

/// <summary>ISO 26262 levels, ordered so a larger value means more critical.</summary>
public enum Criticality { QM = 0, AsilA = 1, AsilB = 2, AsilC = 3, AsilD = 4 }
public enum RestartPolicy { Stop, Restart }
/// <summary>Driver: a console driver domain (docs/driver-domains.md) - Exclusive, plus a ring from every other domain.</summary>
public enum ConsolePolicy { None, Shared, Exclusive, Driver }

/// <summary>Which C# a unikernel service is written in (docs/csharp-subset.md): the strict subset or the rich profile (GC, exceptions, ...).</summary>
public enum ServiceProfile { Strict, Rich }

public static class ConsolePolicies
{
    /// <summary>The domain gets the board's console UART (its page and its interrupt).</summary>
    public static bool HasTheUart(this ConsolePolicy policy) => policy is ConsolePolicy.Exclusive or ConsolePolicy.Driver;
}
public enum ChannelKind { OneWay, Shared }

/// <summary>A system description (system.yaml) as written; every value keeps its location.</summary>
public sealed class SystemConfig
{
    public required string File { get; init; }          // path as given (for messages)
    public required string FullPath { get; init; }      // absolute path (for resolving relatives)
    public SourceSpan At { get; init; }
    public Loc<string>? Name { get; set; }
    public Loc<string>? Board { get; set; }
    public List<DomainConfig> Domains { get; } = new();
    public List<ChannelConfig> Channels { get; } = new();
    public List<WaiverConfig> Waivers { get; } = new();
    /// <summary>'network:' (null when absent). Its client links are in <see cref="Channels"/> after the 'links:' ones.</summary>
    public NetworkConfig? Network { get; set; }
    /// <summary>'management:' (null when absent): the domain serving the management API, its key file and port.</summary>
    public ManagementConfig? Management { get; set; }
}

public sealed class DomainConfig
{
    public required int Index { get; init; }
    public required string Path { get; init; }          // e.g. domains[1]
    public SourceSpan At { get; init; }
    public Loc<string>? Name { get; set; }
    public Loc<Criticality>? Criticality { get; set; }
    public List<Loc<ulong>> Cores { get; } = new();
    public SourceSpan CoresAt { get; set; }
    /// <summary>True when 'cores' was written as an empty list (not missing, not mistyped).</summary>
    public bool CoresEmpty { get; set; }
    public List<MemoryConfig> Memory { get; } = new();
    public SourceSpan MemoryAt { get; set; }
    /// <summary>True when 'memory' was written as an empty list.</summary>
    public bool MemoryEmpty { get; set; }
    public List<Loc<string>> Devices { get; } = new();
    public List<Loc<ulong>> Interrupts { get; } = new();
    public List<Loc<string>> DependsOn { get; } = new();
    /// <summary>'manages: [names]': the domains this one may list, inspect, stop, start and restart (docs/management.md).</summary>
    public List<Loc<string>> Manages { get; } = new();
    public ImageConfig? Image { get; set; }
    public Loc<ulong>? EntryPoint { get; set; }
    public Loc<ConsolePolicy>? Console { get; set; }
    public Loc<RestartPolicy>? Restart { get; set; }
    public Loc<uint>? RestartLimit { get; set; }
    /// <summary>'restart.window_ms': the limit counts restarts within any window this long (absent or 0: over the whole run).</summary>
    public Loc<uint>? RestartWindowMs { get; set; }
    /// <summary>Where the 'restart' value is (for findings about the policy as a whole).</summary>
    public SourceSpan RestartAt { get; set; }
    public Loc<uint>? WatchdogMs { get; set; }
    /// <summary>'profile: strict|rich': the C# profile of a builtin service (absent: strict).</summary>
    public Loc<ServiceProfile>? Profile { get; set; }
    /// <summary>'heap: 4M': the rich profile's garbage-collected heap (absent: the rest of the domain's first RAM region).</summary>
    public Loc<ulong>? Heap { get; set; }

    public string DisplayName => Name?.Value ?? Path;
    public Criticality Level => Criticality?.Value ?? Systems.Criticality.QM;
}

/// <summary>One memory entry: explicit (base + size) or sized (the checker places it).</summary>
public sealed class MemoryConfig
{
    public required string Path { get; init; }
    public SourceSpan At { get; init; }
    public Loc<ulong>? Base { get; set; }
    public Loc<ulong>? Size { get; set; }
    public string Access { get; set; } = "rwx";
}

public sealed class ImageConfig
{
    public required string Path { get; init; }
    public SourceSpan At { get; init; }
    public Loc<string>? File { get; set; }
    public Loc<string>? Builtin { get; set; }
    public Loc<ulong>? LoadAddress { get; set; }
    /// <summary>An arm64 Linux Image (or gzip-compressed vmlinuz), or 'debian' for the kernel setup fetched.</summary>
    public Loc<string>? Linux { get; set; }
    /// <summary>Linux only: an initramfs file, or 'busybox' for the one the build makes.</summary>
    public Loc<string>? Initrd { get; set; }
    /// <summary>Linux only: the kernel command line (chosen/bootargs).</summary>
    public Loc<string>? Bootargs { get; set; }
}

public sealed class ChannelConfig
{
    public required int Index { get; init; }
    public required string Path { get; init; }
    public SourceSpan At { get; init; }
    public Loc<string>? Name { get; set; }
    public Loc<string>? Writer { get; set; }
    public List<Loc<string>> Readers { get; } = new();
    public SourceSpan ReadersAt { get; set; }
    public bool ReadersEmpty { get; set; }
    public Loc<ulong>? Size { get; set; }
    public Loc<ulong>? Base { get; set; }
    public Loc<ulong>? Doorbell { get; set; }
    /// <summary>Doorbell rings per second the writer may make (0 = no limit); absent: the default.</summary>
    public Loc<ulong>? DoorbellLimit { get; set; }
    public Loc<ChannelKind>? Kind { get; set; }
    /// <summary>The `links:` entry this channel is one direction of (null for a `channels:` entry).</summary>
    public string? Link { get; init; }
    /// <summary>0: the link's first domain writes to the second; 1: back.</summary>
    public int LinkDirection { get; init; }

    public string DisplayName => Name?.Value ?? Path;
}

public sealed class WaiverConfig
{
    public required string Path { get; init; }
    public SourceSpan At { get; init; }
    public Loc<string>? Rule { get; set; }
    public List<Loc<string>> Domains { get; } = new();
    public Loc<string>? Justification { get; set; }
    public bool Used { get; set; }
    /// <summary>False when the waiver itself has an error; then it is not reported as unused.</summary>
    public bool WellFormed { get; set; } = true;
}

/// <summary>
/// 'network:': a driver domain owns a NIC (one of its devices) and bridges one duplex link per
/// client (generated, named net.&lt;client&gt;) to it (docs/driver-domains.md).
/// </summary>
public sealed class NetworkConfig
{
    public required string Path { get; init; }
    public SourceSpan At { get; init; }
    public Loc<string>? Driver { get; set; }
    public Loc<string>? Device { get; set; }
    /// <summary>Size of each direction of every client link (default <see cref="DefaultRingSize"/>).</summary>
    public Loc<ulong>? RingSize { get; set; }
    public List<NetworkClientConfig> Clients { get; } = new();
    /// <summary>Where the 'clients' list is (for findings about all of them).</summary>
    public SourceSpan ClientsAt { get; set; }

    public const ulong DefaultRingSize = 16 * 1024;
}

public sealed class NetworkClientConfig
{
    public required int Index { get; init; }
    public required string Path { get; init; }
    public SourceSpan At { get; init; }
    public Loc<string>? Domain { get; set; }
    /// <summary>"02:00:00:00:00:0a".</summary>
    public Loc<string>? Mac { get; set; }
    /// <summary>"10.0.2.10/24".</summary>
    public Loc<string>? Ipv4 { get; set; }
    public Loc<string>? Gateway { get; set; }
    /// <summary>Frames per second the driver forwards from this client (absent: <see cref="DefaultRateLimit"/>).</summary>
    public Loc<ulong>? RateLimit { get; set; }
    /// <summary>Optional SPIs for the link's doorbells: [driver to client, client to driver].</summary>
    public List<Loc<ulong>> Doorbells { get; } = new();
    public SourceSpan DoorbellsAt { get; set; }
    /// <summary>Index of the generated link net.&lt;domain&gt; (links: entries come first).</summary>
    public int Link { get; set; } = -1;

    public const ulong DefaultRateLimit = 10000;
}

/// <summary>
/// 'management:' (docs/management.md): the domain that serves the management API over UDP
/// (a network client that manages others), the file holding its HMAC key and the UDP port.
/// </summary>
public sealed class ManagementConfig
{
    public required string Path { get; init; }
    public SourceSpan At { get; init; }
    public Loc<string>? Server { get; set; }
    /// <summary>Relative to the system file; the key itself is never in the YAML.</summary>
    public Loc<string>? KeyFile { get; set; }
    public Loc<ulong>? UdpPort { get; set; }

    public const ushort DefaultUdpPort = 7700;
}
