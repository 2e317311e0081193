namespace Bulkhead.Arm64.Gic
{
    /// <summary>No GIC, no list registers: guests on such boards run without virtual interrupts (see <see cref="NoPhysicalGic"/>).</summary>
    internal struct NoVirtualInterface : IVirtualInterface
    {
        public static void InitializeCore() { }

        /// <summary>Nothing is ever injected on these boards; claiming success keeps the queue empty.</summary>
        public static bool TryWrite(uint intId, bool hardware) => true;

        public static void SetUnderflowInterrupt(bool on) { }

        public static bool GuestCpuInterface(out ulong guestAddress, out ulong physicalAddress, out ulong size)
        {
            guestAddress = physicalAddress = size = 0;
            return false;
        }
    }
}
