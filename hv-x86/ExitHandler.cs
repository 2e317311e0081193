using Bulkhead.Core;

namespace Bulkhead.X86
{
    /// <summary>
    /// Dispatches one VM exit of a running domain. Anything the domain is not allowed to do ends
    /// in a contained stop (or restart, per its policy) with one report line; never in a panic.
    /// </summary>
    internal static unsafe class ExitHandler
    {
        public static void Handle(Domain d)
        {
            uint reason = (uint)Vmx.Read(Vmcs.ExitReason);
            uint basic = reason & 0xFFFF;
            ulong rip = Vmx.Read(Vmcs.GuestRip);
            if ((reason & ExitReason.EntryFailure) != 0)
            {
                DomainRunner.Stop(d, Report.Cause(ExitReason.Name(basic), Vmx.Read(Vmcs.ExitQualification), rip, rip));
                return;
            }
            switch (basic)
            {
                case ExitReason.Vmcall:
                    Hypercalls.Handle(d);
                    return;
                case ExitReason.Cpuid:
                    CpuidEmulation.Handle(d);
                    return;
                case ExitReason.Rdmsr:
                case ExitReason.Wrmsr:
                    MsrAccess.Handle(d, basic == ExitReason.Wrmsr);
                    return;
                case ExitReason.IoInstruction:
                    PortIo.Handle(d);
                    return;
                case ExitReason.EptViolation:
                    EptViolation(d, rip);
                    return;
                case ExitReason.Hlt:
                    DomainRunner.Fault(d, Report.Cause("halted (HLT: no interrupt will wake it)", 0, rip, rip));
                    return;
                case ExitReason.ExternalInterrupt:
                case ExitReason.PreemptionTimer:
                    return; // nothing to do: the domain continues
                default:
                    DomainRunner.Fault(d, Report.Cause(ExitReason.Name(basic), Vmx.Read(Vmcs.ExitQualification), rip, rip));
                    return;
            }
        }

        /// <summary>Skips the instruction that caused the exit (the CPU reports its length).</summary>
        public static void Advance()
        {
            Vmx.Write(Vmcs.GuestRip, Vmx.Read(Vmcs.GuestRip) + Vmx.Read(Vmcs.ExitInstructionLength));
        }

        /// <summary>Injects a hardware exception (e.g. #GP for a refused MSR) into the guest.</summary>
        public static void InjectException(uint vector, bool hasErrorCode, uint errorCode)
        {
            uint info = VmxControls.InjectValid | VmxControls.InjectHardwareException | vector;
            if (hasErrorCode)
            {
                info |= VmxControls.InjectDeliverErrorCode;
                Vmx.Write(Vmcs.EntryExceptionErrorCode, errorCode);
            }
            Vmx.Write(Vmcs.EntryInterruptionInfo, info);
        }

        /// <summary>
        /// An access outside the domain's map. The decoder names the faulting instruction (the
        /// basis for emulating device registers later); the domain is stopped per its policy.
        /// </summary>
        private static void EptViolation(Domain d, ulong rip)
        {
            ulong qualification = Vmx.Read(Vmcs.ExitQualification);
            ulong gpa = Vmx.Read(Vmcs.GuestPhysicalAddress);
            string kind = (qualification & 4) != 0 ? "instruction fetch" : (qualification & 2) != 0 ? "write" : "read";
            byte* code = stackalloc byte[16];
            int available = GuestPaging.FetchCode(d, Vmx.Read(Vmcs.GuestCr0), Vmx.Read(Vmcs.GuestCr3), rip, code, 15);
            DecodedInstruction insn;
            string access = kind;
            if ((qualification & 4) == 0 && InstructionDecoder.Decode(code, available, out insn))
                access = string.Concat(kind, " of ", insn.AccessSize.ToString(), " bytes by ", InstructionDecoder.MnemonicName(insn.Mnemonic));
            DomainRunner.Fault(d, Report.Cause(string.Concat("EPT violation (", access, ")"), qualification, gpa, rip));
        }
    }

    /// <summary>The one-line shape every contained fault uses (the same on ARM64 with ESR in place of the qualification).</summary>
    internal static class Report
    {
        public static string Cause(string what, ulong qualification, ulong address, ulong rip) =>
            string.Concat(
                string.Concat(what, " qualification=0x", qualification.ToString("x")),
                string.Concat(" address=0x", address.ToString("x"), " RIP=0x", rip.ToString("x")));
    }
}
