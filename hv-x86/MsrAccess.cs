using Bulkhead.Core.Partition;
using Bulkhead.Core.Text;

namespace Bulkhead.X86
{
    /// <summary>
    /// RDMSR/WRMSR (every one exits). An allow-list: the MSRs a 64-bit unikernel needs are
    /// emulated (the VMCS holds EFER, PAT, FS/GS base; the SYSCALL MSRs are per-vCPU shadows; the
    /// x2APIC timer, EOI, ICR and id and IA32_TSC_DEADLINE are VirtualInterrupts'); any other
    /// access gets #GP in the guest, as on a CPU without that MSR.
    /// </summary>
    internal static unsafe class MsrAccess
    {
        public static void Handle(int core, bool write)
        {
            ref VcpuState d = ref Vcpu.Cores[core];
            VcpuRegisters* r = d.Registers;
            uint msr = (uint)r->Rcx;
            ulong value = (r->Rdx << 32) | (r->Rax & 0xFFFFFFFF);
            bool ok = write ? Write(core, ref d, msr, value) : Read(core, ref d, msr, out value);
            if (!ok)
            {
                LineBuffer line = default;
                line.Append("hv: domain ");
                line.Append(PartitionTable.Domains[PartitionTable.Cores[core].Domain].Name);
                line.Append(write ? ": WRMSR " : ": RDMSR ");
                line.AppendHex(msr, 1);
                line.Append(" refused (#GP injected)");
                DomainConsole<X64Architecture>.HvLine(ref line);
                ExitHandler.InjectException(13, true, 0);
                return;
            }
            if (!write)
            {
                r->Rax = value & 0xFFFFFFFF;
                r->Rdx = value >> 32;
            }
            ExitHandler.Advance();
        }

        private static bool Read(int core, ref VcpuState d, uint msr, out ulong value)
        {
            value = 0;
            switch (msr)
            {
                case Registers.MsrTsc: value = Cpu.ReadTsc(); return true;
                case Registers.MsrApicBase: value = Cpu.ReadMsr(msr); return true;
                case Registers.MsrMtrrCap: case Registers.MsrMtrrDefType: case Registers.MsrMiscEnable: value = Cpu.ReadMsr(msr); return true;
                case Registers.MsrEfer: value = Vmx.Read(Vmcs.GuestEfer); return true;
                case Registers.MsrPat: value = Vmx.Read(Vmcs.GuestPat); return true;
                case Registers.MsrFsBase: value = Vmx.Read(Vmcs.GuestFsBase); return true;
                case Registers.MsrGsBase: value = Vmx.Read(Vmcs.GuestGsBase); return true;
                case Registers.MsrKernelGsBase: value = d.KernelGsBase; return true;
                case Registers.MsrStar: value = d.Star; return true;
                case Registers.MsrLstar: value = d.Lstar; return true;
                case Registers.MsrCstar: value = d.Cstar; return true;
                case Registers.MsrSfmask: value = d.Sfmask; return true;
                case Registers.MsrTscAux: value = d.TscAux; return true;
                case Registers.MsrSysenterCs: value = Vmx.Read(Vmcs.GuestSysenterCs); return true;
                case Registers.MsrSysenterEsp: value = Vmx.Read(Vmcs.GuestSysenterEsp); return true;
                case Registers.MsrSysenterEip: value = Vmx.Read(Vmcs.GuestSysenterEip); return true;
                case Registers.MsrX2ApicId: value = (ulong)PartitionTable.Cores[core].Vcpu; return true;
                case Registers.MsrX2ApicLvtTimer: value = d.TimerVector | (d.TimerMasked ? 1UL << 16 : 0) | (2UL << 17); return true;
                case Registers.MsrTscDeadline: value = d.TimerDeadline; return true;
                default: return false;
            }
        }

        private static bool Write(int core, ref VcpuState d, uint msr, ulong value)
        {
            switch (msr)
            {
                case Registers.MsrEfer:
                    // Long mode must stay on (the guest cannot leave it: CR0.PG is masked too); NXE and SCE are its own.
                    if ((value & Registers.EferLme) == 0) return false;
                    Vmx.Write(Vmcs.GuestEfer, value | Registers.EferLma);
                    return true;
                case Registers.MsrPat: Vmx.Write(Vmcs.GuestPat, value); return true;
                case Registers.MsrFsBase: Vmx.Write(Vmcs.GuestFsBase, value); return true;
                case Registers.MsrGsBase: Vmx.Write(Vmcs.GuestGsBase, value); return true;
                case Registers.MsrKernelGsBase: d.KernelGsBase = value; return true;
                case Registers.MsrStar: d.Star = value; return true;
                case Registers.MsrLstar: d.Lstar = value; return true;
                case Registers.MsrCstar: d.Cstar = value; return true;
                case Registers.MsrSfmask: d.Sfmask = value; return true;
                case Registers.MsrTscAux: d.TscAux = value; return true;
                case Registers.MsrSysenterCs: Vmx.Write(Vmcs.GuestSysenterCs, value); return true;
                case Registers.MsrSysenterEsp: Vmx.Write(Vmcs.GuestSysenterEsp, value); return true;
                case Registers.MsrSysenterEip: Vmx.Write(Vmcs.GuestSysenterEip, value); return true;
                case Registers.MsrMiscEnable: return true; // ignored
                case Registers.MsrX2ApicEoi: return true;  // no in-service tracking: nothing to do
                case Registers.MsrX2ApicLvtTimer:
                    d.TimerVector = (uint)value & 0xFF;
                    d.TimerMasked = (value & (1UL << 16)) != 0;
                    return true;
                case Registers.MsrTscDeadline: d.TimerDeadline = value; return true;
                case Registers.MsrX2ApicIcr: return VirtualInterrupts.SendIpi(core, value);
                default: return false;
            }
        }
    }
}
