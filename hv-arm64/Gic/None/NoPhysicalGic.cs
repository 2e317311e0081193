using Bulkhead.Core;

namespace Bulkhead.Arm64.Gic
{
    /// <summary>
    /// Boards without a GIC (BCM2837: the BCM2836 local controller routes per-core interrupts, the
    /// ARMCTRL controller the peripherals'). The hypervisor takes no interrupts there: nothing is
    /// routed to any core, so every operation is empty and nothing is ever written at address 0.
    /// The checker refuses what would need an interrupt (domain interrupts BH064; doorbells,
    /// watchdogs and domains with several vCPUs BH065), so a core is never waited for.
    /// </summary>
    internal struct NoPhysicalGic : IPhysicalGic
    {
        public static void InitializeDistributor(int coreCount) { }
        public static void RouteSpi(uint intId, int core) { }
        public static void InitializeCore(int core, ulong mpidr) { }
        public static uint Acknowledge() => GicRegisters.Spurious;
        public static uint IntIdOf(uint raw) => raw;
        public static void PriorityDrop(uint raw) { }
        public static void Deactivate(uint raw) { }
        public static void SendSgi(int core, uint sgi) { }
        public static void SetEnabled(int core, uint intId, bool on) { }
        public static bool IsEnabled(int core, uint intId) => false;
        public static void SetPending(uint intId) { }
        public static void ClearActive(int core, uint intId) { }
        public static int RoutedCore(uint intId) => -1;

        /// <summary>
        /// Only the distributor emulation asks, and a board without a GIC has none (NoDistributor
        /// handles no access): reaching this is a hypervisor bug, never an access at address 0.
        /// </summary>
        public static ulong RegisterFile(int core, uint intId)
        {
            Hypervisor<Arm64Architecture>.Panic("no GIC on this board: no interrupt register file");
            return 0;
        }

        /// <summary>
        /// Only a domain with several vCPUs signals another core (CPU_ON, stop, restart); the
        /// checker refuses those on boards without a GIC, so there is never anyone to signal.
        /// </summary>
        public static void SignalCore(int core) { }

        public static void RaiseDomainInterrupt(int callerCore, uint intId) { }
    }
}
