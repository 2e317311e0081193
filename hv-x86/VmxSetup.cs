namespace Bulkhead.X86
{
    /// <summary>Why VMX could not be turned on (each has a one-line explanation).</summary>
    internal enum VmxStatus
    {
        Ok,
        NoVmxInCpuid,
        DisabledByFirmware,
        VmcsTooLarge,
        NoSecondaryControls,
        NoEpt,
        EptUnsuitable,
        ControlsUnavailable,
        VmxonFailed,
    }

    /// <summary>
    /// Capability checks and VMXON on this core: CPUID, IA32_FEATURE_CONTROL, the VMX basic and
    /// TRUE control MSRs, the CR0/CR4 fixed bits. Computes the control words every VMCS uses.
    /// </summary>
    internal static unsafe class VmxSetup
    {
        public static uint Revision;
        public static uint PinControls, ProcControls, SecondaryControls, ExitControls, EntryControls;
        public static ulong Cr0Fixed0, Cr0Fixed1, Cr4Fixed0, Cr4Fixed1;
        public static bool HasVpid, HasUnrestrictedGuest;
        /// <summary>Guest timers: the VMX-preemption timer (and its rate: TSC >> rate), HLT activity state, interrupt windows.</summary>
        public static bool HasPreemptionTimer, HasHltActivity, HasInterruptWindow;
        public static int PreemptionTimerRate;
        private static uint s_missing;

        public static VmxStatus Enable()
        {
            uint* r = stackalloc uint[4];
            Cpu.CpuId(Registers.CpuidFeatures, 0, r);
            if ((r[2] & Registers.CpuidFeaturesEcxVmx) == 0) return VmxStatus.NoVmxInCpuid;

            ulong feature = Cpu.ReadMsr(Registers.MsrFeatureControl);
            if ((feature & Registers.FeatureControlLocked) == 0)
            {
                // Unlocked (some firmware leaves it so): enable VMX outside SMX and lock it.
                feature |= Registers.FeatureControlLocked | Registers.FeatureControlVmxOutsideSmx;
                Cpu.WriteMsr(Registers.MsrFeatureControl, feature);
            }
            else if ((feature & Registers.FeatureControlVmxOutsideSmx) == 0) return VmxStatus.DisabledByFirmware;

            ulong basic = Cpu.ReadMsr(Registers.MsrVmxBasic);
            Revision = (uint)(basic & 0x7FFFFFFF);
            if (((basic >> 32) & 0x1FFF) > PageAllocator.PageSize) return VmxStatus.VmcsTooLarge;
            bool trueControls = (basic & (1UL << 55)) != 0;

            // Controls: each = (wanted | allowed-0 settings) & allowed-1 settings, all wanted bits must survive.
            s_missing = 0;
            PinControls = Adjust(trueControls ? Registers.MsrVmxTruePinbased : Registers.MsrVmxPinbased,
                VmxControls.ExternalInterruptExiting | VmxControls.NmiExiting);
            ProcControls = Adjust(trueControls ? Registers.MsrVmxTrueProcbased : Registers.MsrVmxProcbased,
                VmxControls.HltExiting | VmxControls.UnconditionalIoExiting | VmxControls.MovDrExiting
                | VmxControls.ActivateSecondaryControls); // no MSR bitmap: every RDMSR/WRMSR exits
            ProcControls &= ~VmxControls.UseMsrBitmaps;
            if (s_missing != 0) return (ProcControls & VmxControls.ActivateSecondaryControls) == 0 ? VmxStatus.NoSecondaryControls : VmxStatus.ControlsUnavailable;

            HasPreemptionTimer = ((Cpu.ReadMsr(trueControls ? Registers.MsrVmxTruePinbased : Registers.MsrVmxPinbased) >> 32) & VmxControls.PreemptionTimer) != 0;
            HasInterruptWindow = ((Cpu.ReadMsr(trueControls ? Registers.MsrVmxTrueProcbased : Registers.MsrVmxProcbased) >> 32) & VmxControls.InterruptWindowExiting) != 0;
            ulong misc = Cpu.ReadMsr(Registers.MsrVmxMisc);
            PreemptionTimerRate = (int)(misc & 0x1F);
            HasHltActivity = (misc & (1UL << 6)) != 0;

            ulong secondaryAllowed = Cpu.ReadMsr(Registers.MsrVmxProcbased2) >> 32;
            if ((secondaryAllowed & VmxControls.EnableEpt) == 0) return VmxStatus.NoEpt;
            HasVpid = (secondaryAllowed & VmxControls.EnableVpid) != 0;
            HasUnrestrictedGuest = (secondaryAllowed & VmxControls.UnrestrictedGuest) != 0;
            uint optional = (uint)secondaryAllowed & (VmxControls.EnableRdtscp | VmxControls.EnableInvpcid | VmxControls.EnableVpid);
            SecondaryControls = Adjust(Registers.MsrVmxProcbased2, VmxControls.EnableEpt | optional);

            ulong ept = Cpu.ReadMsr(Registers.MsrVmxEptVpidCap);
            ulong eptNeeded = VmxControls.EptWalkLength4 | VmxControls.EptWriteBack | VmxControls.Ept2MbPages | VmxControls.EptInvept;
            if ((ept & eptNeeded) != eptNeeded) return VmxStatus.EptUnsuitable;

            ExitControls = Adjust(trueControls ? Registers.MsrVmxTrueExit : Registers.MsrVmxExit,
                VmxControls.HostAddressSpaceSize | VmxControls.SaveEfer | VmxControls.LoadHostEfer | VmxControls.SavePat | VmxControls.LoadHostPat);
            EntryControls = Adjust(trueControls ? Registers.MsrVmxTrueEntry : Registers.MsrVmxEntry,
                VmxControls.Ia32eModeGuest | VmxControls.LoadGuestEfer | VmxControls.LoadGuestPat);
            if (s_missing != 0) return VmxStatus.ControlsUnavailable;

            Cr0Fixed0 = Cpu.ReadMsr(Registers.MsrVmxCr0Fixed0);
            Cr0Fixed1 = Cpu.ReadMsr(Registers.MsrVmxCr0Fixed1);
            Cr4Fixed0 = Cpu.ReadMsr(Registers.MsrVmxCr4Fixed0);
            Cr4Fixed1 = Cpu.ReadMsr(Registers.MsrVmxCr4Fixed1);
            Cpu.WriteCr4(((Cpu.ReadCr4() | Registers.Cr4Vmxe) | Cr4Fixed0) & Cr4Fixed1);
            Cpu.WriteCr0((Cpu.ReadCr0() | Cr0Fixed0) & Cr0Fixed1);

            ulong region = PageAllocator.Allocate();
            *(uint*)region = Revision;
            if (Vmx.On(region) != 0) return VmxStatus.VmxonFailed;
            VmxRoot.IsOn = true;
            return VmxStatus.Ok;
        }

        private static uint Adjust(uint msr, uint wanted)
        {
            ulong caps = Cpu.ReadMsr(msr);
            uint result = (wanted | (uint)caps) & (uint)(caps >> 32);
            s_missing |= wanted & ~result;
            return result;
        }

        public static string Describe(VmxStatus status)
        {
            switch (status)
            {
                case VmxStatus.Ok: return "ok";
                case VmxStatus.NoVmxInCpuid: return "this CPU has no VMX (CPUID.1:ECX.VMX = 0; QEMU without KVM and most nested setups lack it: use Bochs, see docs/x86.md)";
                case VmxStatus.DisabledByFirmware: return "VMX is disabled and locked by the firmware (IA32_FEATURE_CONTROL): enable VT-x in the BIOS setup";
                case VmxStatus.VmcsTooLarge: return "the VMCS region is larger than 4 KiB (IA32_VMX_BASIC)";
                case VmxStatus.NoSecondaryControls: return "no secondary processor-based controls (needed for EPT)";
                case VmxStatus.NoEpt: return "no EPT (extended page tables): Bulkhead isolates domains with EPT";
                case VmxStatus.EptUnsuitable: return "EPT lacks 4-level walks, write-back memory, 2 MiB pages or INVEPT";
                case VmxStatus.ControlsUnavailable: return "required VM-execution/exit/entry controls are not allowed (IA32_VMX_TRUE_*_CTLS)";
                default: return "VMXON failed (check CR0/CR4 fixed bits and the VMXON region)";
            }
        }
    }
}
