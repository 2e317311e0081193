namespace Bulkhead.X86
{
    /// <summary>x86 architectural constants: control registers, MSRs, CPUID bits, I/O ports.</summary>
    internal static class Registers
    {
        // CR0 / CR4
        public const ulong Cr0ProtectionEnable = 1UL << 0;
        public const ulong Cr0NumericError = 1UL << 5;
        public const ulong Cr0Paging = 1UL << 31;
        public const ulong Cr4Pae = 1UL << 5;
        public const ulong Cr4OsFxsr = 1UL << 9;
        public const ulong Cr4OsXmmExcept = 1UL << 10;
        public const ulong Cr4Vmxe = 1UL << 13;

        // MSRs
        public const uint MsrTsc = 0x10;
        public const uint MsrApicBase = 0x1B;
        public const uint MsrFeatureControl = 0x3A;
        public const uint MsrMtrrCap = 0xFE;
        public const uint MsrSysenterCs = 0x174;
        public const uint MsrSysenterEsp = 0x175;
        public const uint MsrSysenterEip = 0x176;
        public const uint MsrMiscEnable = 0x1A0;
        public const uint MsrPat = 0x277;
        public const uint MsrTscDeadline = 0x6E0;
        public const uint MsrX2ApicId = 0x802, MsrX2ApicEoi = 0x80B, MsrX2ApicIcr = 0x830, MsrX2ApicLvtTimer = 0x832;
        public const uint MsrMtrrDefType = 0x2FF;
        public const uint MsrVmxBasic = 0x480;
        public const uint MsrVmxPinbased = 0x481;
        public const uint MsrVmxProcbased = 0x482;
        public const uint MsrVmxExit = 0x483;
        public const uint MsrVmxEntry = 0x484;
        public const uint MsrVmxMisc = 0x485;
        public const uint MsrVmxCr0Fixed0 = 0x486;
        public const uint MsrVmxCr0Fixed1 = 0x487;
        public const uint MsrVmxCr4Fixed0 = 0x488;
        public const uint MsrVmxCr4Fixed1 = 0x489;
        public const uint MsrVmxProcbased2 = 0x48B;
        public const uint MsrVmxEptVpidCap = 0x48C;
        public const uint MsrVmxTruePinbased = 0x48D;
        public const uint MsrVmxTrueProcbased = 0x48E;
        public const uint MsrVmxTrueExit = 0x48F;
        public const uint MsrVmxTrueEntry = 0x490;
        public const uint MsrEfer = 0xC0000080;
        public const uint MsrStar = 0xC0000081;
        public const uint MsrLstar = 0xC0000082;
        public const uint MsrCstar = 0xC0000083;
        public const uint MsrSfmask = 0xC0000084;
        public const uint MsrFsBase = 0xC0000100;
        public const uint MsrGsBase = 0xC0000101;
        public const uint MsrKernelGsBase = 0xC0000102;
        public const uint MsrTscAux = 0xC0000103;

        public const ulong FeatureControlLocked = 1UL << 0;
        public const ulong FeatureControlVmxOutsideSmx = 1UL << 2;
        public const ulong EferLme = 1UL << 8;
        public const ulong EferLma = 1UL << 10;
        public const ulong EferNxe = 1UL << 11;

        // CPUID
        public const uint CpuidFeatures = 1;
        public const uint CpuidFeaturesEcxVmx = 1u << 5;
        public const uint CpuidFeaturesEcxHypervisor = 1u << 31;
        public const uint CpuidFeaturesEcxX2Apic = 1u << 21;
        public const uint CpuidFeaturesEcxTscDeadline = 1u << 24;
        public const uint CpuidHypervisorBase = 0x40000000;
        public const uint CpuidHypervisorTiming = 0x40000010;   // EAX = TSC frequency in kHz

        // 8259 PICs (masked at boot: the hypervisor runs with interrupts off)
        public const uint PicMasterData = 0x21;
        public const uint PicSlaveData = 0xA1;

        // Emulator power-off ports
        public const uint QemuDebugExit = 0xF4;   // -device isa-debug-exit,iobase=0xf4,iosize=0x04
        public const uint BochsShutdown = 0x8900; // write "Shutdown"

        // 16550 UART registers (offsets from the base port)
        public const uint UartData = 0;
        public const uint UartInterruptEnable = 1;
        public const uint UartFifoControl = 2;
        public const uint UartLineControl = 3;
        public const uint UartModemControl = 4;
        public const uint UartLineStatus = 5;
        public const uint UartLsrThrEmpty = 1 << 5;
        public const uint UartLsrTransmitterEmpty = 1 << 6;
        public const uint UartPortCount = 8;

        // Page table entries (guest page tables and the boot map)
        public const ulong PtePresent = 1UL << 0;
        public const ulong PteWritable = 1UL << 1;
        public const ulong PteLargePage = 1UL << 7;
        public const ulong PteAddressMask = 0x000FFFFFFFFFF000UL;
    }
}
