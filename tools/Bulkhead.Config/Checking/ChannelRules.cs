using Bulkhead.Config.Diagnostics;

namespace Bulkhead.Config.Checking;

/// <summary>Channel endpoints exist, a channel has one writer and distinct readers, doorbells are free SPIs.</summary>
public static class ChannelRules
{
    public static void Run(CheckContext ctx)
    {
        var doorbells = new Dictionary<uint, ResolvedChannel>();
        foreach (var ch in ctx.System.Channels)
        {
            var c = ch.Config;
            // The way back of a link has the same two ends: its findings were reported with the way there.
            bool quiet = c.Link is not null && c.LinkDirection == 1;
            if (c.Writer is not null)
            {
                ch.Writer = ctx.FindDomain(c.Writer.Value);
                if (ch.Writer is null && !quiet)
                    ctx.Bag.Error(Codes.UnknownWriter, c.Writer.At, c.Writer.Path, c.Link is null ? $"writer '{c.Writer.Value}' is not a domain of this system" : $"link '{c.Link}' end '{c.Writer.Value}' is not a domain of this system", $"Use one of: {ctx.KnownDomains}");
            }
            if (c.ReadersEmpty)
                ctx.Bag.Error(Codes.BadEndpoints, c.ReadersAt, c.Path + ".readers", $"channel '{ch.Name}' has no readers", "List at least one reading domain");
            foreach (var r in c.Readers)
            {
                var dom = ctx.FindDomain(r.Value);
                if (dom is null)
                {
                    if (!quiet) ctx.Bag.Error(Codes.UnknownReader, r.At, r.Path, c.Link is null ? $"reader '{r.Value}' is not a domain of this system" : $"link '{c.Link}' end '{r.Value}' is not a domain of this system", $"Use one of: {ctx.KnownDomains}");
                    continue;
                }
                if (dom == ch.Writer)
                {
                    if (c.Link is not null)
                    {
                        if (!quiet) ctx.Bag.Error(Codes.BadEndpoints, r.At, r.Path, $"link '{c.Link}' connects domain '{r.Value}' to itself",
                            "A link joins two different domains: name the other one in 'between'");
                    }
                    else ctx.Bag.Error(Codes.BadEndpoints, r.At, r.Path, $"domain '{r.Value}' is both writer and reader of channel '{ch.Name}'",
                        "A channel carries data from one domain to others: remove the writer from 'readers'");
                    continue;
                }
                if (ch.Readers.Contains(dom))
                {
                    ctx.Bag.Error(Codes.BadEndpoints, r.At, r.Path, $"reader '{r.Value}' is listed twice", "List each reader once");
                    continue;
                }
                ch.Readers.Add(dom);
            }

            if (c.Doorbell is { } bell && InterruptRules.CheckSpi(ctx, bell.Value, bell.At, bell.Path))
            {
                uint id = (uint)bell.Value;
                if (ctx.InterruptOwners.TryGetValue(id, out var owner))
                    ctx.Bag.Error(Codes.DoorbellConflict, bell.At, bell.Path, $"doorbell INTID {id} is already owned by domain '{owner.Domain.Name}' through {owner.What}",
                        "Pick an SPI no device or domain uses");
                else if (doorbells.TryGetValue(id, out var other))
                    ctx.Bag.Error(Codes.DoorbellConflict, bell.At, bell.Path, $"doorbell INTID {id} is already the doorbell of channel '{other.Name}'",
                        "Give every channel its own doorbell INTID");
                else if (ctx.Board.ConsoleInterrupt == id)
                    ctx.Bag.Error(Codes.InterruptReserved, bell.At, bell.Path, $"INTID {id} is the hypervisor console UART's interrupt", "Pick an SPI no device or domain uses");
                else doorbells[id] = ch;
            }
        }
    }
}
