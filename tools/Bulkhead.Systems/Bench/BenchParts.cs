namespace Bulkhead.Systems.Bench;

/// <summary>Which groups of figures a bench run measures (`bulkhead bench --only`); the tests measure each group once.</summary>
[Flags]
public enum BenchParts
{
    /// <summary>bench/bench.yaml on QEMU virt, GICv3 and GICv2: hypercalls, interrupts, channels, exits, boot, sizes.</summary>
    Arm64 = 1,
    /// <summary>bench/net.yaml: message rings, UDP through the network driver domain and on the card directly.</summary>
    Network = 2,
    /// <summary>bench/bench-x86.yaml under hv-x86 in Bochs, against the service booted natively in Bochs.</summary>
    X86 = 4,
    /// <summary>tests/systems/direct-irq.yaml: a direct-interrupt domain's timer latency and exits (docs/direct-interrupts.md).</summary>
    DirectInterrupts = 8,
    All = Arm64 | Network | X86 | DirectInterrupts,
}
