using System.Runtime;
using System.Runtime.CompilerServices;

namespace Bulkhead.Arm64
{
    /// <summary>The assembly leaf functions in boot/cpu.S (each compiles to one direct call).</summary>
    internal static unsafe class Cpu
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_read_currentel")]
        public static extern ulong ReadCurrentEL();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_read_mpidr")]
        public static extern ulong ReadMpidr();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_read_cntfrq")]
        public static extern ulong ReadCounterFrequency();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_vector_base")]
        public static extern ulong VectorBase();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_install_vectors")]
        public static extern void InstallVectors(ulong vectorBase);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_smc")]
        public static extern long Smc(ulong function, ulong arg1, ulong arg2, ulong arg3);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_halt")]
        public static extern void Halt();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_touch_unmapped")]
        public static extern ulong TouchUnmapped();

        /// <summary>The exception level the CPU runs at (CurrentEL bits 3:2).</summary>
        public static int ExceptionLevel => (int)((ReadCurrentEL() >> 2) & 3);
    }
}
