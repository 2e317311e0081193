using Bulkhead.Config.Diagnostics;
using Bulkhead.Config.Systems;

namespace Bulkhead.Config.Checking;

/// <summary>
/// Freedom from interference between criticality levels. Spatial isolation (cores, memory,
/// devices, interrupts) is already exclusive; these rules cover what domains share on purpose:
/// - BH090: memory shared between different criticality levels only as a one-way channel;
/// - BH091: a domain may not depend on a device owned by a lower-criticality domain;
/// - BH093: only one domain may take the console exclusively;
/// - BH099 (warning): an ASIL domain should have a watchdog.
/// BH090, BH091 and BH099 can be waived with a written justification.
/// </summary>
public static class InterferenceRules
{
    public const int MinJustificationLength = 20;

    public static void Run(CheckContext ctx)
    {
        var sys = ctx.System;
        ValidateWaivers(ctx);

        foreach (var ch in sys.Channels)
        {
            if (ch.Writer is null) continue;
            var ends = ch.Readers.Prepend(ch.Writer).ToList();
            if (ch.Kind == ChannelKind.Shared && ends.Select(e => e.Criticality).Distinct().Count() > 1)
            {
                var at = ch.Config.Kind!;
                string levels = string.Join(", ", ends.Select(e => $"'{e.Name}' ({CheckContext.CriticalityName(e.Criticality)})"));
                Violation(ctx, Codes.SharedAcrossCriticality, ends, at.At, at.Path,
                    $"shared memory between domains of different criticality: {levels}",
                    "Use 'kind: one-way' (one writer, read-only for the readers), or add a waiver with a justification");
                continue;
            }
            foreach (var reader in ch.Readers)
            {
                if (reader.Criticality > ch.Writer.Criticality)
                    sys.Interference.Add(new InterferenceNote("channel", $"'{ch.Name}': {Level(reader)} '{reader.Name}' reads data from {Level(ch.Writer)} '{ch.Writer.Name}' one-way; the reader must validate it (end-to-end protection)"));
                else if (reader.Criticality < ch.Writer.Criticality)
                    sys.Interference.Add(new InterferenceNote("channel", $"'{ch.Name}': {Level(ch.Writer)} '{ch.Writer.Name}' publishes to {Level(reader)} '{reader.Name}' one-way; the reader cannot write back"));
                else
                    sys.Interference.Add(new InterferenceNote("channel", $"'{ch.Name}': '{ch.Writer.Name}' -> '{reader.Name}', same level ({Level(reader)})"));
            }
        }

        foreach (var d in sys.Domains)
            foreach (var dep in d.Config.DependsOn)
            {
                var dev = ctx.Board.FindDevice(dep.Value);
                if (dev is null)
                {
                    ctx.Bag.Error(Codes.UnknownDevice, dep.At, dep.Path, $"device '{dep.Value}' does not exist on board '{ctx.Board.Id}'", DeviceRules.Suggest(ctx.Board, dep.Value));
                    continue;
                }
                var owner = sys.OwnerOfDevice(dev);
                if (owner is null)
                    sys.Interference.Add(new InterferenceNote("device", $"'{d.Name}' depends on '{dev.Name}', which no domain owns (the hypervisor leaves it unmapped)"));
                else if (owner.Criticality < d.Criticality)
                    Violation(ctx, Codes.DependsOnLowerCriticality, new[] { d, owner }, dep.At, dep.Path,
                        $"{Level(d)} domain '{d.Name}' depends on device '{dev.Name}', owned by lower-criticality {Level(owner)} domain '{owner.Name}'",
                        $"Give '{dev.Name}' to '{d.Name}' or to a domain of at least {Level(d)}, or add a waiver with a justification");
                else if (owner != d)
                    sys.Interference.Add(new InterferenceNote("device", $"'{d.Name}' depends on '{dev.Name}', owned by {Level(owner)} '{owner.Name}'"));
            }

        ResolvedDomain? exclusive = null;
        foreach (var d in sys.Domains.Where(x => x.Console.HasTheUart()))
        {
            if (exclusive is null) { exclusive = d; continue; }
            ctx.Bag.Error(Codes.ConsoleExclusiveTwice, d.Config.Console!.At, d.Config.Console.Path, $"domain '{exclusive.Name}' already has the console exclusively",
                "Use 'console: shared' (the hypervisor prefixes each domain's lines) for all but one domain");
        }

        foreach (var d in sys.Domains.Where(x => x.Criticality != Criticality.QM && x.WatchdogMs == 0))
            Violation(ctx, Codes.AsilWithoutWatchdog, new[] { d }, d.Config.Name?.At ?? d.Config.At, d.Config.Path + ".watchdog_ms",
                $"{Level(d)} domain '{d.Name}' has no watchdog, so a hang would go unnoticed", "Add 'watchdog_ms: <period>' or a waiver with a justification", warning: true);

        foreach (var w in sys.Config.Waivers.Where(w => !w.Used && w.WellFormed && w.Rule is not null && Codes.Waivable.Contains(w.Rule.Value)))
            ctx.Bag.Warning(Codes.WaiverUnused, w.At, w.Path, $"waiver for {w.Rule!.Value} matches no finding", "Remove the waiver");

        foreach (var d in sys.Domains)
        {
            string watchdog = d.WatchdogMs == 0 ? "no watchdog" : $"watchdog {d.WatchdogMs} ms";
            string onFailure = d.Restart == RestartPolicy.Restart ? (d.RestartWindowMs == 0 ? $"restarted up to {d.RestartLimit} times, then stopped" : $"restarted up to {d.RestartLimit} times within any {d.RestartWindowMs} ms, stopped at the next") : "stopped";
            sys.Interference.Add(new InterferenceNote("temporal", $"'{d.Name}' ({Level(d)}): {watchdog}; on a fault or a missed watchdog it is {onFailure}; other domains keep running"));
        }
        sys.Interference.Add(new InterferenceNote("spatial", "cores: every physical core runs at most one domain (no scheduler, no shared core)"));
        sys.Interference.Add(new InterferenceNote("spatial", "memory: domain ranges, channels and the hypervisor are disjoint; stage-2 tables enforce it"));
        sys.Interference.Add(new InterferenceNote("spatial", "devices and SPIs: each has exactly one owner; unowned devices stay unmapped"));
    }

