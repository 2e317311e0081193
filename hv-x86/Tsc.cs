namespace Bulkhead.X86
{
    /// <summary>
    /// The TSC frequency, measured once at boot against the PIT (channel 2, gated through port
    /// 0x61, as every PC has). Guests read it at CPUID leaf 0x40000010 (EAX = kHz, the usual
    /// hypervisor convention) to turn their counter (the TSC) into time.
    /// </summary>
    internal static class Tsc
    {
        private const uint PitControl = 0x43, PitChannel2 = 0x42, SystemControl = 0x61;
        private const uint PitHz = 1193182;
        private const uint Count = 11932; // 10 ms
        public static ulong Hz = 1000000000;

        public static void Calibrate()
        {
            uint saved = Cpu.InByte(SystemControl);
            Cpu.OutByte(SystemControl, (saved & ~0x02u) | 0x01u);   // gate on, speaker off
            Cpu.OutByte(PitControl, 0xB0);                          // channel 2, lobyte/hibyte, mode 0
            Cpu.OutByte(PitChannel2, Count & 0xFF);
            Cpu.OutByte(PitChannel2, Count >> 8);
            ulong start = Cpu.ReadTsc();
            bool done = false;
            for (int i = 0; i < 50000000 && !done; i++) done = (Cpu.InByte(SystemControl) & 0x20) != 0;
            ulong ticks = Cpu.ReadTsc() - start;
            Cpu.OutByte(SystemControl, saved);
            if (done && ticks > 0) Hz = ticks * PitHz / Count;
        }
    }
}
