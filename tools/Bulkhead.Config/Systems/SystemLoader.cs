using Bulkhead.Config.Diagnostics;
using Bulkhead.Config.Yaml;
using YamlDotNet.RepresentationModel;

namespace Bulkhead.Config.Systems;

/// <summary>Reads system.yaml into SystemConfig, reporting shape errors (BH010-BH014) located.</summary>
public static class SystemLoader
{
    public static readonly Dictionary<string, Criticality> CriticalityNames = new()
    {
        ["QM"] = Criticality.QM, ["ASIL-A"] = Criticality.AsilA, ["ASIL-B"] = Criticality.AsilB,
        ["ASIL-C"] = Criticality.AsilC, ["ASIL-D"] = Criticality.AsilD,
    };
    static readonly Dictionary<string, RestartPolicy> RestartNames = new() { ["stop"] = RestartPolicy.Stop, ["restart"] = RestartPolicy.Restart };
    static readonly Dictionary<string, ConsolePolicy> ConsoleNames = new()
    {
        ["none"] = ConsolePolicy.None, ["shared"] = ConsolePolicy.Shared, ["exclusive"] = ConsolePolicy.Exclusive, ["driver"] = ConsolePolicy.Driver,
    };
    static readonly Dictionary<string, ServiceProfile> ProfileNames = new() { ["strict"] = ServiceProfile.Strict, ["rich"] = ServiceProfile.Rich };
    static readonly Dictionary<string, ChannelKind> ChannelKinds = new() { ["one-way"] = ChannelKind.OneWay, ["shared"] = ChannelKind.Shared };

    public static SystemConfig? Load(string file, DiagnosticBag bag)
    {
        var root = YamlLoader.LoadMapping(file, file, bag, "system");
        if (root is null) return null;
        return Read(root, file, Path.GetFullPath(file), bag);
    }

    public static SystemConfig Read(YamlMappingNode root, string file, string fullPath, DiagnosticBag bag)
    {
        var r = new MapReader(file, "", root, bag);
        var sys = new SystemConfig { File = file, FullPath = fullPath, At = r.At };
        sys.Name = r.String("name");
        sys.Board = r.String("board", required: true, hint: "Add 'board: <board id>' (e.g. qemu-virt-gicv3) or a path to a board file");

        var domains = r.List("domains", required: true, hint: "Add a 'domains:' list with at least one domain");
        foreach (var item in domains)
            if (Scalars.Map(item.Node, file, item.Path, bag) is { } m) sys.Domains.Add(ReadDomain(m, item));
        // Links first: link k is channels 2k and 2k+1, whatever `channels:` holds (guests count on it).
        foreach (var item in r.List("links"))
            if (Scalars.Map(item.Node, file, item.Path, bag) is { } m) sys.Channels.AddRange(ReadLink(m, item));
        // The network's client links follow the written links (link numbers of both stay as written).
        if (r.Map("network") is { } network) NetworkLoader.Read(network, sys);
        if (r.Map("management") is { } management) ManagementLoader.Read(management, sys);
        // The console driver's client links follow the written links.
        ConsoleLinks.Generate(sys);
        foreach (var item in r.List("channels"))
            if (Scalars.Map(item.Node, file, item.Path, bag) is { } m) sys.Channels.Add(ReadChannel(m, item));
        foreach (var item in r.List("waivers"))
            if (Scalars.Map(item.Node, file, item.Path, bag) is { } m) sys.Waivers.Add(ReadWaiver(m, item));
        r.Finish();

        CheckUniqueNames(sys.Domains.Select(d => d.Name), "domain", bag);
        CheckUniqueNames(sys.Channels.Select(c => c.Name), "channel", bag);
        return sys;
    }

