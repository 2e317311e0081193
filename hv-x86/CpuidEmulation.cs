namespace Bulkhead.X86
{
    /// <summary>
    /// CPUID (always exits): the real CPU's answer, with VMX hidden, XSAVE/AVX hidden (the
    /// hypervisor does not switch extended state), the "hypervisor present", x2APIC and
    /// TSC-deadline bits set, the Bulkhead signature at leaf 0x40000000 and the TSC frequency
    /// (kHz) at leaf 0x40000010.
    /// </summary>
    internal static unsafe class CpuidEmulation
    {
        private const uint EcxXsave = 1u << 26, EcxOsxsave = 1u << 27, EcxAvx = 1u << 28;

        public static void Handle(int core)
        {
            VcpuRegisters* r = Vcpu.Cores[core].Registers;
            uint leaf = (uint)r->Rax, subleaf = (uint)r->Rcx;
            uint* v = stackalloc uint[4];
            if (leaf >= Registers.CpuidHypervisorBase && leaf < Registers.CpuidHypervisorBase + 0x100)
            {
                v[0] = v[1] = v[2] = v[3] = 0;
                if (leaf == Registers.CpuidHypervisorTiming) v[0] = (uint)(Tsc.Hz / 1000);
                if (leaf == Registers.CpuidHypervisorBase)
                {
                    v[0] = Registers.CpuidHypervisorTiming; // highest hypervisor leaf
                    v[1] = 0x6B6C7542;                      // "Bulk"
                    v[2] = 0x64616568;                      // "head"
                    v[3] = 0x20205648;                      // "HV  "
                }
            }
            else
            {
                Cpu.CpuId(leaf, subleaf, v);
                if (leaf == Registers.CpuidFeatures)
                {
                    v[2] &= ~(Registers.CpuidFeaturesEcxVmx | EcxXsave | EcxOsxsave | EcxAvx);
                    // The x2APIC timer (TSC-deadline), ICR and EOI are emulated for every guest.
                    v[2] |= Registers.CpuidFeaturesEcxHypervisor | Registers.CpuidFeaturesEcxX2Apic | Registers.CpuidFeaturesEcxTscDeadline;
                }
                else if (leaf == 7 && subleaf == 0)
                {
                    v[1] &= ~((1u << 5) | (1u << 16) | (1u << 17) | (1u << 30) | (1u << 31)); // AVX2, AVX-512 F/DQ/BW/VL
                }
            }
            r->Rax = v[0]; r->Rbx = v[1]; r->Rcx = v[2]; r->Rdx = v[3];
            ExitHandler.Advance();
        }
    }
}
