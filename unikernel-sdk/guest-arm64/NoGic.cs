namespace Bulkhead.Guest.Platform
{
    /// <summary>
    /// Boards without a GIC (BCM2837's BCM2836 local controller): the hypervisor injects no
    /// interrupts there, so a service runs without them — it prints, computes, sleeps by polling
    /// the counter (Time.Sleep) and powers off. Time.Every, doorbells and SGIs never fire; the
    /// checker refuses the system features that would need them (BH064, BH065).
    /// </summary>
    internal struct NoGic : IGuestGic
    {
        public const uint Spurious = GicLayout.Spurious;

        public static void InitializeCpu() { }
        public static void InitializeDistributor() { }
        public static void Enable(uint intId, int vcpu) { }
        public static void Disable(uint intId, int vcpu) { }
        public static void SendSgi(uint sgi, int vcpu) { }
        public static uint Acknowledge() => Spurious;
        public static void EndOfInterrupt(uint intId) { }
    }
}
