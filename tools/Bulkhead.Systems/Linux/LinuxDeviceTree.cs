using System.Security.Cryptography;
using System.Text;
using Bulkhead.Config.Boards;
using Bulkhead.Config.Checking;
using Bulkhead.Config.Linux;
using Bulkhead.Config.Systems;

namespace Bulkhead.Systems.Linux;

/// <summary>
/// The device tree a Linux domain boots with, generated from the plan's view of the domain
/// (docs/linux.md, "The DTB"): its RAM, its vCPUs (MPIDR = vCPU number, as hv-arm64/Vcpu.cs sets
/// VMPIDR_EL2) started by PSCI over HVC, the timer PPIs, the GIC reduced to what the hypervisor
/// emulates, the devices it owns and chosen.
/// </summary>
public static class LinuxDeviceTree
{
    // Interrupt specifier cells (bindings/interrupt-controller/arm,gic*.yaml).
    const uint Spi = 0, Ppi = 1;
    const uint LevelHigh = 4;
    /// <summary>The fixed clock the PrimeCell devices (PL011, PL031, PL061) name; QEMU virt's is 24 MHz.</summary>
    const uint PrimeCellClockHz = 24_000_000;
    const uint GicPhandle = 1, ClockPhandle = 2;
    /// <summary>The emulated 16550 of shared-console domains: one page; its clock is nominal (the divisor is latched, never applied).</summary>
    const ulong EmulatedUartSize = 0x1000;
    const uint EmulatedUartClockHz = 1_843_200;
    const ulong GicDistributorSize = 0x10000, GicV2DistributorSize = 0x1000, GicV2CpuInterfaceSize = 0x2000;

