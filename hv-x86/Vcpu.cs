using System.Runtime.InteropServices;

namespace Bulkhead.X86
{
    /// <summary>Guest registers the VMCS does not hold, saved by boot/vmx.S (offsets must match its G_* defines).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct VcpuRegisters
    {
        public ulong Rax, Rbx, Rcx, Rdx, Rsi, Rdi, Rbp, R8, R9, R10, R11, R12, R13, R14, R15, Cr2;
        public fixed byte GuestFx[512];
        public fixed byte HostFx[512];
    }
}
