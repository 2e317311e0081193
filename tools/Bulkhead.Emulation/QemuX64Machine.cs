namespace Bulkhead.Emulation;

/// <summary>
/// QEMU's PC for the x86 hypervisor's non-VMX parts (boot, console, panic path): QEMU without KVM
/// has no VT-x, so the hypervisor stops after its banner with a clear "VT-x unavailable" line.
/// The kernel must be the 32-bit ELF multiboot kernel (X86BootMedia.MultibootKernel).
/// </summary>
public sealed record QemuX64Machine
{
    public required string Kernel { get; init; }
    public int Cores { get; init; } = 1;
    public string Memory { get; init; } = "256M";
    public string Cpu { get; init; } = "qemu64";
    public int? GdbPort { get; init; }

    public const string Executable = "qemu-system-x86_64";
    public const string DebianPackage = "qemu-system-x86";

    /// <summary>The hypervisor's power-off writes 0 to port 0xF4, so QEMU exits with status (0 &lt;&lt; 1) | 1.</summary>
    public const int PowerOffExitCode = 1;

    public IReadOnlyList<string> Arguments()
    {
        var args = new List<string>
        {
            "-M", "pc", "-cpu", Cpu, "-smp", Cores.ToString(), "-m", Memory,
            "-kernel", Kernel, "-display", "none", "-monitor", "none", "-serial", "stdio", "-no-reboot",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
        };
        if (GdbPort is int port) args.AddRange(["-gdb", $"tcp::{port}", "-S"]);
        return args;
    }
}
