using Bulkhead.Core.Hypercalls;
using Bulkhead.Core.Partition;
using Bulkhead.Core.Sync;
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
        // Exits are handled one core at a time: IPIs pend vectors in other cores' state, and
        // domain stops and restarts change state several cores read.
        private static uint s_lock;

        /// <returns>true when the core must check in with the partition (its domain changed or it was signalled)</returns>
        public static bool Handle(int core)
        {
            SpinLock<X64Architecture>.Enter(ref s_lock);
            bool checkIn = HandleLocked(core);
            SpinLock<X64Architecture>.Exit(ref s_lock);
            return checkIn;
        }

        /// <summary>Before every VM entry: timer and pending interrupts (the same lock: IPIs from other cores pend vectors).</summary>
        public static void PrepareEntry(int core)
        {
            SpinLock<X64Architecture>.Enter(ref s_lock);
            VirtualInterrupts.PrepareEntry(ref Vcpu.Cores[core], WatchdogTimer.DeadlineTicks(core));
            SpinLock<X64Architecture>.Exit(ref s_lock);
        }

        /// <summary>A failed VM entry, reported like a fault (same lock as exits).</summary>
        public static void EntryFailed(int core, bool launched, int status)
        {
            SpinLock<X64Architecture>.Enter(ref s_lock);
            LineBuffer cause = default;
            cause.Append(launched ? "VMRESUME" : "VMLAUNCH");
            cause.Append(" failed (VM-instruction error ");
            cause.AppendDecimal(status == 2 ? Vmx.Read(Vmcs.InstructionError) : 0);
            cause.Append(")");
            Fault(core, ref cause, 0, Vmx.Read(Vmcs.GuestRip), 0);
            SpinLock<X64Architecture>.Exit(ref s_lock);
        }

        private static bool HandleLocked(int core)
        {
            // The domain was stopped or restarted by another of its vCPUs while this exit waited
            // for the lock: the exit belongs to a finished run of the domain, so drop it.
            ref CoreState state = ref PartitionTable.Cores[core];
            ref Domain domain = ref PartitionTable.Domains[state.Domain];
            if (domain.Status == DomainStatus.Stopped || state.Epoch != domain.Epoch) return true;

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
                    return WatchdogTimer.Expired(core); // else the guest's timer: the next entry injects it
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

        /// <summary>VMCALL: the portable dispatcher, with the x86 register convention of docs/abi.md.</summary>
        private static bool Hypercalls(int core)
        {
            VcpuRegisters* r = Vcpu.Cores[core].Registers;
            Advance(); // every call that returns resumes after the VMCALL
            HypercallFrame call = default;
            call.TimeNs = Tsc.Nanoseconds;
            call.Function = r->Rax;
            call.A1 = r->Rdi; call.A2 = r->Rsi; call.A3 = r->Rdx;
            call.R1 = r->Rdi; call.R2 = r->Rsi; call.R3 = r->Rdx; // unchanged unless the call returns results
            long status = Bulkhead.Core.Abi.HypercallStatus.NotSupported;
            if (GuestPsci.IsPsci(call.Function))
            {
                if (GuestPsci.Call(core, call.Function, call.A1, call.A2, call.A3, out status)) return true;
                r->Rax = (ulong)status;
                return false;
            }
            if (HypercallDispatcher<X64Architecture>.IsHypercall(call.Function))
            {
                HypercallOutcome outcome = HypercallDispatcher<X64Architecture>.Dispatch(core, ref call, out status);
                if (call.RaiseInterrupt != 0) RaiseDoorbell(core, call.RaiseInterrupt);
                if (outcome == HypercallOutcome.CheckIn) return true;
            }
            r->Rax = (ulong)status;
            r->Rdi = call.R1; r->Rsi = call.R2; r->Rdx = call.R3;
            return false;
        }

        /// <summary>
        /// A channel doorbell: interrupt id n of the plan is vector 0x20 + n of the reader domain's
        /// vCPU 0 (the x64 runtime's numbering), pended there and its core signalled.
        /// </summary>
        private static void RaiseDoorbell(int core, uint intId)
        {
            int owner = PartitionTable.OwnerOfInterrupt(intId);
            int target = owner < 0 ? -1 : PartitionTable.CoreOf(owner, 0);
            if (target < 0 || intId + VirtualInterrupts.FirstVector > 255) return;
            VirtualInterrupts.Pend(ref Vcpu.Cores[target], intId + VirtualInterrupts.FirstVector);
            if (target != core) X64Architecture.SignalCore(target);
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
        {
            LineBuffer line = default;
            line.Append(cause);
            Fault(core, ref line, address, rip, qualification);
        }

        /// <summary>
        /// Contains a guest fault in one line, the same shape as ARM64's:
        /// "&lt;cause&gt; at &lt;address&gt; (qualification=0x.., RIP=0x.., vCPU n)", then stop or restart per policy.
        /// </summary>
        public static void Fault(int core, ref LineBuffer cause, ulong address, ulong rip, ulong qualification)
        {
            ref CoreState state = ref PartitionTable.Cores[core];
            LineBuffer line = default;
            line.Append(ref cause);
            line.Append(" at ");
            line.AppendHex(address, 16);
            line.Append(" (qualification=");
            line.AppendHex(qualification, 1);
            line.Append(", RIP=");
            line.AppendHex(rip, 16);
            line.Append(", vCPU ");
            line.AppendDecimal((ulong)state.Vcpu);
            line.Append(")");
            DomainControl<X64Architecture>.Fault(state.Domain, ref line);
        }
    }
}
