using Bulkhead.Core.Hypercalls;
using Bulkhead.Core.Partition;
using Bulkhead.Core.Time;
using Bulkhead.Core.Text;

namespace Bulkhead.X86
{
    /// <summary>
    /// Dispatches one VM exit of the core's vCPU. Anything the domain may not do ends in a
    /// contained stop (or restart, per its policy) with one report line (assembled on the stack:
    /// nothing is allocated after boot); never in a panic.
    /// </summary>
    internal static unsafe class ExitHandler
    {
        // Each core handles its own exits without a global lock: pending vectors are set with
        // atomics (VirtualInterrupts.Pend), lifecycle changes take their domain's lock (hv-core
        // DomainControl), the console its own; so one domain's exit rate never delays another's.

        /// <returns>true when the core must check in with the partition (its domain changed or it was signalled)</returns>
        public static bool Handle(int core)
        {
            // The domain was stopped or restarted by another of its vCPUs meanwhile: the exit
            // belongs to a finished run of the domain, so drop it.
            ref CoreState state = ref PartitionTable.Cores[core];
            ref Domain domain = ref PartitionTable.Domains[state.Domain];
            if (domain.Status == DomainStatus.Stopped || state.RunEpoch != domain.Epoch) return true;

            uint reason = (uint)Vmx.Read(Vmcs.ExitReason);
            uint basic = reason & 0xFFFF;
            ulong rip = Vmx.Read(Vmcs.GuestRip);
            if ((reason & ExitReason.EntryFailure) != 0)
            {
                Fault(core, ExitReason.Name(basic), rip, rip, Vmx.Read(Vmcs.ExitQualification));
                return true;
            }
            switch (basic)
            {
                case ExitReason.Vmcall:
                    return Hypercalls(core);
                case ExitReason.Cpuid:
                    CpuidEmulation.Handle(core);
                    return false;
                case ExitReason.Rdmsr:
                case ExitReason.Wrmsr:
                    MsrAccess.Handle(core, basic == ExitReason.Wrmsr);
                    return false;
                case ExitReason.IoInstruction:
                    return PortIo.Handle(core);
                case ExitReason.EptViolation:
                    EptViolation(core, rip);
                    return true;
                case ExitReason.Hlt:
                    Advance();
                    VirtualInterrupts.Halt(ref Vcpu.Cores[core]);
                    return false;
                case ExitReason.PreemptionTimer:
                    return WatchdogMonitor<X64Architecture>.OnTimer(core); // else the guest's timer: the next entry injects it
                case ExitReason.InterruptWindow:
                    return false; // the next entry injects what is due
                case ExitReason.ExceptionOrNmi:
                case ExitReason.ExternalInterrupt:
                    return true; // an NMI from SignalCore (or a stray interrupt): check in
                default:
                    Fault(core, ExitReason.Name(basic), rip, rip, Vmx.Read(Vmcs.ExitQualification));
                    return true;
            }
        }

        /// <summary>Before every VM entry: the guest's timer and pending interrupts, and the watchdog deadline.</summary>
        public static void PrepareEntry(int core)
        {
            ulong deadlineNs = WatchdogMonitor<X64Architecture>.DeadlineOn(core);
            ulong ticks = deadlineNs == 0 ? 0 : CounterClock.ToTicks(deadlineNs, Tsc.Hz);
            if (VirtualInterrupts.PrepareEntry(ref Vcpu.Cores[core], deadlineNs == 0 ? 0 : ticks == 0 ? 1 : ticks))
                PartitionTable.Cores[core].Interrupts++;
        }

        /// <summary>A failed VM entry, reported like a fault.</summary>
        public static void EntryFailed(int core, bool launched, int status)
        {
            LineBuffer cause = default;
            cause.Append(launched ? "VMRESUME" : "VMLAUNCH");
            cause.Append(" failed (VM-instruction error ");
            cause.AppendDecimal(status == 2 ? Vmx.Read(Vmcs.InstructionError) : 0);
            cause.Append(")");
            Fault(core, ref cause, 0, Vmx.Read(Vmcs.GuestRip), 0);
        }

        /// <summary>VMCALL: RAX = function id, RDI, RSI, RDX = arguments; RAX = status, RDI, RSI, RDX = results (docs/abi.md).</summary>
        private static bool Hypercalls(int core)
        {
            VcpuRegisters* r = Vcpu.Cores[core].Registers;
            Advance(); // every call that returns resumes after the VMCALL
            HypercallFrame call;
            call.Function = r->Rax;
            call.A1 = call.R1 = r->Rdi;
            call.A2 = call.R2 = r->Rsi;
            call.A3 = call.R3 = r->Rdx;
            if (GuestCalls<X64Architecture>.Handle(core, ref call, out long status) == GuestCallOutcome.CheckIn) return true;
            r->Rax = (ulong)status;
            r->Rdi = call.R1; r->Rsi = call.R2; r->Rdx = call.R3;
            return false;
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
        /// basis for emulating device registers); the domain is stopped or restarted per its policy.
        /// </summary>
        private static void EptViolation(int core, ulong rip)
        {
            ulong qualification = Vmx.Read(Vmcs.ExitQualification);
            ulong gpa = Vmx.Read(Vmcs.GuestPhysicalAddress);
            LineBuffer cause = default;
            cause.Append("EPT violation on ");
            cause.Append((qualification & 4) != 0 ? "instruction fetch" : (qualification & 2) != 0 ? "write" : "read");
            if ((qualification & 4) == 0)
            {
                byte* code = stackalloc byte[16];
                int available = GuestPaging.FetchCode(PartitionTable.Cores[core].Domain, Vmx.Read(Vmcs.GuestCr0), Vmx.Read(Vmcs.GuestCr3), rip, code, 15);
                if (InstructionDecoder.Decode(code, available, out DecodedInstruction insn) && insn.HasMemory)
                {
                    cause.Append(" (");
                    cause.Append(InstructionDecoder.MnemonicName(insn.Mnemonic));
                    cause.Append(", ");
                    cause.AppendDecimal((ulong)insn.AccessSize);
                    cause.Append(insn.AccessSize == 1 ? " byte)" : " bytes)");
                }
            }
            Fault(core, ref cause, gpa, rip, qualification);
        }

        public static void Fault(int core, string cause, ulong address, ulong rip, ulong qualification)
            => FaultReport<X64Architecture>.Contain(core, cause, address, qualification, rip);

        public static void Fault(int core, ref LineBuffer cause, ulong address, ulong rip, ulong qualification)
            => FaultReport<X64Architecture>.Contain(core, ref cause, address, qualification, rip);
    }
}