    internal static string Level(ResolvedDomain d) => CheckContext.CriticalityName(d.Criticality);

    /// <summary>An error (or warning) unless a valid waiver covering exactly these domains exists; then a waived note.</summary>
    internal static void Violation(CheckContext ctx, string code, IEnumerable<ResolvedDomain> involved, SourceSpan at, string path, string message, string fix, bool warning = false)
    {
        var names = involved.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        var waiver = ctx.System.Config.Waivers.FirstOrDefault(w => w.Rule?.Value == code && IsValid(w) && names.IsSubsetOf(w.Domains.Select(x => x.Value)));
        if (waiver is not null)
        {
            waiver.Used = true;
            ctx.System.Interference.Add(new InterferenceNote("waived", $"{code} {message}; justification: {waiver.Justification!.Value.Trim()}", Waived: true));
            return;
        }
        if (warning) ctx.Bag.Warning(code, at, path, message, fix);
        else ctx.Bag.Error(code, at, path, message, fix);
    }

    static bool IsValid(WaiverConfig w) => w.Justification is not null && w.Justification.Value.Trim().Length >= MinJustificationLength;

    static void ValidateWaivers(CheckContext ctx)
    {
        foreach (var w in ctx.System.Config.Waivers)
        {
            int before = ctx.Bag.ErrorCount;
            if (w.Rule is not null && !Codes.Waivable.Contains(w.Rule.Value))
                ctx.Bag.Error(Codes.WaiverNotWaivable, w.Rule.At, w.Rule.Path, $"rule '{w.Rule.Value}' cannot be waived",
                    $"Only the freedom-from-interference rules {string.Join(", ", Codes.Waivable.Order())} can be waived; fix the finding instead");
            if (!IsValid(w))
                ctx.Bag.Error(Codes.WaiverNoJustification, w.Justification?.At ?? w.At, w.Path + ".justification",
                    w.Justification is null ? "a waiver needs a written justification" : $"the justification is shorter than {MinJustificationLength} characters",
                    "Explain in 'justification:' why the interference is acceptable (this text goes into the safety case)");
            foreach (var d in w.Domains)
                if (ctx.FindDomain(d.Value) is null)
                    ctx.Bag.Error(Codes.WaiverUnknownDomain, d.At, d.Path, $"'{d.Value}' is not a domain of this system", $"Use one of: {ctx.KnownDomains}");
            // A waiver with its own errors is not also reported as unused.
            w.WellFormed = w.Rule is not null && w.Domains.Count > 0 && ctx.Bag.ErrorCount == before;
        }
    }
}
