using Bulkhead.Config.Yaml;

namespace Bulkhead.Config.Systems;

/// <summary>
/// 'console: driver' (docs/driver-domains.md): one duplex link console.&lt;client&gt; from every other
/// domain that prints through the SDK (console shared, not Linux) to the console driver domain.
/// The client writes channel 2k (its lines, one message each); the way back carries only the
/// driver's consumer line. The channel rules then check these links like written ones.
/// </summary>
public static class ConsoleLinks
{
    public const ulong RingSize = 4096;
    public const string Prefix = "console.";

    public static void Generate(SystemConfig sys)
    {
        var driver = sys.Domains.FirstOrDefault(d => d.Console?.Value == ConsolePolicy.Driver);
        if (driver?.Name is null) return;   // two drivers: the interference rules report the second
        foreach (var client in sys.Domains)
        {
            if (client == driver || client.Name is null || client.Image?.Linux is not null) continue;
            if ((client.Console?.Value ?? ConsolePolicy.Shared) != ConsolePolicy.Shared) continue;
            string link = Prefix + client.Name.Value;
            for (int direction = 0; direction < 2; direction++)
            {
                var c = new ChannelConfig { Index = client.Index, Path = client.Path, At = client.At, Link = link, LinkDirection = direction };
                c.Name = client.Name with { Value = $"{link}.{direction}" };
                c.Writer = direction == 0 ? client.Name : driver.Name;
                c.Readers.Add(direction == 0 ? driver.Name : client.Name);
                c.ReadersAt = driver.Console!.At;
                c.Size = new Loc<ulong>(RingSize, driver.Console.At, driver.Path + ".console");
                sys.Channels.Add(c);
            }
        }
    }

    /// <summary>The link (0-based) carrying <paramref name="client"/>'s console lines, or -1.</summary>
    public static int LinkOf(SystemConfig sys, string client)
    {
        int channel = sys.Channels.FindIndex(c => c.Link == Prefix + client && c.LinkDirection == 0);
        return channel < 0 ? -1 : channel / 2;
    }
}
