using Bulkhead.Config.Boards;
using Bulkhead.Config.Systems;

namespace Bulkhead.Config.Checking;

/// <summary>Linux: a kernel with its DTB and initramfs, loaded from staging (docs/linux.md).</summary>
public enum ImageKind { None, File, Builtin, Linux }

/// <summary>A memory range a domain owns, after the checker placed it.</summary>
public sealed class PlacedRegion
{
    public required MemoryConfig Config { get; init; }
    public AddressRange Range { get; set; }
    public bool Placed { get; set; }        // false until a base is known
    public bool Explicit => Config.Base is not null;
}

/// <summary>One domain with everything resolved: what the report prints and the plan stores.</summary>
public sealed class ResolvedDomain
{
    public required DomainConfig Config { get; init; }
    public required int Index { get; init; }
    public string Name => Config.DisplayName;
    public Criticality Criticality => Config.Level;
    public List<int> Cores { get; } = new();
    public List<PlacedRegion> Memory { get; } = new();
    public List<BoardDevice> Devices { get; } = new();
    public List<uint> ExplicitInterrupts { get; } = new();
    public ConsolePolicy Console => Config.Console?.Value ?? ConsolePolicy.Shared;
    public RestartPolicy Restart => Config.Restart?.Value ?? RestartPolicy.Stop;
    public uint RestartLimit => Config.RestartLimit?.Value ?? (Restart == RestartPolicy.Restart ? 3u : 0u);
    /// <summary>0: the limit counts restarts over the whole run; else within any window of this many ms.</summary>
    public uint RestartWindowMs => Config.RestartWindowMs?.Value ?? 0;
    public uint WatchdogMs => Config.WatchdogMs?.Value ?? 0;
    /// <summary>The C# profile its builtin service is compiled with (docs/csharp-subset.md); absent: <see cref="DefaultProfile"/>. Meaningful for builtin images only.</summary>
    public ServiceProfile Profile => Config.Profile?.Value ?? DefaultProfile(Criticality);

    /// <summary>Issue 17: QM services default to the rich profile, ASIL services to strict (docs/csharp-subset.md).</summary>
    public const bool RichIsTheQmDefault = true;

    /// <summary>The profile of a domain that does not say: strict for ASIL, rich for QM (<see cref="RichIsTheQmDefault"/>).</summary>
    public static ServiceProfile DefaultProfile(Criticality level) =>
        RichIsTheQmDefault && level == Criticality.QM ? ServiceProfile.Rich : ServiceProfile.Strict;
    /// <summary>Bytes of garbage-collected heap for a rich service; 0: the rest of its first RAM region.</summary>
    public ulong HeapSize => Config.Heap?.Value ?? 0;
    /// <summary>The domains this one manages (resolved from 'manages:' by ManagementRules).</summary>
    public List<ResolvedDomain> Manages { get; } = new();

    public ImageKind ImageKind { get; set; }
    public string? ImageName { get; set; }        // builtin name or file name
    public string? ImageFullPath { get; set; }
    public ulong ImageSize { get; set; }
    public uint ImageCrc { get; set; }
    public ulong LoadAddress { get; set; }
    public ulong EntryPoint { get; set; }
    /// <summary>Set for 'image: { linux: ... }' domains.</summary>
    public Linux.LinuxDomain? Linux { get; set; }

    /// <summary>Every SPI this domain receives: its devices' lines and its explicit ones.</summary>
    public IEnumerable<uint> AllInterrupts => Devices.SelectMany(d => d.Interrupts).Concat(ExplicitInterrupts).Distinct().Order();
}

public sealed class ResolvedChannel
{
    public required ChannelConfig Config { get; init; }
    public required int Index { get; init; }
    public string Name => Config.DisplayName;
    public ResolvedDomain? Writer { get; set; }
    public List<ResolvedDomain> Readers { get; } = new();
    public AddressRange Range { get; set; }
    public bool Placed { get; set; }
    public uint Doorbell => (uint)(Config.Doorbell?.Value ?? 0);
    /// <summary>Rings per second when the system file says nothing: enough for event notification,
    /// far below what would keep a reader's core in its interrupt handler.</summary>
    public const uint DefaultDoorbellLimit = 10000;
    public uint DoorbellLimit => (uint)Math.Min(Config.DoorbellLimit?.Value ?? DefaultDoorbellLimit, uint.MaxValue);
    public ChannelKind Kind => Config.Kind?.Value ?? ChannelKind.OneWay;
}

/// <summary>One line of the interference report.</summary>
public sealed record InterferenceNote(string Topic, string Text, bool Waived = false);

public sealed class ResolvedSystem
{
    public required SystemConfig Config { get; init; }
    public required Board Board { get; init; }
    public List<ResolvedDomain> Domains { get; } = new();
    public List<ResolvedChannel> Channels { get; } = new();
    public List<InterferenceNote> Interference { get; } = new();
    /// <summary>'network:' after NetworkRules (null when the system has none or it has errors).</summary>
    public ResolvedNetwork? Network { get; set; }
    /// <summary>'management:' after ManagementServiceRules (null when the system has none or it has errors).</summary>
    public ResolvedManagement? Management { get; set; }

    public ResolvedDomain? Domain(string name) => Domains.FirstOrDefault(d => d.Config.Name?.Value == name);
    public ResolvedDomain? OwnerOfCore(int core) => Domains.FirstOrDefault(d => d.Cores.Contains(core));
    public ResolvedDomain? OwnerOfDevice(BoardDevice dev) => Domains.FirstOrDefault(d => d.Devices.Contains(dev));
}
