namespace Bulkhead.X86
{
    /// <summary>
    /// Copies a domain's image into its memory: an ELF64 (PT_LOAD segments at their physical
    /// addresses, entry from the header) or a flat binary (at the memory base, entered at its
    /// first byte). The memory is cleared first, so a restart starts from a clean state.
    /// </summary>
    internal static unsafe class GuestImage
    {
        private const uint ElfMagic = 0x464C457F;
        private const uint PtLoad = 1;

        private static bool IsElf(Domain d) => d.ImageSize >= 64 && *(uint*)d.ImageAddress == ElfMagic;

        /// <summary>Checks (without copying) that the image lands inside the usable memory.</summary>
        public static bool Fits(Domain d) => Load(d, copy: false);

        public static bool Load(Domain d, bool copy)
        {
            ulong usableEnd = d.MemoryEnd - GuestPaging.TableBytes;
            if (copy) for (ulong a = d.MemoryBase; a < d.MemoryEnd; a += 8) *(ulong*)a = 0;
            if (!IsElf(d))
            {
                if (d.ImageSize > usableEnd - d.MemoryBase) return false;
                if (copy) Copy(d.ImageAddress, d.MemoryBase, d.ImageSize);
                d.Entry = d.MemoryBase;
                return true;
            }
            byte* elf = (byte*)d.ImageAddress;
            if (elf[4] != 2 || *(ushort*)(elf + 18) != 62) return false; // ELFCLASS64, EM_X86_64
            ulong phoff = *(ulong*)(elf + 32);
            ushort phentsize = *(ushort*)(elf + 54), phnum = *(ushort*)(elf + 56);
            if (phoff + (ulong)phnum * phentsize > d.ImageSize) return false;
            for (int i = 0; i < phnum; i++)
            {
                byte* ph = elf + phoff + (ulong)i * phentsize;
                if (*(uint*)ph != PtLoad) continue;
                ulong offset = *(ulong*)(ph + 8), paddr = *(ulong*)(ph + 24), filesz = *(ulong*)(ph + 32), memsz = *(ulong*)(ph + 40);
                if (filesz > memsz || offset + filesz > d.ImageSize) return false;
                if (paddr < d.MemoryBase || memsz > usableEnd - d.MemoryBase || paddr - d.MemoryBase > usableEnd - d.MemoryBase - memsz) return false;
                if (copy) Copy(d.ImageAddress + offset, paddr, filesz);
            }
            d.Entry = *(ulong*)(elf + 24);
            return d.Owns(d.Entry, 1);
        }

        private static void Copy(ulong from, ulong to, ulong length)
        {
            for (ulong i = 0; i < length; i++) ((byte*)to)[i] = ((byte*)from)[i];
        }
    }
}
