namespace Bulkhead.X86
{
    /// <summary>The multiboot v1 information the loader hands over in EBX (only what the hypervisor reads).</summary>
    internal static unsafe class Multiboot
    {
        private const uint FlagModules = 1u << 3;

        /// <summary>Number of modules (GRUB 'module' lines, QEMU -initrd entries); 0 without boot information.</summary>
        public static uint ModuleCount(ulong info)
        {
            if (info == 0 || (*(uint*)info & FlagModules) == 0) return 0;
            return *(uint*)(info + 20);
        }

        private static uint* Module(ulong info, uint index) => (uint*)((ulong)*(uint*)(info + 24) + index * 16);

        public static ulong ModuleStart(ulong info, uint index) => Module(info, index)[0];
        public static ulong ModuleEnd(ulong info, uint index) => Module(info, index)[1];

        /// <summary>The module's NUL-terminated command line (may be null).</summary>
        public static byte* ModuleCommandLine(ulong info, uint index) => (byte*)(ulong)Module(info, index)[2];
    }
}
