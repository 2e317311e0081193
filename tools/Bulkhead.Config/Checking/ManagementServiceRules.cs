using Bulkhead.Config.Diagnostics;
using Bulkhead.Config.Systems;

namespace Bulkhead.Config.Checking;

/// <summary>
/// 'management:' (docs/management.md). BH108: the server is a domain of the system, a 'network:'
/// client with an IPv4 address, and manages someone. BH109: the key file exists and holds 32..128
/// hex digits (16..64 bytes; '#' lines are comments) — and the YAML never holds the key itself.
/// BH110: the UDP port is 1..65535. BH111: the server's image is a builtin service (the build
/// compiles the key into it; a file or Linux image cannot get it), and the SDK's mgmt-server runs
/// in the rich profile (it allocates per request).
/// Messages never quote the key's characters: the report may be shared, the key may not.
/// </summary>
public static class ManagementServiceRules
{
    public const int MinKeyBytes = 16, MaxKeyBytes = 64;
    /// <summary>A key file larger than this is not a key file (the message says so instead of reading it all).</summary>
    const long MaxKeyFileBytes = 64 * 1024;

    public static void Run(CheckContext ctx)
    {
        if (ctx.System.Config.Management is not { } mg) return;
        var bag = ctx.Bag;
        int errors = bag.ErrorCount;

        var server = Server(ctx, mg);
        uint ipv4 = 0;
        if (server is not null)
        {
            var netConfig = ctx.System.Config.Network;
            var client = netConfig?.Clients.FirstOrDefault(c => c.Domain?.Value == server.Config.Name?.Value);
            if (client is null)
                bag.Error(Codes.ManagementServerInvalid, mg.Server!.At, mg.Server.Path,
                    $"management server '{server.Name}' is not a client in 'network:'; the API is served over UDP through the network driver domain",
                    $"Add '{{ domain: {server.Name}, mac: \"02:...\", ipv4: 10.0.2.20/24 }}' to 'network: clients:'");
            else if (client.Ipv4 is null)
                bag.Error(Codes.ManagementServerInvalid, mg.Server!.At, mg.Server.Path,
                    $"management server '{server.Name}' has no 'ipv4' in 'network: clients:' (line {client.At.Line}); clients need an address to reach it",
                    "Give its network client entry an address: 'ipv4: 10.0.2.20/24'");
            else if (ctx.System.Network?.ClientFor(server) is { } resolved) ipv4 = resolved.Ipv4;

            if (server.Manages.Count == 0)
                bag.Error(Codes.ManagementServerInvalid, mg.Server!.At, mg.Server.Path,
                    $"management server '{server.Name}' manages no domain, so every request would be refused",
                    $"List the domains it may manage on the domain: 'manages: [worker]' (domains[{server.Index}])");

            if (server.Config.Image is { } image && (image.Linux is not null || (image.Builtin is null && image.File is not null)))
                bag.Error(Codes.ManagementImageInvalid, image.At, image.Path,
                    $"management server '{server.Name}' runs {(image.Linux is not null ? "Linux" : "an image file")}; the build can compile the key only into a builtin service",
                    "Use the SDK's service: 'image: { builtin: mgmt-server }'");
            else if (server.Config.Image?.Builtin?.Value == "mgmt-server" && server.Profile == ServiceProfile.Strict)
                bag.Error(Codes.ManagementImageInvalid, server.Config.Profile?.At ?? server.Config.Image!.At, server.Config.Profile?.Path ?? server.Config.Image!.Path,
                    $"management server '{server.Name}' runs the SDK's mgmt-server in the strict profile; it builds its answers as strings, and a strict heap is never freed, so it would run out of memory",
                    "Give the server 'profile: rich' (the default for QM domains)");
        }

        ushort port = ManagementConfig.DefaultUdpPort;
        if (mg.UdpPort is { } p)
        {
            if (p.Value is 0 or > ushort.MaxValue)
                bag.Error(Codes.ManagementPortInvalid, p.At, p.Path, $"udp_port {p.Value} is not a UDP port", $"Use 1 to 65535 (absent: {ManagementConfig.DefaultUdpPort})");
            else port = (ushort)p.Value;
        }

        var (keyFile, key) = ReadKey(ctx, mg);

        if (bag.ErrorCount == errors && server is not null && keyFile is not null && key is not null && ipv4 != 0)
        {
            ctx.System.Management = new ResolvedManagement { Server = server, KeyFile = keyFile, Key = key, UdpPort = port, ServerIpv4 = ipv4 };
            ctx.System.Interference.Add(new InterferenceNote("management",
                $"'{server.Name}' serves the management API on {ipv4 >> 24}.{(ipv4 >> 16) & 255}.{(ipv4 >> 8) & 255}.{ipv4 & 255}:{port} (UDP, HMAC-SHA256 with the {key.Length}-byte key of {mg.KeyFile!.Value}, built into its image only)"));
        }
    }

