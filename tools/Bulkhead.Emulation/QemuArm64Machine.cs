namespace Bulkhead.Emulation;

/// <summary>How to start an ARM64 QEMU machine for a Bulkhead image.</summary>
public sealed record QemuArm64Machine
{
    /// <summary>QEMU machine model: "virt" (EL2 enabled, PSCI over SMC), "raspi3b" or <see cref="Zcu102"/>.</summary>
    public string Model { get; init; } = "virt";
    /// <summary>Xilinx ZynqMP ZCU102 (4x Cortex-A53, GIC-400, Cadence UARTs; fixed CPU type, PSCI over SMC with EL2).</summary>
    public const string Zcu102 = "xlnx-zcu102";
    /// <summary>Which of the machine's UARTs is the console (QEMU's n-th -serial): raspi3b's mini UART is 1, its PL011 0.</summary>
    public int ConsoleSerial { get; init; }
    public int GicVersion { get; init; } = 3;
    /// <summary>EL2 present (the hypervisor's machine); off for a service run natively at EL1.</summary>
    public bool Virtualization { get; init; } = true;
    public string Cpu { get; init; } = "cortex-a72";
    public int Cores { get; init; } = 4;
    public string Memory { get; init; } = "256M";
    /// <summary>The image: an ELF on virt, a raw binary on raspi3b.</summary>
    public required string Kernel { get; init; }
    /// <summary>
    /// Deterministic virtual time (-icount): each instruction advances the clock by 2^shift ns, so
    /// timing depends on the guest's instructions, never on host load; sleep=off lets the clock jump
    /// over idle WFI, so a run takes as long as its instructions need. Null: host time.
    /// </summary>
    public int? IcountShift { get; init; }
    /// <summary>Raw files QEMU puts into RAM before the first instruction (Linux domains' staging blobs).</summary>
    public IReadOnlyList<(string File, ulong Address)> Loaders { get; init; } = [];
    /// <summary>Raw disk images, each behind a virtio-blk device on a virtio-mmio transport (QEMU virt fills them from the highest address down).</summary>
    public IReadOnlyList<string> Disks { get; init; } = [];
    /// <summary>
    /// Network cards, each a virtio-net device on a virtio-mmio transport whose frames QEMU carries
    /// as UDP datagrams on 127.0.0.1 (`-netdev socket,udp=`): nothing leaves the machine. Added after
    /// <see cref="Disks"/>; QEMU virt gives the last -device the lowest free transport.
    /// </summary>
    public IReadOnlyList<UdpNic> Nics { get; init; } = [];
    /// <summary>
    /// virtio-mmio register layout: null = QEMU's default (7.2: legacy, version 1), false = modern
    /// (version 2, `-global virtio-mmio.force-legacy=false`), true = legacy explicitly.
    /// </summary>
    public bool? VirtioLegacy { get; init; }
    /// <summary>virt: the IOMMU in front of the PCIe bridge ("smmuv3"), as the board describes it; null: none.</summary>
    public string? Iommu { get; init; }
    /// <summary>Extra devices, each one QEMU -device option (e.g. "edu,addr=0x3" on the PCIe bridge).</summary>
    public IReadOnlyList<string> Devices { get; init; } = [];
    /// <summary>Open a GDB server on this TCP port and wait for the debugger before the first instruction.</summary>
    public int? GdbPort { get; init; }

    public const string Executable = "qemu-system-aarch64";
    public const string DebianPackage = "qemu-system-arm";

    public IReadOnlyList<string> Arguments()
    {
        var args = new List<string>();
        if (Model == "virt")
            args.AddRange(["-M", $"virt,{(Virtualization ? "virtualization=on," : "")}gic-version={GicVersion}{(Iommu is null ? "" : ",iommu=" + Iommu)}", "-cpu", Cpu, "-smp", Cores.ToString(), "-m", Memory]);
        else if (Model == Zcu102)
            // The model's DisplayPort has audio: a silent backend instead of ALSA errors on every run.
            args.AddRange(["-M", $"{Zcu102}{(Virtualization ? ",virtualization=on" : "")}", "-m", Memory, "-audiodev", "none,id=silent"]);
        else
            args.AddRange(["-M", Model]);
        args.AddRange(["-kernel", Kernel, "-display", "none", "-monitor", "none"]);
        for (int i = 0; i < ConsoleSerial; i++) args.AddRange(["-serial", "null"]);
        args.AddRange(["-serial", "stdio", "-no-reboot"]);
        foreach (var (file, address) in Loaders) args.AddRange(["-device", $"loader,file={file},addr=0x{address:x},force-raw=on"]);
        for (int i = 0; i < Disks.Count; i++)
            args.AddRange(["-drive", $"file={Disks[i]},if=none,format=raw,id=disk{i}", "-device", $"virtio-blk-device,drive=disk{i}"]);
        for (int i = 0; i < Nics.Count; i++)
            args.AddRange(["-netdev", $"socket,id=nic{i},udp=127.0.0.1:{Nics[i].PeerPort},localaddr=127.0.0.1:{Nics[i].LocalPort}",
                "-device", $"virtio-net-device,netdev=nic{i},mac={Nics[i].Mac}"]);
        if (VirtioLegacy is bool legacy) args.AddRange(["-global", $"virtio-mmio.force-legacy={(legacy ? "true" : "false")}"]);
        foreach (var device in Devices) args.AddRange(["-device", device]);
        if (IcountShift is int shift) args.AddRange(["-icount", $"shift={shift},align=off,sleep=off"]);
        if (GdbPort is int port) args.AddRange(["-gdb", $"tcp::{port}", "-S"]);
        return args;
    }
}

/// <summary>
/// A virtio-net card whose wire is UDP on 127.0.0.1: QEMU sends each frame the guest transmits to
/// <paramref name="PeerPort"/> (the test's socket) from <paramref name="LocalPort"/>, and delivers
/// each datagram arriving at <paramref name="LocalPort"/> to the guest as one frame.
/// </summary>
/// <param name="Mac">the card's address, "52:54:00:12:34:56"</param>
public sealed record UdpNic(int PeerPort, int LocalPort, string Mac);
