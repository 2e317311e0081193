namespace Bulkhead.X86
{
    /// <summary>VMCS field encodings (Intel SDM Vol. 3, appendix B).</summary>
    internal static class Vmcs
    {
        // 16-bit
        public const uint Vpid = 0x0000;
        public const uint GuestEsSelector = 0x0800, GuestCsSelector = 0x0802, GuestSsSelector = 0x0804, GuestDsSelector = 0x0806;
        public const uint GuestFsSelector = 0x0808, GuestGsSelector = 0x080A, GuestLdtrSelector = 0x080C, GuestTrSelector = 0x080E;
        public const uint HostEsSelector = 0x0C00, HostCsSelector = 0x0C02, HostSsSelector = 0x0C04, HostDsSelector = 0x0C06;
        public const uint HostFsSelector = 0x0C08, HostGsSelector = 0x0C0A, HostTrSelector = 0x0C0C;

        // 64-bit
        public const uint IoBitmapA = 0x2000, IoBitmapB = 0x2002, MsrBitmap = 0x2004;
        public const uint ExitMsrStoreAddress = 0x2006, ExitMsrLoadAddress = 0x2008, EntryMsrLoadAddress = 0x200A;
        public const uint TscOffset = 0x2010;
        public const uint EptPointer = 0x201A;
        public const uint GuestPhysicalAddress = 0x2400;
        public const uint VmcsLinkPointer = 0x2800, GuestDebugCtl = 0x2802, GuestPat = 0x2804, GuestEfer = 0x2806;
        public const uint HostPat = 0x2C00, HostEfer = 0x2C02;

        // 32-bit
        public const uint PinBasedControls = 0x4000, ProcBasedControls = 0x4002, ExceptionBitmap = 0x4004;
        public const uint PageFaultErrorMask = 0x4006, PageFaultErrorMatch = 0x4008, Cr3TargetCount = 0x400A;
        public const uint ExitControls = 0x400C, ExitMsrStoreCount = 0x400E, ExitMsrLoadCount = 0x4010;
        public const uint EntryControls = 0x4012, EntryMsrLoadCount = 0x4014, EntryInterruptionInfo = 0x4016;
        public const uint EntryExceptionErrorCode = 0x4018, EntryInstructionLength = 0x401A;
        public const uint SecondaryControls = 0x401E;
        public const uint InstructionError = 0x4400, ExitReason = 0x4402, ExitInterruptionInfo = 0x4404;
        public const uint ExitInterruptionErrorCode = 0x4406, IdtVectoringInfo = 0x4408, ExitInstructionLength = 0x440C;
        public const uint ExitInstructionInfo = 0x440E;
        public const uint GuestEsLimit = 0x4800, GuestCsLimit = 0x4802, GuestSsLimit = 0x4804, GuestDsLimit = 0x4806;
        public const uint GuestFsLimit = 0x4808, GuestGsLimit = 0x480A, GuestLdtrLimit = 0x480C, GuestTrLimit = 0x480E;
        public const uint GuestGdtrLimit = 0x4810, GuestIdtrLimit = 0x4812;
        public const uint GuestEsAccess = 0x4814, GuestCsAccess = 0x4816, GuestSsAccess = 0x4818, GuestDsAccess = 0x481A;
        public const uint GuestFsAccess = 0x481C, GuestGsAccess = 0x481E, GuestLdtrAccess = 0x4820, GuestTrAccess = 0x4822;
        public const uint GuestInterruptibility = 0x4824, GuestActivityState = 0x4826, GuestSysenterCs = 0x482A;
        public const uint PreemptionTimerValue = 0x482E;
        public const uint HostSysenterCs = 0x4C00;

        // natural width
        public const uint Cr0GuestHostMask = 0x6000, Cr4GuestHostMask = 0x6002, Cr0ReadShadow = 0x6004, Cr4ReadShadow = 0x6006;
        public const uint ExitQualification = 0x6400, GuestLinearAddress = 0x640A;
        public const uint GuestCr0 = 0x6800, GuestCr3 = 0x6802, GuestCr4 = 0x6804;
        public const uint GuestEsBase = 0x6806, GuestCsBase = 0x6808, GuestSsBase = 0x680A, GuestDsBase = 0x680C;
        public const uint GuestFsBase = 0x680E, GuestGsBase = 0x6810, GuestLdtrBase = 0x6812, GuestTrBase = 0x6814;
        public const uint GuestGdtrBase = 0x6816, GuestIdtrBase = 0x6818, GuestDr7 = 0x681A;
        public const uint GuestRsp = 0x681C, GuestRip = 0x681E, GuestRflags = 0x6820, GuestPendingDebug = 0x6822;
        public const uint GuestSysenterEsp = 0x6824, GuestSysenterEip = 0x6826;
        public const uint HostCr0 = 0x6C00, HostCr3 = 0x6C02, HostCr4 = 0x6C04, HostFsBase = 0x6C06, HostGsBase = 0x6C08;
        public const uint HostTrBase = 0x6C0A, HostGdtrBase = 0x6C0C, HostIdtrBase = 0x6C0E;
        public const uint HostSysenterEsp = 0x6C10, HostSysenterEip = 0x6C12, HostRsp = 0x6C14, HostRip = 0x6C16;
    }

    /// <summary>VM-execution, VM-exit and VM-entry control bits.</summary>
    internal static class VmxControls
    {
        // pin-based
        public const uint ExternalInterruptExiting = 1u << 0;
        public const uint NmiExiting = 1u << 3;
        public const uint PreemptionTimer = 1u << 6;

        // primary processor-based
        public const uint InterruptWindowExiting = 1u << 2;
        public const uint HltExiting = 1u << 7;
        public const uint MovDrExiting = 1u << 23;
        public const uint UnconditionalIoExiting = 1u << 24;
        public const uint UseMsrBitmaps = 1u << 28;
        public const uint ActivateSecondaryControls = 1u << 31;

        // secondary processor-based
        public const uint EnableEpt = 1u << 1;
        public const uint EnableRdtscp = 1u << 3;
        public const uint EnableVpid = 1u << 5;
        public const uint UnrestrictedGuest = 1u << 7;
        public const uint EnableInvpcid = 1u << 12;

        // VM-exit
        public const uint HostAddressSpaceSize = 1u << 9;
        public const uint SavePat = 1u << 18, LoadHostPat = 1u << 19;
        public const uint SaveEfer = 1u << 20, LoadHostEfer = 1u << 21;

        // VM-entry
        public const uint Ia32eModeGuest = 1u << 9;
        public const uint LoadGuestPat = 1u << 14, LoadGuestEfer = 1u << 15;

        // IA32_VMX_EPT_VPID_CAP
        public const ulong EptWalkLength4 = 1UL << 6;
        public const ulong EptWriteBack = 1UL << 14;
        public const ulong Ept2MbPages = 1UL << 16;
        public const ulong EptInvept = 1UL << 20;

        // VM-entry interruption information
        public const uint InjectValid = 1u << 31;
        public const uint InjectHardwareException = 3u << 8;
        public const uint InjectDeliverErrorCode = 1u << 11;
    }

    /// <summary>Basic VM-exit reasons (exit reason bits 15:0).</summary>
    internal static class ExitReason
    {
        public const uint ExceptionOrNmi = 0, ExternalInterrupt = 1, TripleFault = 2, Init = 3, Sipi = 4;
        public const uint InterruptWindow = 7;
        public const uint Cpuid = 10, Getsec = 11, Hlt = 12, Invd = 13, Invlpg = 14, Rdpmc = 15, Rdtsc = 16;
        public const uint Vmcall = 18;
        public const uint CrAccess = 28, DrAccess = 29, IoInstruction = 30, Rdmsr = 31, Wrmsr = 32;
        public const uint InvalidGuestState = 33, MsrLoading = 34, Mwait = 36, Monitor = 39, Pause = 40, MachineCheck = 41;
        public const uint EptViolation = 48, EptMisconfiguration = 49, Invept = 50, Rdtscp = 51, PreemptionTimer = 52;
        public const uint Invvpid = 53, Wbinvd = 54, Xsetbv = 55;

        /// <summary>Bit 31 of the exit reason: the VM entry itself failed.</summary>
        public const uint EntryFailure = 1u << 31;

        public static string Name(uint reason)
        {
            switch (reason)
            {
                case ExceptionOrNmi: return "exception or NMI";
                case ExternalInterrupt: return "external interrupt";
                case TripleFault: return "triple fault";
                case Init: return "INIT signal";
                case Sipi: return "SIPI";
                case InterruptWindow: return "interrupt window";
                case 9: return "task switch";
                case Cpuid: return "CPUID";
                case Getsec: return "GETSEC";
                case Hlt: return "HLT";
                case Invd: return "INVD";
                case Invlpg: return "INVLPG";
                case Rdpmc: return "RDPMC";
                case Rdtsc: return "RDTSC";
                case Vmcall: return "VMCALL";
                case 19: case 20: case 21: case 22: case 23: case 24: case 25: case 26: case 27: return "VMX instruction";
                case CrAccess: return "control register access";
                case DrAccess: return "debug register access";
                case IoInstruction: return "I/O instruction";
                case Rdmsr: return "RDMSR";
                case Wrmsr: return "WRMSR";
                case InvalidGuestState: return "VM entry failed: invalid guest state";
                case MsrLoading: return "VM entry failed: MSR loading";
                case Mwait: return "MWAIT";
                case Monitor: return "MONITOR";
                case Pause: return "PAUSE";
                case MachineCheck: return "machine check during VM entry";
                case EptViolation: return "EPT violation";
                case EptMisconfiguration: return "EPT misconfiguration";
                case Invept: return "INVEPT";
                case Rdtscp: return "RDTSCP";
                case PreemptionTimer: return "VMX preemption timer";
                case Invvpid: return "INVVPID";
                case Wbinvd: return "WBINVD";
                case Xsetbv: return "XSETBV";
                default: return "unexpected VM exit";
            }
        }
    }
}
