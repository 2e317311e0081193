using System.Runtime.CompilerServices;
using Bulkhead.Arm64.Gic;
using Bulkhead.Core.Hypercalls;
using Bulkhead.Core.Partition;
using static Bulkhead.Arm64.Registers;

namespace Bulkhead.Arm64
{
    /// <summary>
    /// Synchronous exceptions a guest causes at EL2: hypercalls and PSCI, emulated registers, and
    /// everything that is a fault — contained by stopping (or restarting) that domain only.
    /// </summary>
    internal static unsafe class GuestTraps
    {
        public static void Synchronous(TrapFrame* frame, int core)
        {
            uint ec = frame->ExceptionClass;
            CoreAction next;
            switch (ec)
            {
                case ExceptionClass.Hvc64:
                    next = Hypercall(frame, core);
                    break;
                case ExceptionClass.Smc64:
                    frame->Elr += 4; // a trapped SMC returns to itself: skip it
                    next = Hypercall(frame, core);
                    break;
                case ExceptionClass.DataAbortLower:
                    next = DataAborts.Handle(frame, core);
                    break;
                case ExceptionClass.SysRegister:
                    next = SystemRegister(frame, core);
                    break;
                case ExceptionClass.InstructionAbortLower:
                    next = Fault(core, "stage-2 fault on instruction fetch", frame, FaultingIpa(frame));
                    break;
                default:
                    next = Fault(core, "trapped ", ExceptionClass.Name(ec), frame, frame->Far);
                    break;
            }
            Vcpu.Continue(core, next);
        }

        /// <summary>HVC/SMC: x0 = function id, x1..x3 = arguments; x0 = status, x1..x3 = results (docs/abi.md).</summary>
        public static CoreAction Hypercall(TrapFrame* frame, int core)
        {
            HypercallFrame call;
            call.Function = frame->X[0];
            call.A1 = call.R1 = frame->X[1];
            call.A2 = call.R2 = frame->X[2];
            call.A3 = call.R3 = frame->X[3];
            if (GuestCalls<Arm64Architecture>.Handle(core, ref call, out long status) == GuestCallOutcome.CheckIn)
                return DomainControl<Arm64Architecture>.CheckIn(core);
            frame->X[0] = (ulong)status;
            frame->X[1] = call.R1; frame->X[2] = call.R2; frame->X[3] = call.R3;
            return CoreAction.Resume;
        }

        /// <summary>
        /// A call with a fast entry that the entry declined (hv_fast_fallback; only x0-x18, ELR and
        /// SPSR are in the frame): the checks of <see cref="GuestCalls{TArch}.Handle"/> and the
        /// dispatcher's own code. An ended run checks in; the rest is out of line.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void FastHypercall(TrapFrame* frame, int core)
        {
            // As GuestCalls.Handle: a vCPU whose run ended gets no service, it checks in.
            if (!PartitionTable.IsCurrentRun(core)) { EndedRun(core); return; }
            long status = HypercallDispatcher<Arm64Architecture>.DispatchSimple(core, (uint)frame->X[0], frame->X[1], ref frame->X[1], ref frame->X[2], ref frame->X[3]);
            if (status == HypercallDispatcher<Arm64Architecture>.NotSimple) { NotSimple(frame, core); return; }
            frame->X[0] = (ulong)status;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void EndedRun(int core) => Vcpu.Continue(core, DomainControl<Arm64Architecture>.CheckIn(core));

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void NotSimple(TrapFrame* frame, int core) => Vcpu.Continue(core, Hypercall(frame, core));

        /// <summary>Trapped system register accesses: SGIs (GICv3), set/way cache maintenance, ID registers (what guests see of the CPU), debug registers switched off; the rest is a fault.</summary>
        private static CoreAction SystemRegister(TrapFrame* frame, int core)
        {
            ulong iss = frame->Esr & EsrIssMask;
            uint op0 = (uint)(iss >> 20) & 3, op2 = (uint)(iss >> 17) & 7, op1 = (uint)(iss >> 14) & 7;
            uint crn = (uint)(iss >> 10) & 0xF, crm = (uint)(iss >> 1) & 0xF;
            int rt = (int)(iss >> 5) & 0x1F;
            bool read = (iss & 1) != 0;
            if (op0 == 3 && op1 == 0 && crn == 12 && crm == 11 && op2 == 5 && !read) // ICC_SGI1R_EL1
            {
                DistributorEmulation.SgiV3(core, rt == 31 ? 0 : frame->X[rt]);
                frame->Elr += 4;
                return CoreAction.Resume;
            }
            if (op0 == 1 && op1 == 0 && crn == 7 && (crm == 6 || crm == 10 || crm == 14) && op2 == 2) // DC ISW/CSW/CISW
            {
                frame->Elr += 4; // by set/way would touch other domains' cache lines: by-VA maintenance is enough
                return CoreAction.Resume;
            }
            if (op0 == 3 && op1 == 0 && crn == 0 && crm != 0 && read) // ID registers (HCR_EL2.TID3)
                return Complete(frame, rt, CpuFeatures.GuestView(crm, op2));
            ulong value = read || rt == 31 ? 0 : frame->X[rt];
            if (op0 == 2 && DebugRegisters.Emulate(op1, crn, crm, op2, read, ref value))
                return Complete(frame, read ? rt : 31, value);
            return Fault(core, "trapped system register access", frame, frame->Elr);
        }

        /// <summary>Finishes an emulated MRS/MSR: the value into Xt for a read (never into XZR), past the instruction.</summary>
        private static CoreAction Complete(TrapFrame* frame, int rt, ulong value)
        {
            if (rt != 31) frame->X[rt] = value;
            frame->Elr += 4;
            return CoreAction.Resume;
        }

        public static CoreAction Fault(int core, string cause, TrapFrame* frame, ulong address) => Fault(core, cause, "", frame, address);

        /// <summary>Contains a guest fault (hv-core's one-line report); <paramref name="cause"/> and <paramref name="detail"/> are joined.</summary>
        public static CoreAction Fault(int core, string cause, string detail, TrapFrame* frame, ulong address)
        {
            Core.Text.LineBuffer line = default;
            line.Append(cause);
            line.Append(detail);
            FaultReport<Arm64Architecture>.Contain(core, ref line, address, frame->Esr, frame->Elr);
            return DomainControl<Arm64Architecture>.CheckIn(core);
        }

        /// <summary>The intermediate physical address of a stage-2 abort (HPFAR_EL2 page + FAR offset).</summary>
        public static ulong FaultingIpa(TrapFrame* frame) => ((Cpu.ReadHpfar() & 0xFFFFFFFFFF0UL) << 8) | (frame->Far & 0xFFF);
    }
}