    static DomainConfig ReadDomain(MapReader m, Item item)
    {
        var d = new DomainConfig { Index = item.Index, Path = item.Path, At = item.At };
        d.Name = m.String("name", required: true, hint: "Give the domain a name: 'name: control'");
        if (d.Name is not null) CheckName(d.Name, (int)Core.Plan.PlanFormat.NameLength - 1, m.Bag);
        d.Criticality = m.Enum("criticality", CriticalityNames, required: true, hint: "Add 'criticality:' with one of QM, ASIL-A, ASIL-B, ASIL-C, ASIL-D");

        d.CoresAt = m.SpanOf("cores");
        d.CoresEmpty = m.Raw("cores") is YamlSequenceNode { Children.Count: 0 };
        foreach (var c in m.List("cores", required: true, hint: "List the physical cores this domain runs on: 'cores: [1]'"))
            if (Scalars.Number(c.Node, m.File, c.Path, m.Bag) is { } v) d.Cores.Add(v);

        d.MemoryAt = m.SpanOf("memory");
        var mem = m.Raw("memory");
        d.MemoryEmpty = mem is YamlSequenceNode { Children.Count: 0 };
        if (mem is null) m.Bag.Error(Codes.MissingField, m.At, m.Sub("memory"), "required field 'memory' is missing",
            "Add 'memory: 64M' (placed by the checker) or 'memory: [{ base: 0x..., size: ... }]'");
        else if (mem is YamlScalarNode)
        {
            // Shorthand "memory: 64M": one region placed by the checker.
            var size = Scalars.Number(mem, m.File, m.Sub("memory"), m.Bag);
            if (size is not null) d.Memory.Add(new MemoryConfig { Path = m.Sub("memory"), At = size.At, Size = size });
        }
        else
        {
            foreach (var e in Scalars.Items(mem, m.File, m.Sub("memory"), m.Bag))
            {
                var mm = Scalars.Map(e.Node, m.File, e.Path, m.Bag);
                if (mm is null) continue;
                var region = new MemoryConfig { Path = e.Path, At = e.At, Base = mm.Number("base"), Size = mm.Number("size", required: true) };
                var access = mm.String("access");
                if (access is not null)
                {
                    if (access.Value.Length == 0 || access.Value.Any(ch => ch is not ('r' or 'w' or 'x')))
                        m.Bag.Error(Codes.BadValue, access.At, access.Path, $"'{access.Value}' is not an access mode", "Use a combination of r, w and x, e.g. rw or rwx");
                    else region.Access = access.Value;
                }
                mm.Finish();
                d.Memory.Add(region);
            }
        }

        foreach (var e in m.List("devices"))
            if (Scalars.String(e.Node, m.File, e.Path, m.Bag) is { } v) d.Devices.Add(v);
        foreach (var e in m.List("interrupts"))
            if (Scalars.Number(e.Node, m.File, e.Path, m.Bag) is { } v) d.Interrupts.Add(v);
        foreach (var e in m.List("depends_on"))
            if (Scalars.String(e.Node, m.File, e.Path, m.Bag) is { } v) d.DependsOn.Add(v);
        foreach (var e in m.List("manages"))
            if (Scalars.String(e.Node, m.File, e.Path, m.Bag) is { } v) d.Manages.Add(v);

        var image = m.Raw("image");
        if (image is YamlScalarNode)
        {
            var file = Scalars.String(image, m.File, m.Sub("image"), m.Bag);
            d.Image = new ImageConfig { Path = m.Sub("image"), At = Span.Of(m.File, image), File = file is null ? null : file with { Path = m.Sub("image") } };
        }
        else if (image is not null && Scalars.Map(image, m.File, m.Sub("image"), m.Bag) is { } im)
        {
            d.Image = new ImageConfig
            {
                Path = m.Sub("image"), At = im.At,
                File = im.String("file"), Builtin = im.String("builtin"), LoadAddress = im.Number("load_address"),
                Linux = im.String("linux"), Initrd = im.String("initrd"), Bootargs = im.String("bootargs"),
            };
            im.Finish();
        }

        d.EntryPoint = m.Number("entry_point");
        d.Console = m.Enum("console", ConsoleNames);
        var restart = m.Raw("restart");
        if (restart is YamlScalarNode)
            d.Restart = Scalars.Enum(restart, m.File, m.Sub("restart"), m.Bag, RestartNames);
        else if (restart is not null && Scalars.Map(restart, m.File, m.Sub("restart"), m.Bag) is { } rm)
        {
            d.Restart = rm.Enum("policy", RestartNames, required: true);
            d.RestartLimit = rm.UInt("limit");
            d.RestartWindowMs = rm.UInt("window_ms");
            d.RestartAt = rm.At;
            rm.Finish();
        }
        d.WatchdogMs = m.UInt("watchdog_ms");
        d.Profile = m.Enum("profile", ProfileNames);
        d.Heap = m.Number("heap");
        m.Finish();
        return d;
    }

    static ChannelConfig ReadChannel(MapReader m, Item item)
    {
        var c = new ChannelConfig { Index = item.Index, Path = item.Path, At = item.At };
        c.Name = m.String("name", required: true, hint: "Give the channel a name: 'name: sensor-data'");
        if (c.Name is not null) CheckName(c.Name, (int)Core.Plan.PlanFormat.NameLength - 1, m.Bag);
        c.Writer = m.String("writer", required: true, hint: "Name the one domain that writes: 'writer: sensor'");
        c.ReadersAt = m.SpanOf("readers");
        c.ReadersEmpty = m.Raw("readers") is YamlSequenceNode { Children.Count: 0 };
        foreach (var e in m.List("readers", required: true, hint: "List the reading domains: 'readers: [control]'"))
            if (Scalars.String(e.Node, m.File, e.Path, m.Bag) is { } v) c.Readers.Add(v);
        c.Size = m.Number("size", required: true, hint: "Add the channel size, a multiple of 4 KiB: 'size: 4K'");
        c.Base = m.Number("base");
        c.Doorbell = m.Number("doorbell");
        c.DoorbellLimit = m.Number("doorbell_limit");
        c.Kind = m.Enum("kind", ChannelKinds);
        m.Finish();
        return c;
    }

