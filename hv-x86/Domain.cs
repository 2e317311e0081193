namespace Bulkhead.X86
{
    internal enum DomainState { Ready, Running, Stopped }

    /// <summary>
    /// One domain on x86: its memory (identity-mapped by its EPT), its pristine image, its vCPU
    /// (VMCS + saved registers) and its console line. Everything is allocated while booting.
    /// </summary>
    internal sealed unsafe class Domain
    {
        public string Name = "";
        public uint Id;
        public ulong MemoryBase, MemorySize;
        /// <summary>The image as the loader left it (a multiboot module): reloaded on restart.</summary>
        public ulong ImageAddress, ImageSize;
        public ulong Entry;
        public uint RestartLimit, Restarts;
        public DomainState State;

        public ulong Vmcs;
        public ulong EptPointer;
        public VcpuRegisters* Registers;
        public bool Launched;

        /// <summary>MSRs guests may use that the VMCS does not hold (no SYSCALL in the hypervisor, so shadows suffice).</summary>
        public ulong Star, Lstar, Cstar, Sfmask, KernelGsBase, TscAux;

        public byte[] Line = new byte[0];
        public int LineLength;

        public ulong MemoryEnd => MemoryBase + MemorySize;

        /// <summary>True when [address, address + length) lies entirely inside the domain's memory.</summary>
        public bool Owns(ulong address, ulong length) =>
            address >= MemoryBase && length <= MemorySize && address - MemoryBase <= MemorySize - length;
    }
}
