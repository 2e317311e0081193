using System.Runtime;
using System.Runtime.CompilerServices;

namespace Bulkhead.X86
{
    /// <summary>The VMX instruction wrappers in boot/vmx.S. Status: 0 = success, 1 = VMfailInvalid, 2 = VMfailValid.</summary>
    internal static unsafe class Vmx
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_vmxon")]
        public static extern int On(ulong region);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_vmclear")]
        public static extern int Clear(ulong vmcs);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_vmptrld")]
        public static extern int Load(ulong vmcs);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_vmread")]
        public static extern ulong Read(uint field);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_vmwrite")]
        public static extern int Write(uint field, ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_invept")]
        public static extern int InvalidateEpt(ulong type, ulong eptPointer);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_vmx_exit_address")]
        public static extern ulong ExitHandlerAddress();

        /// <summary>Enters the guest of the current VMCS; returns 0 at the next VM exit, 1/2 if the entry failed.</summary>
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_vm_run")]
        public static extern int Run(VcpuRegisters* registers, ulong launched);
    }
}