    /// <summary>
    /// A duplex link `{ name, between: [a, b], size, doorbells: [a->b, b->a], doorbell_limit }`,
    /// expanded into two one-way channels (a writes to b, b writes to a) that the checker then
    /// checks like any other; their values keep the link's locations for located errors.
    /// </summary>
    static IEnumerable<ChannelConfig> ReadLink(MapReader m, Item item)
    {
        var name = m.String("name", required: true, hint: "Give the link a name: 'name: control-link'");
        if (name is not null) CheckName(name, (int)Core.Plan.PlanFormat.NameLength - 3, m.Bag);
        var betweenAt = m.SpanOf("between");
        var ends = new List<Loc<string>>();
        foreach (var e in m.List("between", required: true, hint: "Name the two domains: 'between: [sensor, control]'"))
            if (Scalars.String(e.Node, m.File, e.Path, m.Bag) is { } v) ends.Add(v);
        if (m.Raw("between") is YamlSequenceNode { Children.Count: not 2 } seq)
            m.Bag.Error(Codes.BadEndpoints, betweenAt, item.Path + ".between", $"a link connects two domains, not {seq.Children.Count}",
                "List exactly two domains: 'between: [a, b]'");
        var size = m.Number("size", required: true, hint: "Add the size of each direction, a multiple of 4 KiB: 'size: 16K'");
        var doorbells = new List<Loc<ulong>>();
        var doorbellsAt = m.SpanOf("doorbells");
        foreach (var e in m.List("doorbells"))
            if (Scalars.Number(e.Node, m.File, e.Path, m.Bag) is { } v) doorbells.Add(v);
        if (m.Raw("doorbells") is YamlSequenceNode { Children.Count: not 2 } bells)
            m.Bag.Error(Codes.BadValue, doorbellsAt, item.Path + ".doorbells", $"a link has two doorbells (one per direction), not {bells.Children.Count}",
                "List two SPIs: 'doorbells: [100, 101]' (the first rings the second domain)");
        var limit = m.Number("doorbell_limit");
        m.Finish();
        if (ends.Count != 2) yield break;
        for (int direction = 0; direction < 2; direction++)
        {
            var c = new ChannelConfig { Index = item.Index, Path = item.Path, At = item.At, Link = name?.Value ?? item.Path, LinkDirection = direction };
            c.Name = name is null ? null : name with { Value = $"{name.Value}.{direction}" };
            c.Writer = ends[direction];
            c.Readers.Add(ends[1 - direction]);
            c.ReadersAt = betweenAt;
            c.Size = size;
            c.Doorbell = doorbells.Count == 2 ? doorbells[direction] : null;
            c.DoorbellLimit = limit;
            yield return c;
        }
    }

    static WaiverConfig ReadWaiver(MapReader m, Item item)
    {
        var w = new WaiverConfig { Path = item.Path, At = item.At };
        w.Rule = m.String("rule", required: true, hint: "Name the rule being waived: 'rule: BH091'");
        foreach (var e in m.List("domains", required: true, hint: "List the domains the waiver covers: 'domains: [control, telemetry]'"))
            if (Scalars.String(e.Node, m.File, e.Path, m.Bag) is { } v) w.Domains.Add(v);
        w.Justification = m.String("justification");
        m.Finish();
        return w;
    }

    static void CheckName(Loc<string> name, int maxLength, DiagnosticBag bag)
    {
        string n = name.Value;
        if (n.Length == 0 || n.Length > maxLength || !n.All(ch => ch is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_'))
            bag.Error(Codes.BadValue, name.At, name.Path, $"'{n}' is not a valid name",
                $"Use 1 to {maxLength} letters, digits, '-' or '_' (names are stored in the plan)");
    }

    static void CheckUniqueNames(IEnumerable<Loc<string>?> names, string what, DiagnosticBag bag)
    {
        var seen = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        foreach (var n in names)
        {
            if (n is null) continue;
            if (seen.TryGetValue(n.Value, out var first))
                bag.Error(Codes.DuplicateName, n.At, n.Path, $"{what} name '{n.Value}' is already used at line {first.Line}", $"Give every {what} a unique name");
            else seen[n.Value] = n.At;
        }
    }
}