    public static byte[] Generate(ResolvedSystem system, ResolvedDomain domain, ulong initrdStart, ulong initrdEnd)
    {
        var board = system.Board;
        var linux = domain.Linux!;
        var root = new FdtNodeBuilder("");
        root.Cells("#address-cells", 2).Cells("#size-cells", 2)
            .String("model", $"Bulkhead domain {domain.Name} on {board.Id}")
            .String("compatible", "bulkhead,domain")
            .Cells("interrupt-parent", GicPhandle);

        var chosen = root.Child("chosen");
        chosen.String("bootargs", linux.Bootargs);
        var console = domain.Devices.FirstOrDefault(d => d.Mmio.Any(m => m.Contains(board.ConsoleBase)));
        if (console is not null) chosen.String("stdout-path", "/" + NodeName(console));
        else if (domain.Console == ConsolePolicy.Shared)
        {
            // console: shared — the hypervisor emulates a polled 16550 at the board console's address
            // (hv-core/Emulation/ConsoleUart.cs, docs/abi.md "Consoles"): bootargs console=ttyS0.
            root.Child($"serial@{board.ConsoleBase:x}").String("compatible", "ns16550a")
                .Cells64("reg", board.ConsoleBase, EmulatedUartSize).Cells("reg-shift", 2).Cells("reg-io-width", 4)
                .Cells("clock-frequency", EmulatedUartClockHz).Cells("current-speed", 115200);
            chosen.String("stdout-path", $"/serial@{board.ConsoleBase:x}:115200n8");
        }
        if (initrdEnd > initrdStart) chosen.Cells64("linux,initrd-start", initrdStart).Cells64("linux,initrd-end", initrdEnd);
        byte[] seed = Seed(system, domain);
        chosen.Raw("kaslr-seed", seed[..8]).Raw("rng-seed", seed[8..40]);

        foreach (var region in domain.Memory.Select(m => m.Range))
            root.Child($"memory@{region.Base:x}").String("device_type", "memory").Cells64("reg", region.Base, region.Size);

        var cpus = root.Child("cpus");
        cpus.Cells("#address-cells", 1).Cells("#size-cells", 0);
        for (int vcpu = 0; vcpu < domain.Cores.Count; vcpu++)
            cpus.Child($"cpu@{vcpu:x}").String("device_type", "cpu").String("compatible", "arm,armv8")
                .Cells("reg", (uint)vcpu).String("enable-method", "psci");

        root.Child("psci").Strings("compatible", "arm,psci-1.0", "arm,psci-0.2").String("method", "hvc");

        uint cpuMask = board.InterruptController == InterruptControllerKind.GicV2 ? ((1u << domain.Cores.Count) - 1) << 8 : 0;
        uint PpiOf(uint intid) => intid - 16;
        root.Child("timer").String("compatible", "arm,armv8-timer").Cells("interrupts",
            Ppi, PpiOf(board.TimerSecure), cpuMask | LevelHigh,
            Ppi, PpiOf(board.TimerPhysical), cpuMask | LevelHigh,
            Ppi, PpiOf(board.TimerVirtual), cpuMask | LevelHigh,
            Ppi, PpiOf(board.TimerHypervisor), cpuMask | LevelHigh);

        var gic = root.Child($"interrupt-controller@{board.GicDistributor:x}");
        gic.Cells("#interrupt-cells", 3).Cells("#address-cells", 0).Empty("interrupt-controller").Cells("phandle", GicPhandle);
        if (board.InterruptController == InterruptControllerKind.GicV3)
        {
            // One redistributor region: a frame per vCPU at the board's stride, as DistributorV3 emulates it; no ITS.
            gic.String("compatible", "arm,gic-v3").Cells("#redistributor-regions", 1)
                .Cells64("reg", board.GicDistributor, GicDistributorSize, board.GicRedistributors, (ulong)domain.Cores.Count * board.GicRedistributorStride);
        }
        else
        {
            // The guest's GICC is the board's GICC address, where stage 2 maps the GICV frame.
            gic.String("compatible", "arm,cortex-a15-gic")
                .Cells64("reg", board.GicDistributor, GicV2DistributorSize, board.GicCpuInterface, GicV2CpuInterfaceSize);
        }

        bool primeCells = domain.Devices.Any(IsPrimeCell);
        if (primeCells)
            root.Child("apb-pclk").String("compatible", "fixed-clock").Cells("#clock-cells", 0)
                .Cells("clock-frequency", PrimeCellClockHz).String("clock-output-names", "clk24mhz").Cells("phandle", ClockPhandle);

        foreach (var device in domain.Devices.Where(d => d.Mmio.Count > 0 && d.Compatible.Length > 0))
        {
            var node = root.Child(NodeName(device));
            node.Raw("compatible", Encoding.ASCII.GetBytes(device.Compatible + "\0" + (IsPrimeCell(device) ? "arm,primecell\0" : "")));
            node.Cells64("reg", device.Mmio.SelectMany(m => new[] { m.Base, m.Size }).ToArray());
            if (device.Interrupts.Count > 0)
                node.Cells("interrupts", device.Interrupts.SelectMany(i => new[] { Spi, i - 32, LevelHigh }).ToArray());
            if (IsPrimeCell(device) && device.Compatible == "arm,pl011")
                node.Cells("clocks", ClockPhandle, ClockPhandle).Strings("clock-names", "uartclk", "apb_pclk");
            else if (IsPrimeCell(device))
                node.Cells("clocks", ClockPhandle).String("clock-names", "apb_pclk");
            if (device.Compatible == "virtio,mmio") node.Empty("dma-coherent");
        }
        return FdtWriter.Write(root);
    }

    /// <summary>ARM PrimeCell peripherals are probed on the AMBA bus by their ID registers and need clocks.</summary>
    static bool IsPrimeCell(BoardDevice device) => device.Compatible.StartsWith("arm,pl0", StringComparison.Ordinal);

    static string NodeName(BoardDevice device)
    {
        string name = new string(device.Name.Select(c => char.IsAsciiLetterOrDigit(c) || c is ',' or '.' or '_' or '+' or '-' ? c : '-').ToArray());
        return $"{name}@{device.Mmio[0].Base:x}";
    }

    /// <summary>
    /// kaslr-seed and rng-seed: derived from the system and domain names, so a build is reproducible;
    /// the same at every restart of the domain (docs/linux.md, "Limits").
    /// </summary>
    static byte[] Seed(ResolvedSystem system, ResolvedDomain domain) =>
        SHA512.HashData(Encoding.UTF8.GetBytes($"bulkhead linux seed|{system.Config.Name?.Value}|{domain.Name}"))[..40];
}
