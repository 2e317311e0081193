namespace Bulkhead.Guest
{
    /// <summary>PSCI function ids a guest uses (the hypervisor emulates them for its domain).</summary>
    public static class Psci
    {
        public const uint Version = 0x84000000;
        public const uint CpuOff = 0x84000002;
        public const uint CpuOn = 0xC4000003;
        public const uint SystemOff = 0x84000008;
        public const uint SystemReset = 0x84000009;
    }
}
