using Bulkhead.Runtime;
using static Bulkhead.Arm64.Smmu.SmmuRegisters;

namespace Bulkhead.Arm64.Smmu
{
    /// <summary>
    /// The SMMU's command queue: the hypervisor produces (configuration and TLB invalidation, then a
    /// SYNC), the SMMU consumes. Used at boot only, a handful of commands, so the queue never fills.
    /// PROD/CONS carry the index and, one bit above it, the wrap flag.
    /// </summary>
    internal static unsafe class SmmuCommands
    {
        private static ulong s_base;
        private static ulong* s_queue;
        private static uint s_log2, s_prod;

        public static void Initialize(ulong smmu, uint log2Entries)
        {
            s_base = smmu;
            s_log2 = log2Entries;
            ulong bytes = 16UL << (int)log2Entries;
            s_queue = (ulong*)Heap.AllocateAligned(bytes, bytes < 32 ? 32 : bytes);
            s_prod = 0;
            Mmio.Write64(smmu + CmdqBase, BaseAllocate | ((ulong)s_queue & QueueAddressMask) | log2Entries);
            Mmio.Write32(smmu + CmdqProd, 0);
            Mmio.Write32(smmu + CmdqCons, 0);
        }

        public static void Submit(ulong dw0, ulong dw1)
        {
            uint index = s_prod & ((1u << (int)s_log2) - 1);
            s_queue[index * 2] = dw0;
            s_queue[index * 2 + 1] = dw1;
            s_prod = (s_prod + 1) & ((2u << (int)s_log2) - 1);
            Cpu.DataSyncBarrier();   // the entry is in memory before the SMMU sees the new PROD
            Mmio.Write32(s_base + CmdqProd, s_prod);
        }

        /// <summary>Queues a SYNC and waits until the SMMU consumed everything. Null, or why not.</summary>
        public static string? Sync()
        {
            Submit(CmdSync, 0);
            uint mask = (2u << (int)s_log2) - 1;
            for (int spin = 0; spin < 10000000; spin++)
            {
                uint cons = Mmio.Read32(s_base + CmdqCons);
                uint error = (cons >> (int)CmdqConsErrorShift) & CmdqConsErrorMask;
                if (error != 0 || ((Mmio.Read32(s_base + Gerror) ^ Mmio.Read32(s_base + GerrorN)) & 1) != 0)
                    return "the SMMU rejected a command (CMDQ_CONS.ERR / GERROR.CMDQ_ERR)";
                if ((cons & mask) == s_prod) return null;
            }
            return "the SMMU did not consume its command queue";
        }
    }
}
