namespace Bulkhead.X86
{
    /// <summary>
    /// Starts application processors with INIT-SIPI-SIPI (boot/ap.S). One at a time: the boot
    /// core waits until the started core has turned VMX on and taken its pages, so nothing at
    /// boot runs on two cores at once.
    /// </summary>
    internal static unsafe class Smp
    {
        private const ulong ApStackSize = 0x8000;   // AP_STACK_SIZE in boot/x86.h
        private const ulong TrampolineAddress = 0x8000;
        private static volatile int s_ready = -1;

        /// <summary>Copies the real-mode trampoline to its low page (once).</summary>
        public static void Prepare()
        {
            ulong start = Cpu.ApTrampoline(), length = Cpu.ApTrampolineEnd() - start;
            for (ulong i = 0; i < length; i++) ((byte*)TrampolineAddress)[i] = ((byte*)start)[i];
            // The trampoline's GDT pointer (its last 6 bytes) is the boot GDT pointer.
            for (ulong i = 0; i < 6; i++) ((byte*)(TrampolineAddress + length - 6))[i] = ((byte*)Cpu.GdtPointer32())[i];
        }

        /// <returns>true when the core reported in</returns>
        public static bool Start(int core, uint apicId)
        {
            *(ulong*)Cpu.ApStackTopVariable() = Cpu.ApStacks() + (ulong)(core + 1) * ApStackSize;
            *(uint*)Cpu.ApCoreIndexVariable() = (uint)core;
            s_ready = -1;
            LocalApic.SendInit(apicId);
            Spin(100000);
            for (int attempt = 0; attempt < 2; attempt++)
            {
                LocalApic.SendStartup(apicId, (uint)(TrampolineAddress >> 12));
                for (int i = 0; i < 2000000 && s_ready != core; i++) Cpu.Pause();
                if (s_ready == core) return true;
            }
            return false;
        }

        /// <summary>Called by a started core once it is ready (VMX on, VMCS allocated).</summary>
        public static void ReportReady(int core) => s_ready = core;

        private static void Spin(int iterations)
        {
            for (int i = 0; i < iterations; i++) Cpu.Pause();
        }
    }
}
