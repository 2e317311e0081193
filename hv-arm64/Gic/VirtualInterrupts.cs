using System.Runtime.CompilerServices;
using Bulkhead.Core.Partition;

namespace Bulkhead.Arm64.Gic
{
    /// <summary>
    /// Injects virtual interrupts into the guest running on this core through the list registers of
    /// the board's <see cref="IVirtualInterface"/> (ICH_LR<n>_EL2 on GICv3, GICH_LR<n> on GICv2).
    /// Physical interrupts are injected hardware-linked, so the guest's EOI deactivates the
    /// physical interrupt without a trap. When every list register
    /// is busy the interrupt waits in a small per-core queue, refilled on the next underflow.
    /// Virtual SGIs from other cores arrive through a per-core mailbox (one bit per SGI).
    /// </summary>
    internal static unsafe class VirtualInterrupts
    {
        private const int QueueCapacity = 32;
        private static uint[] s_queue = null!;        // per core: QueueCapacity entries (vINTID | hw << 31)
        private static int[] s_queued = null!;
        private static ulong[] s_sgiMailbox = null!;  // per core: pending virtual SGIs (bit n = SGI n)

        public static void Initialize(int coreCount)
        {
            s_queue = new uint[coreCount * QueueCapacity];
            s_queued = new int[coreCount];
            s_sgiMailbox = new ulong[coreCount];
        }

        /// <summary>Per core, before its guest first runs: clean list registers, virtual interface on.</summary>
        public static void InitializeCore(int core)
        {
            VirtualInterface.InitializeCore();
            s_queued[core] = 0;
        }

        /// <summary>Makes <paramref name="intId"/> pending in this core's guest (hardware-linked when <paramref name="hardware"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)] // the interrupt injection path
        public static void Inject(int core, uint intId, bool hardware)
        {
            if (VirtualInterface.TryWrite(intId, hardware)) return;
            if (s_queued[core] < QueueCapacity)
            {
                s_queue[core * QueueCapacity + s_queued[core]++] = intId | (hardware ? 1u << 31 : 0);
                VirtualInterface.SetUnderflowInterrupt(true);
            }
        }

        /// <summary>Refills list registers from the queue (on the maintenance interrupt).</summary>
        public static void Refill(int core)
        {
            int n = s_queued[core], kept = 0;
            for (int i = 0; i < n; i++)
            {
                uint entry = s_queue[core * QueueCapacity + i];
                if (!VirtualInterface.TryWrite(entry & 0x7FFFFFFF, (entry >> 31) != 0)) s_queue[core * QueueCapacity + kept++] = entry;
            }
            s_queued[core] = kept;
            VirtualInterface.SetUnderflowInterrupt(kept > 0);
        }

        /// <summary>A virtual SGI, counted among the interrupts delivered to the core's guest (MGMT_STATUS).</summary>
        public static void InjectCounted(int core, uint sgi)
        {
            PartitionTable.Cores[core].Interrupts++;
            Inject(core, sgi, hardware: false);
        }

        /// <summary>Posts virtual SGIs for another core's guest (delivered by <see cref="DrainMailbox"/> there).</summary>
        public static void PostSgis(int core, ulong sgiBits)
        {
            fixed (ulong* box = &s_sgiMailbox[core]) Cpu.AtomicOr64(box, sgiBits);
        }

        public static void DrainMailbox(int core)
        {
            ulong bits;
            fixed (ulong* box = &s_sgiMailbox[core]) bits = Cpu.AtomicTake64(box);
            for (uint sgi = 0; sgi < 16; sgi++)
                if ((bits & (1UL << (int)sgi)) != 0) InjectCounted(core, sgi);
        }

        /// <summary>Forgets everything pending for this core's guest (its domain stopped or restarts).</summary>
        public static void Reset(int core)
        {
            InitializeCore(core);
            fixed (ulong* box = &s_sgiMailbox[core]) Cpu.AtomicTake64(box);
        }
    }
}
