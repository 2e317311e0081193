using System.Runtime.InteropServices;
using Bulkhead.Core.Partition;

namespace Bulkhead.X86
{
    /// <summary>Guest registers the VMCS does not hold, saved by boot/vmx.S (offsets must match its G_* defines).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct VcpuRegisters
    {
        public ulong Rax, Rbx, Rcx, Rdx, Rsi, Rdi, Rbp, R8, R9, R10, R11, R12, R13, R14, R15, Cr2;
        public fixed byte GuestFx[512];
        public fixed byte HostFx[512];
    }

    /// <summary>One core's VMX state: its VMCS (current on that core for good), saved registers and MSR shadows.</summary>
    internal unsafe struct VcpuState
    {
        public ulong Vmcs;
        public VcpuRegisters* Registers;
        public bool Launched;
        /// <summary>MSRs guests may use that the VMCS does not hold (the hypervisor never uses SYSCALL, so shadows suffice).</summary>
        public ulong Star, Lstar, Cstar, Sfmask, KernelGsBase, TscAux;
        /// <summary>The guest's timer (x2APIC TSC-deadline mode): absolute TSC, 0 = not armed.</summary>
        public ulong TimerDeadline;
        public uint TimerVector;
        public bool TimerMasked;
        /// <summary>Pending interrupt vectors (256 bits).</summary>
        public fixed ulong Pending[4];
    }

    /// <summary>
    /// Running a core's one vCPU: VM entries and exits until its domain stops, parking while its
    /// vCPU is off. There is no scheduler: a core belongs to one vCPU for good.
    /// </summary>
    internal static unsafe class Vcpu
    {
        public static VcpuState[] Cores = new VcpuState[0];

        /// <summary>Once per core (on that core): its VMCS with controls and host state.</summary>
        public static bool PrepareCore(int core)
        {
            ref VcpuState state = ref Cores[core];
            state.Registers = (VcpuRegisters*)PageAllocator.Allocate();
            return VcpuSetup.Create(core, ref state);
        }

        /// <summary>
        /// The core's life after boot (does not return). It checks in with the partition at the
        /// start, after an exit that changed its domain (fault, stop, restart) and whenever its
        /// doorbell rang (another core's SignalCore: the NMI that goes with it may have arrived
        /// while this core was in the hypervisor); otherwise it resumes the guest directly.
        /// </summary>
        public static void Run(int core)
        {
            ref VcpuState state = ref Cores[core];
            CoreAction action = DomainControl<X64Architecture>.CheckIn(core);
            ulong seen = Park.Read(core);
            while (true)
            {
                if (action == CoreAction.Park)
                {
                    action = Park.WaitForWork(core);
                    seen = Park.Read(core);
                    continue;
                }
                if (action == CoreAction.Enter) VcpuSetup.ResetGuest(core, ref state);
                ulong bell = Park.Read(core);
                if (bell != seen)
                {
                    seen = bell;
                    action = DomainControl<X64Architecture>.CheckIn(core);
                    if (action != CoreAction.Resume) continue;
                }
                ExitHandler.PrepareEntry(core);

                int status = Vmx.Run(state.Registers, state.Launched ? 1UL : 0UL);
                bool checkIn;
                if (status != 0)
                {
                    ExitHandler.EntryFailed(core, state.Launched, status);
                    checkIn = true;
                }
                else
                {
                    state.Launched = true;
                    PartitionTable.Runs[core].Traps++; // VCPU_STATS
                    checkIn = ExitHandler.Handle(core);
                }
                action = checkIn ? DomainControl<X64Architecture>.CheckIn(core) : CoreAction.Resume;
            }
        }
    }
}
