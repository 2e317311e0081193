using System.Runtime;
using System.Runtime.CompilerServices;
using Bulkhead.Generated;

namespace Bulkhead.Guest.Platform
{
    /// <summary>
    /// The native x64 baseline (GuestConfig.Native): what hv-x86 otherwise provides, done on the bare
    /// PC the benchmark boots without a hypervisor (Bochs): the local APIC in x2APIC mode with its
    /// TSC-deadline timer, end of interrupt, the TSC frequency (measured against the PIT the way
    /// hv-x86/Tsc.cs does), COM1 and power-off through Bochs' shutdown port.
    /// </summary>
    internal static unsafe class NativePc
    {
        private const uint MsrApicBase = 0x1B, MsrSpurious = 0x80F, MsrEoi = 0x80B, MsrLvtTimer = 0x832;
        private const ulong LvtMasked = 1UL << 16, LvtTscDeadline = 2UL << 17;
        private const ulong ApicEnable = 1UL << 11, X2Apic = 1UL << 10, SoftwareEnable = 1UL << 8;
        private const uint PitControl = 0x43, PitChannel2 = 0x42, SystemControl = 0x61;
        private const uint PitHz = 1193182, PitCount = 11932;   // 10 ms
        private const uint BochsShutdown = 0x8900;

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_outb")]
        public static extern void OutByte(uint port, uint value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_inb")]
        public static extern uint InByte(uint port);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_rdmsr")]
        private static extern ulong ReadMsr(uint msr);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_wrmsr")]
        private static extern void WriteMsr(uint msr, ulong value);

        public static ulong TscHz;

        /// <summary>
        /// vCPU 0, before anything else: COM1 at 8 data bits (the BIOS leaves 5), x2APIC on (spurious
        /// vector 0xFF) with its timer in TSC-deadline mode, masked (the deadline MSR is ignored in
        /// any other mode, and switching modes later would disarm it), the TSC measured.
        /// </summary>
        public static void Initialize()
        {
            uint com1 = (uint)BoardConfig.UartBase;
            OutByte(com1 + 1, 0);                 // no UART interrupts
            OutByte(com1 + 3, 0x80);              // divisor latch: 115200 baud
            OutByte(com1, 1);
            OutByte(com1 + 1, 0);
            OutByte(com1 + 3, 0x03);              // 8N1
            WriteMsr(MsrApicBase, ReadMsr(MsrApicBase) | ApicEnable);
            WriteMsr(MsrApicBase, ReadMsr(MsrApicBase) | ApicEnable | X2Apic);
            WriteMsr(MsrSpurious, SoftwareEnable | 0xFF);
            WriteMsr(MsrLvtTimer, Gic.VectorOf(GuestConfig.TimerVirtualIntId) | LvtTscDeadline | LvtMasked);
            TscHz = MeasureTsc();
        }

        public static void EndOfInterrupt() => WriteMsr(MsrEoi, 0);

        private static ulong MeasureTsc()
        {
            uint saved = InByte(SystemControl);
            OutByte(SystemControl, (saved & ~0x02u) | 0x01u);   // gate on, speaker off
            OutByte(PitControl, 0xB0);                          // channel 2, lobyte/hibyte, mode 0
            OutByte(PitChannel2, PitCount & 0xFF);
            OutByte(PitChannel2, PitCount >> 8);
            ulong start = Cpu.ReadCounter();
            bool done = false;
            for (int i = 0; i < 50000000 && !done; i++) done = (InByte(SystemControl) & 0x20) != 0;
            ulong ticks = Cpu.ReadCounter() - start;
            OutByte(SystemControl, saved);
            return done && ticks > 0 ? ticks * PitHz / PitCount : 1000000000;
        }

        /// <summary>COM1 (16550): wait for an empty transmit register, send.</summary>
        public static void Put(ulong port, byte value)
        {
            while ((InByte((uint)port + 5) & 0x20) == 0) { }
            OutByte((uint)port, value);
        }

        /// <summary>PSCI natively: SYSTEM_OFF and SYSTEM_RESET end the run (Bochs' shutdown port); nothing else is supported.</summary>
        public static long Psci(uint function)
        {
            if (function == Bulkhead.Core.Abi.PsciFunction.SystemOff || function == Bulkhead.Core.Abi.PsciFunction.SystemReset)
            {
                const string shutdown = "Shutdown";
                for (int i = 0; i < shutdown.Length; i++) OutByte(BochsShutdown, shutdown[i]);
            }
            return -1; // NOT_SUPPORTED
        }
    }
}
