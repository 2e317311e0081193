using Bulkhead.Core.Partition;
using Bulkhead.Core.Plan;

namespace Bulkhead.X86
{
    /// <summary>
    /// Fills a core's VMCS: execution controls (what exits), host state (where exits land) and,
    /// at every entry, the guest's initial state: 64-bit mode, paging on with the identity tables
    /// of GuestPaging, RIP = entry point, RSP = below the tables (16 KiB lower per further vCPU),
    /// RDI = entry argument, RSI = base and RDX = size of the domain's first RAM region.
    /// </summary>
    internal static unsafe class VcpuSetup
    {
        private const ulong CodeAccess = 0xA09B;     // present, DPL 0, code exec/read accessed, L = 1, G = 1
        private const ulong DataAccess = 0xC093;     // present, DPL 0, data read/write accessed, D/B = 1, G = 1
        private const ulong TssAccess = 0x008B;      // present, busy 64-bit TSS
        private const ulong Unusable = 1UL << 16;
        private const ulong GuestCr0 = Registers.Cr0Paging | Registers.Cr0NumericError | (1UL << 4) | (1UL << 1) | Registers.Cr0ProtectionEnable;
        private const ulong GuestCr4 = Registers.Cr4Pae | Registers.Cr4OsFxsr | Registers.Cr4OsXmmExcept;
        private const ulong DefaultPat = 0x0007040600070406UL;

        private const ulong VcpuStackSize = 0x4000;

        /// <summary>Creates the core's VMCS, makes it current and writes controls and host state.</summary>
        public static bool Create(int core, ref VcpuState state)
        {
            state.Vmcs = PageAllocator.Allocate();
            *(uint*)state.Vmcs = VmxSetup.Revision;
            if (Vmx.Clear(state.Vmcs) != 0 || Vmx.Load(state.Vmcs) != 0) return false;

            Vmx.Write(Vmcs.PinBasedControls, VmxSetup.PinControls);
            Vmx.Write(Vmcs.ProcBasedControls, VmxSetup.ProcControls);
            Vmx.Write(Vmcs.SecondaryControls, VmxSetup.SecondaryControls);
            Vmx.Write(Vmcs.ExitControls, VmxSetup.ExitControls);
            Vmx.Write(Vmcs.EntryControls, VmxSetup.EntryControls);
            Vmx.Write(Vmcs.ExceptionBitmap, 0);            // guests handle their own exceptions
            Vmx.Write(Vmcs.PageFaultErrorMask, 0);
            Vmx.Write(Vmcs.PageFaultErrorMatch, 0);
            Vmx.Write(Vmcs.Cr3TargetCount, 0);
            Vmx.Write(Vmcs.ExitMsrStoreCount, 0);
            Vmx.Write(Vmcs.ExitMsrLoadCount, 0);
            Vmx.Write(Vmcs.EntryMsrLoadCount, 0);
            Vmx.Write(Vmcs.EntryInterruptionInfo, 0);
            Vmx.Write(Vmcs.VmcsLinkPointer, ulong.MaxValue);

            // The guest may not leave protected/paged/long mode nor see that VMX is on.
            Vmx.Write(Vmcs.Cr0GuestHostMask, Registers.Cr0ProtectionEnable | Registers.Cr0Paging | Registers.Cr0NumericError);
            Vmx.Write(Vmcs.Cr4GuestHostMask, Registers.Cr4Vmxe | Registers.Cr4Pae);

            WriteHostState(core);
            return true;
        }

        private static void WriteHostState(int core)
        {
            Vmx.Write(Vmcs.HostCr0, Cpu.ReadCr0());
            Vmx.Write(Vmcs.HostCr3, Cpu.ReadCr3());
            Vmx.Write(Vmcs.HostCr4, Cpu.ReadCr4());
            Vmx.Write(Vmcs.HostCsSelector, Cpu.ReadCs());
            Vmx.Write(Vmcs.HostSsSelector, Cpu.ReadSs());
            Vmx.Write(Vmcs.HostDsSelector, Cpu.ReadDs());
            Vmx.Write(Vmcs.HostEsSelector, Cpu.ReadEs());
            Vmx.Write(Vmcs.HostFsSelector, Cpu.ReadFs());
            Vmx.Write(Vmcs.HostGsSelector, Cpu.ReadGs());
            Vmx.Write(Vmcs.HostTrSelector, Cpu.ReadTr());
            Vmx.Write(Vmcs.HostFsBase, 0);
            Vmx.Write(Vmcs.HostGsBase, 0);
            Vmx.Write(Vmcs.HostTrBase, Cpu.TssBase(core));
            Vmx.Write(Vmcs.HostGdtrBase, Cpu.GdtBase());
            Vmx.Write(Vmcs.HostIdtrBase, Cpu.IdtBase());
            Vmx.Write(Vmcs.HostSysenterCs, 0);
            Vmx.Write(Vmcs.HostSysenterEsp, 0);
            Vmx.Write(Vmcs.HostSysenterEip, 0);
            Vmx.Write(Vmcs.HostEfer, Cpu.ReadMsr(Registers.MsrEfer));
            Vmx.Write(Vmcs.HostPat, Cpu.ReadMsr(Registers.MsrPat));
            Vmx.Write(Vmcs.HostRip, Vmx.ExitHandlerAddress());
        }

