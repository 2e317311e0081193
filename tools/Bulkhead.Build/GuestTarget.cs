namespace Bulkhead.Build;

/// <summary>Where one guest image runs: the board (its facts are compiled in) and its domain's memory.</summary>
public sealed record GuestTarget
{
    public required BoardFacts Board { get; init; }
    /// <summary>Address the hypervisor copies the image to (also its entry point).</summary>
    public required ulong LoadAddress { get; init; }
    /// <summary>The domain RAM region holding the image: the rest of it is the guest's heap.</summary>
    public required ulong RamBase { get; init; }
    public required ulong RamSize { get; init; }
    /// <summary>
    /// Native baseline: the same service without a hypervisor (entered at EL1 directly, console on
    /// the board's UART, the real GIC). Used by the benchmarks' comparison runs.
    /// </summary>
    public bool Native { get; init; }
    /// <summary>The domain's place in system.yaml 'network:' (generated into GuestConfig and NetworkClients).</summary>
    public GuestNetwork Network { get; init; } = GuestNetwork.None;
    /// <summary>The domain's place in a console driver system (generated into GuestConfig and ConsoleClients).</summary>
    public GuestConsole Console { get; init; } = GuestConsole.None;
    /// <summary>Set for the domain named by system.yaml 'management: server:' only: the HMAC key and port compiled into its GuestConfig.</summary>
    public GuestManagement? Management { get; init; }
    /// <summary>
    /// The rich C# profile (docs/csharp-subset.md): unikernel-sdk/corelib-rich is compiled in (garbage
    /// collector, exceptions, collections, ...) and BULKHEAD_RICH is defined. False: the strict subset.
    /// </summary>
    public bool RichProfile { get; init; }
    /// <summary>Rich profile: bytes of garbage-collected heap; 0 = the rest of the RAM region after the image.</summary>
    public ulong HeapSize { get; init; }

    public TargetArch Arch => Board.Arch;
}

/// <summary>A unikernel service: its C# sources and the class whose static Main() runs on vCPU 0.</summary>
public sealed record GuestService(string Name, IReadOnlyList<string> Sources, string EntryType = "Program");

/// <summary>
/// The management server's key (16..64 bytes) and UDP port (docs/management.md), no other image
/// gets them; with the names its answers use: the system, itself, and every domain by plan id
/// with its criticality (0 = QM .. 4 = ASIL-D), so a refusal can name the domain and the rule.
/// </summary>
public sealed record GuestManagement(byte[] Key, ushort UdpPort, string SystemName = "", string ServerName = "", IReadOnlyList<(string Name, int Criticality)>? Domains = null);
