using Xunit;

namespace Bulkhead.Tests.Core;

/// <summary>hv-core keeps its partition in static tables: the tests that boot one never run at the same time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HvCoreState
{
    public const string Name = "hv-core partition state";
}

/// <summary>The system descriptions the hv-core tests boot (on qemu-virt-gicv3, 4 cores).</summary>
internal static class CoreSystems
{
    // alpha's regions: code (rwx), then three adjacent 4 KiB regions with fewer rights.
    public const ulong AlphaCode = 0x41000000, AlphaCodeSize = 0x10000;
    public const ulong AlphaReadOnly = 0x41010000, AlphaReadWrite = 0x41011000, AlphaWriteOnly = 0x41012000, SmallRegion = 0x1000;
    public const ulong BetaRam = 0x42000000, GammaRam = 0x43000000, DomainRamSize = 0x10000;
    public const ulong OneWayBase = 0x44000000, SharedBase = 0x44001000, QuietBase = 0x44002000;
    public const uint OneWayDoorbell = 100, SharedDoorbell = 101;
    public const uint OneWay = 0, Shared = 1, Quiet = 2;
    public const uint AlphaWatchdogMs = 100, BetaWatchdogMs = 50;

    /// <summary>
    /// alpha: 2 vCPUs (cores 0, 1), restart limit 2, watchdog 100 ms; beta: core 2, restart stop,
    /// watchdog 50 ms; gamma: core 3, restart limit 1. Channels: oneway alpha -> beta (doorbell
    /// 100), shared beta <-> alpha (doorbell 101), quiet alpha -> gamma (no doorbell).
    /// </summary>
    public const string ThreeDomains = """
        domains:
          - name: alpha
            criticality: ASIL-B
            cores: [0, 1]
            memory:
              - { base: 0x41000000, size: 64K }
              - { base: 0x41010000, size: 4K, access: r }
              - { base: 0x41011000, size: 4K, access: rw }
              - { base: 0x41012000, size: 4K, access: w }
            entry_point: 0x41000100
            restart: { policy: restart, limit: 2 }
            watchdog_ms: 100
          - name: beta
            criticality: ASIL-B
            cores: [2]
            memory: [{ base: 0x42000000, size: 64K }]
            entry_point: 0x42000000
            restart: stop
            watchdog_ms: 50
          - name: gamma
            criticality: QM
            cores: [3]
            memory: [{ base: 0x43000000, size: 64K }]
            restart: { policy: restart, limit: 1 }
        channels:
          - { name: oneway, writer: alpha, readers: [beta], size: 4K, base: 0x44000000, doorbell: 100 }
          - { name: shared, writer: beta, readers: [alpha], size: 4K, base: 0x44001000, doorbell: 101, kind: shared }
          - { name: quiet, writer: alpha, readers: [gamma], size: 4K, base: 0x44002000 }
        """;

    /// <summary><see cref="ThreeDomains"/> with alpha's restart policy replaced.</summary>
    public static string WithAlphaRestart(string restart) => ThreeDomains.Replace("restart: { policy: restart, limit: 2 }", "restart: " + restart);
}
