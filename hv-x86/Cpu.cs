using System.Runtime;
using System.Runtime.CompilerServices;

namespace Bulkhead.X86
{
    /// <summary>The assembly leaf functions in boot/cpu.S (each compiles to one direct call).</summary>
    internal static unsafe class Cpu
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_inb")]
        public static extern byte InByte(uint port);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_outb")]
        public static extern void OutByte(uint port, uint value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_outsb")]
        public static extern void OutString(uint port, byte* bytes, ulong count);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_rdmsr")]
        public static extern ulong ReadMsr(uint msr);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_wrmsr")]
        public static extern void WriteMsr(uint msr, ulong value);

        /// <summary>CPUID: writes EAX, EBX, ECX, EDX to <paramref name="result"/>[0..3].</summary>
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_cpuid")]
        public static extern void CpuId(uint leaf, uint subleaf, uint* result);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_rdtsc")]
        public static extern ulong ReadTsc();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_read_cr0")]
        public static extern ulong ReadCr0();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_read_cr3")]
        public static extern ulong ReadCr3();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_read_cr4")]
        public static extern ulong ReadCr4();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_write_cr0")]
        public static extern void WriteCr0(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_write_cr4")]
        public static extern void WriteCr4(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_read_cs")]
        public static extern ushort ReadCs();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_read_ss")]
        public static extern ushort ReadSs();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_read_ds")]
        public static extern ushort ReadDs();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_read_es")]
        public static extern ushort ReadEs();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_read_fs")]
        public static extern ushort ReadFs();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_read_gs")]
        public static extern ushort ReadGs();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_read_tr")]
        public static extern ushort ReadTr();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_gdt_base")]
        public static extern ulong GdtBase();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_idt_base")]
        public static extern ulong IdtBase();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_tss_base")]
        public static extern ulong TssBase(int core);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_monitor")]
        public static extern void Monitor(void* address);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_mwait")]
        public static extern void Mwait();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_ap_stacks")]
        public static extern ulong ApStacks();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_ap_trampoline")]
        public static extern ulong ApTrampoline();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_ap_trampoline_end")]
        public static extern ulong ApTrampolineEnd();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_ap_stack_top_variable")]
        public static extern ulong ApStackTopVariable();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_ap_core_index_variable")]
        public static extern ulong ApCoreIndexVariable();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_gdt_pointer32")]
        public static extern ulong GdtPointer32();





        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_pages_start")]
        public static extern ulong PagesStart();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_pages_end")]
        public static extern ulong PagesEnd();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_image_start")]
        public static extern ulong ImageStart();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_image_reserved_end")]
        public static extern ulong ImageReservedEnd();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_atomic_or64")]
        public static extern void AtomicOr64(ulong* location, ulong bits);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_atomic_and64")]
        public static extern void AtomicAnd64(ulong* location, ulong bits);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_xchg32")]
        public static extern uint Exchange(uint* location, uint value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_store_release32")]
        public static extern void StoreRelease(uint* location, uint value);

        /// <summary>The initial local APIC id of this core (CPUID.1:EBX[31:24]).</summary>
        public static ulong LocalApicId()
        {
            uint* r = stackalloc uint[4];
            CpuId(Registers.CpuidFeatures, 0, r);
            return r[1] >> 24;
        }

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_pause")]
        public static extern void Pause();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_halt")]
        public static extern void Halt();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "x86_touch_unmapped")]
        public static extern ulong TouchUnmapped();
    }
}
