using Bulkhead.Config.Boards;
using Bulkhead.Config.Diagnostics;
using Bulkhead.Config.Systems;
using Bulkhead.Config.Yaml;

namespace Bulkhead.Config.Checking;

/// <summary>
/// Runs every rule over a system description and collects all findings in one pass.
/// Rules are grouped by concern in the *Rules classes; each one reads the context and reports.
/// </summary>
public static class Checker
{
    public static CheckResult CheckFile(string systemFile)
    {
        var bag = new DiagnosticBag();
        var config = SystemLoader.Load(systemFile, bag);
        if (config is null) return new CheckResult { Diagnostics = bag };
        return Check(config, bag);
    }

    public static CheckResult Check(SystemConfig config, DiagnosticBag bag)
    {
        var board = LoadBoard(config, bag);
        if (board is null) return new CheckResult { Diagnostics = bag };

        var system = new ResolvedSystem { Config = config, Board = board };
        foreach (var d in config.Domains) system.Domains.Add(new ResolvedDomain { Config = d, Index = system.Domains.Count });
        foreach (var c in config.Channels) system.Channels.Add(new ResolvedChannel { Config = c, Index = system.Channels.Count });

        var ctx = new CheckContext(system, bag);
        AddressSpace.Run(ctx);
        CoreRules.Run(ctx);
        RestartRules.Run(ctx);
        DeviceRules.Run(ctx);
        ConsoleDriverRules.Run(ctx);
        InterruptRules.Run(ctx);
        NoGicRules.Run(ctx);
        ChannelRules.Run(ctx);
        NetworkRules.Run(ctx);
        LinuxRules.Resolve(ctx);
        MemoryRules.Run(ctx);
        LinuxRules.Layout(ctx);
        ImageRules.Run(ctx);
        ManagementRules.Run(ctx);
        ManagementServiceRules.Run(ctx);
        ProfileRules.Run(ctx);
        HypervisorFootprint.Run(ctx);
        DmaRules.Run(ctx);
        InterferenceRules.Run(ctx);
        PlanCapacity(system, bag);
        if (config.Domains.Count > (int)Core.Plan.PlanFormat.MaxDomains)
            bag.Error(Codes.BadValue, config.Domains[(int)Core.Plan.PlanFormat.MaxDomains].At, "domains", $"{config.Domains.Count} domains are more than the plan holds",
                $"Use at most {Core.Plan.PlanFormat.MaxDomains} domains");

        return new CheckResult { Diagnostics = bag, System = bag.HasErrors ? null : system };
    }

    /// <summary>A valid system must also fit the plan's fixed limits, or the hypervisor would reject it.</summary>
    static void PlanCapacity(ResolvedSystem sys, DiagnosticBag bag)
    {
        var at = sys.Config.Domains.Count > 0 ? sys.Config.Domains[0].At : sys.Config.At;
        void Limit(string what, int count, uint max)
        {
            if (count > max)
                bag.Error(Codes.BadValue, at, "domains", $"the system needs {count} {what}, more than the plan's limit of {max}", "Give fewer devices or regions to the domains");
        }
        Limit("memory/MMIO/channel regions", sys.Domains.Sum(d => d.Memory.Count + d.Devices.Sum(x => x.Mmio.Count)) + sys.Channels.Sum(c => 1 + c.Readers.Count), Core.Plan.PlanFormat.MaxRegions);
        Limit("devices", sys.Domains.Sum(d => d.Devices.Count), Core.Plan.PlanFormat.MaxDevices);
        Limit("interrupt routes", sys.Domains.Sum(d => d.AllInterrupts.Count()) + sys.Channels.Sum(c => c.Doorbell != 0 ? c.Readers.Count : 0), Core.Plan.PlanFormat.MaxInterrupts);
        Limit("channels", sys.Channels.Count, Core.Plan.PlanFormat.MaxChannels);
        Limit("cores on the board", sys.Board.Cores.Count, Core.Plan.PlanFormat.MaxCores);
    }

    static Board? LoadBoard(SystemConfig config, DiagnosticBag bag)
    {
        if (config.Board is null) { return null; }
        string folder = Path.GetDirectoryName(config.FullPath) ?? ".";
        var candidates = BoardLocator.Candidates(config.Board.Value, folder);
        string? path = candidates.FirstOrDefault(File.Exists);
        if (path is null)
        {
            // Suggest the closest ids rather than listing every board (the list grows; 'bulkhead board list' shows it).
            var close = BoardLocator.KnownIds(folder).Select(id => (id, d: Distance(id, config.Board.Value))).Where(x => x.d <= 3).OrderBy(x => x.d).ThenBy(x => x.id, StringComparer.Ordinal).Select(x => $"'{x.id}'").Take(3).ToList();
            string fix = (close.Count > 0 ? $"Did you mean {string.Join(" or ", close)}? " : "") + "'bulkhead board list' shows the boards in boards/; a path to a board file works too";
            string looked = candidates.Count > 0 ? $"looked for {string.Join(", ", candidates.Select(DisplayPath))}" : "no boards/ folder above the system file or the current directory";
            if (candidates.Count == 0) fix = "Run from the Bulkhead repository, or give a path to a board file relative to the system file";
            bag.Fatal(Codes.BoardNotFound, config.Board.At, "board", $"board '{config.Board.Value}' not found ({looked})", fix);
            return null;
        }
        var boardBag = new DiagnosticBag();
        var board = BoardLoader.Load(path, DisplayPath(path), boardBag);
        foreach (var d in boardBag.Items) bag.Add(d);
        if (board is null || boardBag.HasErrors)
        {
            bag.Fatal(Codes.BoardInvalid, config.Board.At, "board", $"board file {DisplayPath(path)} has errors (listed above)", "Fix the board file first");
            return null;
        }
        return board;
    }

    static int Distance(string a, string b)
    {
        var prev = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            var cur = new int[b.Length + 1];
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++) cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            prev = cur;
        }
        return prev[b.Length];
    }

    /// <summary>Files of the repository (boards) are shown relative to its root, like users type them.</summary>
    public static string DisplayPath(string path)
    {
        string full = Path.GetFullPath(path);
        string? root = BoardLocator.FindRepoRoot(Path.GetDirectoryName(full) ?? ".");
        if (root is null) return full;
        string rel = Path.GetRelativePath(root, full);
        return rel.StartsWith("..", StringComparison.Ordinal) ? full : rel;
    }

    /// <summary>Paths in messages are relative to the current directory when that is shorter.</summary>
    public static string Relative(string path)
    {
        string rel = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        return rel.Length < path.Length ? rel : path;
    }
}

/// <summary>Shared state of one check run.</summary>
public sealed class CheckContext
{
    public CheckContext(ResolvedSystem system, DiagnosticBag bag) { System = system; Bag = bag; }

    public ResolvedSystem System { get; }
    public DiagnosticBag Bag { get; }
    public Board Board => System.Board;
    public string File => System.Config.File;

    /// <summary>Where each INTID was first given to a domain (by a device or explicitly).</summary>
    public Dictionary<uint, (ResolvedDomain Domain, string What)> InterruptOwners { get; } = new();

    /// <summary>Domains whose memory could not be fully placed (image rules skip them).</summary>
    public HashSet<ResolvedDomain> MemoryIncomplete { get; } = new();

    public ResolvedDomain? FindDomain(string name) => System.Domain(name);

    public string KnownDomains => string.Join(", ", System.Domains.Select(d => d.Name));

    public static string CriticalityName(Criticality c) => SystemLoader.CriticalityNames.First(kv => kv.Value == c).Key;
}