        /// <summary>The guest's state at its entry point (start, restart, CPU_ON). The core's VMCS is current.</summary>
        public static void ResetGuest(int core, ref VcpuState state)
        {
            ref CoreState coreState = ref PartitionTable.Cores[core];
            int domain = coreState.Domain;
            PlanRegion ram = GuestPaging.FirstRam(domain);
            ulong tables = ram.Base + ram.Size - GuestPaging.TableBytes;
            if (coreState.Vcpu == 0) GuestPaging.Build(tables);

            VcpuRegisters* r = state.Registers;
            byte* guestFx = r->GuestFx;
            ulong* words = (ulong*)r;
            for (int i = 0; i < 16; i++) words[i] = 0;
            for (int i = 0; i < 512; i++) guestFx[i] = 0;
            *(ushort*)(guestFx + 0) = 0x037F;              // FCW: x87 default
            *(uint*)(guestFx + 24) = 0x1F80;               // MXCSR: SSE default, exceptions masked
            r->Rdi = coreState.EntryArgument;
            r->Rsi = ram.Base;
            r->Rdx = ram.Size;
            state.Star = state.Lstar = state.Cstar = state.Sfmask = state.KernelGsBase = state.TscAux = 0;
            VirtualInterrupts.Reset(ref state);
            WatchdogMonitor<X64Architecture>.OnEnter(core);

            Vmx.Write(Vmcs.EptPointer, Ept.Pointers[domain]);
            Vmx.InvalidateEpt(2, Ept.Pointers[domain]); // all contexts: restarts reuse the same EPT
            if ((VmxSetup.SecondaryControls & VmxControls.EnableVpid) != 0) Vmx.Write(Vmcs.Vpid, (ulong)(domain + 1));
            Vmx.Write(Vmcs.GuestCr0, (GuestCr0 | VmxSetup.Cr0Fixed0) & VmxSetup.Cr0Fixed1);
            Vmx.Write(Vmcs.Cr0ReadShadow, GuestCr0);
            Vmx.Write(Vmcs.GuestCr3, tables);
            Vmx.Write(Vmcs.GuestCr4, (GuestCr4 | Registers.Cr4Vmxe | VmxSetup.Cr4Fixed0) & VmxSetup.Cr4Fixed1);
            Vmx.Write(Vmcs.Cr4ReadShadow, GuestCr4);
            Vmx.Write(Vmcs.GuestEfer, Registers.EferLme | Registers.EferLma | Registers.EferNxe);
            Vmx.Write(Vmcs.GuestPat, DefaultPat);
            Vmx.Write(Vmcs.GuestDebugCtl, 0);
            Vmx.Write(Vmcs.GuestDr7, 0x400);

            Segment(Vmcs.GuestCsSelector, Vmcs.GuestCsBase, Vmcs.GuestCsLimit, Vmcs.GuestCsAccess, 0x08, CodeAccess);
            Segment(Vmcs.GuestSsSelector, Vmcs.GuestSsBase, Vmcs.GuestSsLimit, Vmcs.GuestSsAccess, 0x10, DataAccess);
            Segment(Vmcs.GuestDsSelector, Vmcs.GuestDsBase, Vmcs.GuestDsLimit, Vmcs.GuestDsAccess, 0x10, DataAccess);
            Segment(Vmcs.GuestEsSelector, Vmcs.GuestEsBase, Vmcs.GuestEsLimit, Vmcs.GuestEsAccess, 0x10, DataAccess);
            Segment(Vmcs.GuestFsSelector, Vmcs.GuestFsBase, Vmcs.GuestFsLimit, Vmcs.GuestFsAccess, 0x10, DataAccess);
            Segment(Vmcs.GuestGsSelector, Vmcs.GuestGsBase, Vmcs.GuestGsLimit, Vmcs.GuestGsAccess, 0x10, DataAccess);
            Vmx.Write(Vmcs.GuestLdtrSelector, 0);
            Vmx.Write(Vmcs.GuestLdtrBase, 0);
            Vmx.Write(Vmcs.GuestLdtrLimit, 0);
            Vmx.Write(Vmcs.GuestLdtrAccess, Unusable);
            Vmx.Write(Vmcs.GuestTrSelector, 0);
            Vmx.Write(Vmcs.GuestTrBase, 0);
            Vmx.Write(Vmcs.GuestTrLimit, 0x67);
            Vmx.Write(Vmcs.GuestTrAccess, TssAccess);
            Vmx.Write(Vmcs.GuestGdtrBase, 0);
            Vmx.Write(Vmcs.GuestGdtrLimit, 0);
            Vmx.Write(Vmcs.GuestIdtrBase, 0);
            Vmx.Write(Vmcs.GuestIdtrLimit, 0);
            Vmx.Write(Vmcs.GuestSysenterCs, 0);
            Vmx.Write(Vmcs.GuestSysenterEsp, 0);
            Vmx.Write(Vmcs.GuestSysenterEip, 0);

            Vmx.Write(Vmcs.GuestRip, coreState.EntryPoint);
            Vmx.Write(Vmcs.GuestRsp, tables - (ulong)coreState.Vcpu * VcpuStackSize);
            Vmx.Write(Vmcs.GuestRflags, 0x2);
            Vmx.Write(Vmcs.GuestInterruptibility, 0);
            Vmx.Write(Vmcs.GuestActivityState, 0);
            Vmx.Write(Vmcs.GuestPendingDebug, 0);
            Vmx.Write(Vmcs.EntryInterruptionInfo, 0);

        }

        private static void Segment(uint selectorField, uint baseField, uint limitField, uint accessField, ulong selector, ulong access)
        {
            Vmx.Write(selectorField, selector);
            Vmx.Write(baseField, 0);
            Vmx.Write(limitField, 0xFFFFFFFF);
            Vmx.Write(accessField, access);
        }
    }
}
