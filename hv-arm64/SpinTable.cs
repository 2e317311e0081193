using System.Runtime;
using System.Runtime.CompilerServices;
using Bulkhead.Core.Partition;

namespace Bulkhead.Arm64
{
    /// <summary>
    /// Starting a secondary core on a spin-table board: the firmware holds the core in a WFE loop
    /// that polls its release address (the plan's core table carries it). The core arrives at
    /// boot/spin-table.S without a context id and finds its index from MPIDR in the table kept here.
    /// </summary>
    internal static unsafe class SpinTable
    {
        private const int MaxCores = 8; // HV_MAX_CORES in boot/sysregs.h

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_spin_core_mpidrs")]
        private static extern ulong* CoreMpidrs();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_spin_entry")]
        private static extern ulong Entry();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_spin_release")]
        private static extern void Release(ulong releaseAddress, ulong entry);

        /// <summary>Releases <paramref name="core"/>. Null, or why it cannot be started.</summary>
        public static string? Start(int core)
        {
            ulong release = PartitionTable.Plan.GetCore((uint)core).ReleaseAddress;
            if (release == 0) return "the plan gives no spin-table release address";
            if (core >= MaxCores) return "more cores than the hypervisor has stacks for";
            ulong* table = CoreMpidrs();
            table[core] = PartitionTable.Cores[core].HardwareId;
            Cpu.SyncCaches((ulong)table, MaxCores * sizeof(ulong)); // the core searches it with its MMU off
            Release(release, Entry());
            return null;
        }
    }
}
