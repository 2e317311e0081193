namespace Bulkhead.X86
{
    /// <summary>
    /// Zeroed 4 KiB pages for VMXON/VMCS regions, EPT tables and bitmaps, from the .pages region
    /// of the linker script. Used only while booting; nothing is ever freed.
    /// </summary>
    internal static unsafe class PageAllocator
    {
        public const ulong PageSize = 4096;
        private static ulong s_next;
        private static ulong s_end;

        public static void Initialize()
        {
            s_next = Cpu.PagesStart();
            s_end = Cpu.PagesEnd();
        }

        /// <summary>The physical (= virtual, identity map) address of <paramref name="count"/> zeroed pages.</summary>
        public static ulong Allocate(ulong count = 1)
        {
            ulong size = count * PageSize;
            if (s_next == 0 || size > s_end - s_next)
                Bulkhead.Runtime.RuntimeFailure.Fatal("out of hypervisor pages, pages requested", count);
            ulong page = s_next;
            s_next += size;
            ulong* words = (ulong*)page;
            for (ulong i = 0; i < size / 8; i++) words[i] = 0;
            return page;
        }

        public static ulong Used => s_next - Cpu.PagesStart();
    }
}
