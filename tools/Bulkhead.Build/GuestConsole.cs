namespace Bulkhead.Build;

/// <summary>
/// A domain's place in a console driver system (docs/driver-domains.md), generated into GuestConfig:
/// a client's link to the console driver domain, or the driver's list of clients.
/// </summary>
public sealed record GuestConsole
{
    public static readonly GuestConsole None = new();

    /// <summary>The link (0-based) this domain's console lines go through, or -1: through the hypervisor.</summary>
    public int Link { get; init; } = -1;
    /// <summary>For the console driver domain: each client's link and name, in system-file order.</summary>
    public IReadOnlyList<(int Link, string Name)> Clients { get; init; } = [];
}
