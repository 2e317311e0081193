using Bulkhead.Core;

namespace Bulkhead.X86
{
    /// <summary>
    /// Creates the domains from the multiboot modules: one module per domain, its command line
    /// naming it and its memory ("name=hello base=0x1000000 size=0x200000 restarts=0"). This is
    /// the stand-in for the partition plan until x86 plans are generated; the checks are the
    /// plan's: memory page-aligned, below 4 GiB, clear of the hypervisor, the modules and other domains.
    /// </summary>
    internal static unsafe class DomainLoader
    {
        public const int MaxDomains = 16;
        private const ulong MinimumMemory = 0x20000; // image, stack and the guest's page tables

        public static int Load(ulong multibootInfo, Domain[] domains)
        {
            uint modules = Multiboot.ModuleCount(multibootInfo);
            int count = 0;
            for (uint m = 0; m < modules && count < domains.Length; m++)
            {
                byte* line = Multiboot.ModuleCommandLine(multibootInfo, m);
                var domain = new Domain();
                domain.Id = (uint)count;
                domain.Name = CommandLine.Text(line, "name", "domain");
                domain.MemoryBase = CommandLine.Number(line, "base", 0);
                domain.MemorySize = CommandLine.Number(line, "size", 0);
                domain.RestartLimit = (uint)CommandLine.Number(line, "restarts", 0);
                domain.ImageAddress = Multiboot.ModuleStart(multibootInfo, m);
                domain.ImageSize = Multiboot.ModuleEnd(multibootInfo, m) - domain.ImageAddress;
                domain.Line = new byte[DomainConsole.LineCapacity];
                string? problem = Check(domain, multibootInfo, modules, domains, count);
                if (problem != null)
                {
                    HvConsole<X64Architecture>.WriteLine(string.Concat("hv: domain ", domain.Name, " not started: ", problem));
                    continue;
                }
                domains[count++] = domain;
            }
            return count;
        }

        private static string? Check(Domain d, ulong info, uint modules, Domain[] domains, int count)
        {
            if (d.MemorySize < MinimumMemory) return "memory size missing or below 128 KiB (size=)";
            if ((d.MemoryBase & 0xFFF) != 0 || (d.MemorySize & 0xFFF) != 0) return "memory is not 4 KiB aligned";
            if (d.MemoryBase + d.MemorySize > 0x100000000UL || d.MemoryBase < 0x100000) return "memory must lie between 1 MiB and 4 GiB";
            if (Overlaps(d, Cpu.ImageStart(), Cpu.ImageReservedEnd())) return "memory overlaps the hypervisor";
            for (uint m = 0; m < modules; m++)
                if (Overlaps(d, Multiboot.ModuleStart(info, m), Multiboot.ModuleEnd(info, m))) return "memory overlaps a boot module";
            for (int i = 0; i < count; i++)
                if (Overlaps(d, domains[i].MemoryBase, domains[i].MemoryEnd)) return string.Concat("memory overlaps domain ", domains[i].Name);
            if (!GuestImage.Fits(d)) return "image does not fit its memory (or a bad ELF)";
            return null;
        }

        private static bool Overlaps(Domain d, ulong start, ulong end) => d.MemoryBase < end && start < d.MemoryEnd;
    }
}