    static ResolvedDomain? Server(CheckContext ctx, ManagementConfig mg)
    {
        if (mg.Server is not { } name) return null;
        var server = ctx.FindDomain(name.Value);
        if (server is null)
            ctx.Bag.Error(Codes.ManagementServerInvalid, name.At, name.Path, $"management server '{name.Value}' is not a domain of this system", $"Use one of: {ctx.KnownDomains}");
        return server;
    }

    /// <summary>The key file's absolute path and its bytes; nulls after reporting why not.</summary>
    static (string? File, byte[]? Key) ReadKey(CheckContext ctx, ManagementConfig mg)
    {
        if (mg.KeyFile is not { } name) return (null, null);
        var bag = ctx.Bag;
        string folder = Path.GetDirectoryName(ctx.System.Config.FullPath) ?? ".";
        string full = Path.GetFullPath(Path.Combine(folder, name.Value));
        // As written (relative to the system file): the diagnostic is located at key_file in the YAML.
        string shown = name.Value;
        if (!File.Exists(full))
        {
            bool looksLikeKey = name.Value.Length >= 2 * MinKeyBytes && name.Value.All(char.IsAsciiHexDigit);
            bag.Error(Codes.ManagementKeyInvalid, name.At, name.Path,
                looksLikeKey ? "key_file holds what looks like the key itself; the key must never be in the system file"
                             : $"key file '{shown}' not found next to the system file{(Directory.Exists(full) ? " (it is a folder)" : "")}",
                looksLikeKey ? "Put the key in a file (e.g. keys/mgmt.key, out of version control) and name that file: 'key_file: keys/mgmt.key'"
                             : "Create it with 32 to 128 hex digits, e.g. 'openssl rand -hex 32 > keys/mgmt.key', or fix the path (relative to the system file)");
            return (null, null);
        }
        string[] lines;
        try
        {
            if (new FileInfo(full).Length > MaxKeyFileBytes)
            {
                bag.Error(Codes.ManagementKeyInvalid, name.At, name.Path, $"key file '{shown}' is {new FileInfo(full).Length} bytes, not a key file", "Name the file holding only the key (32 to 128 hex digits)");
                return (null, null);
            }
            lines = File.ReadAllLines(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            bag.Error(Codes.ManagementKeyInvalid, name.At, name.Path, $"key file '{shown}' cannot be read: {e.Message}", "Make it readable by the build");
            return (null, null);
        }

        var hex = new System.Text.StringBuilder();
        int firstLine = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (firstLine == 0) firstLine = i + 1;
            int column = lines[i].IndexOf(line, StringComparison.Ordinal) + 1;
            for (int c = 0; c < line.Length; c++)
                if (!char.IsAsciiHexDigit(line[c]))
                {
                    // Located in the key file; the character itself is not quoted (it is part of a secret).
                    bag.Error(Codes.ManagementKeyInvalid, name.At, name.Path,
                        $"key file '{shown}' line {i + 1}, column {column + c}: not a hex digit",
                        "Write the key as hex digits only (0-9, a-f); comment lines start with '#'");
                    return (null, null);
                }
            hex.Append(line);
        }
        if (hex.Length < 2 * MinKeyBytes || hex.Length > 2 * MaxKeyBytes || hex.Length % 2 != 0)
        {
            bag.Error(Codes.ManagementKeyInvalid, name.At, name.Path,
                $"key file '{shown}'{(firstLine > 0 ? $" line {firstLine}" : "")}: the key has {hex.Length} hex digits; a key is {2 * MinKeyBytes} to {2 * MaxKeyBytes} hex digits ({MinKeyBytes} to {MaxKeyBytes} bytes), an even number",
                "Write a new one: 'openssl rand -hex 32 > " + name.Value + "'");
            return (null, null);
        }
        return (full, Convert.FromHexString(hex.ToString()));
    }
}
