using Bulkhead.Core.Partition;
using Bulkhead.Core.Plan;
using Bulkhead.Core.Text;
using Bulkhead.Runtime;
using static Bulkhead.Arm64.Smmu.SmmuRegisters;

namespace Bulkhead.Arm64.Smmu
{
    /// <summary>
    /// The SMMU's event queue: every DMA it blocked (translation, permission faults, unknown or
    /// aborted streams) becomes one hypervisor line naming the stream, its device and owner domain,
    /// the address and the direction. Read on the event interrupt, on one core (the one it is
    /// routed to); lines are built on the stack (no allocation after boot). A device splits one
    /// transfer into many accesses, each its own event: consecutive events of one stream, kind and
    /// direction in one 4 KiB page become one line with a count. At most MaxLines lines per run, so
    /// a domain cannot flood the hypervisor's console with faulting DMA.
    /// </summary>
    internal static unsafe class SmmuEvents
    {
        private static ulong s_base;
        private static ulong* s_queue;
        private static uint s_log2, s_cons;
        public const uint MaxLines = 32;
        private static uint s_lines;
        // The burst being coalesced: first event's DW0, DW1 and address, and how many accesses.
        private static ulong s_dw0, s_dw1, s_address, s_count;

        public static void Initialize(ulong smmu, uint log2Entries)
        {
            s_base = smmu;
            s_log2 = log2Entries;
            ulong bytes = 32UL << (int)log2Entries;
            s_queue = (ulong*)Heap.AllocateAligned(bytes, bytes < 32 ? 32 : bytes);
            s_cons = 0;
            Mmio.Write64(smmu + EventqBase, BaseAllocate | ((ulong)s_queue & QueueAddressMask) | log2Entries);
            Mmio.Write32(smmu + EventqProd, 0);
            Mmio.Write32(smmu + EventqCons, 0);
        }

        /// <summary>Reports and consumes every event the SMMU recorded, and any global error.</summary>
        public static void Drain()
        {
            uint mask = (2u << (int)s_log2) - 1;
            uint prod = Mmio.Read32(s_base + EventqProd);
            bool overflow = ((prod ^ s_cons) & 0x80000000u) != 0;
            while (((prod ^ s_cons) & mask) != 0)
            {
                ulong* e = s_queue + (s_cons & ((1u << (int)s_log2) - 1)) * EventDwords;
                Coalesce(e[0], e[1], e[2]);
                s_cons = (s_cons & 0x80000000u) | ((s_cons + 1) & mask);
            }
            Flush();
            if (overflow)
            {
                Smmuv3.Line("hv: SMMU event queue overflowed: some blocked DMA was not reported");
                s_cons ^= 0x80000000u;   // acknowledge: CONS.OVACKFLG follows PROD.OVFLG
            }
            Mmio.Write32(s_base + EventqCons, s_cons);

            uint gerror = Mmio.Read32(s_base + Gerror), acked = Mmio.Read32(s_base + GerrorN);
            if (gerror != acked)
            {
                LineBuffer line = default;
                line.Append("hv: SMMU global error GERROR=");
                line.AppendHex(gerror, 8);
                Smmuv3.Line(ref line);
                Mmio.Write32(s_base + GerrorN, gerror);
            }
        }

        private static void Coalesce(ulong dw0, ulong dw1, ulong address)
        {
            if (s_count != 0 && dw0 == s_dw0 && (dw1 & EventReadNotWrite) == (s_dw1 & EventReadNotWrite) && (address >> 12) == (s_address >> 12))
            {
                s_count++;
                return;
            }
            Flush();
            s_dw0 = dw0; s_dw1 = dw1; s_address = address; s_count = 1;
        }

        private static void Flush()
        {
            if (s_count == 0) return;
            if (s_lines < MaxLines) Report(s_dw0, s_dw1, s_address, s_count);
            s_lines++;
            if (s_lines == MaxLines) Smmuv3.Line("hv: SMMU: line budget spent, further blocked DMA is not reported");
            s_count = 0;
        }

        // "hv: SMMU blocked DMA write at 0x.. by stream 0x18 (device pcie of domain owner): F_TRANSLATION (...), 64 accesses"
        private static void Report(ulong dw0, ulong dw1, ulong address, ulong count)
        {
            ulong type = dw0 & EventTypeMask;
            uint stream = (uint)(dw0 >> EventStreamIdShift);
            LineBuffer line = default;
            line.Append("hv: SMMU blocked DMA");
            bool hasAddress = type >= EventFTranslation && type <= EventFPermission;
            if (hasAddress)
            {
                line.Append((dw1 & EventReadNotWrite) != 0 ? " read at " : " write at ");
                line.AppendHex(address, 16);
            }
            line.Append(" by stream ");
            line.AppendHex(stream, 1);
            line.Append(" (");
            int owner = Smmuv3.OwnerOf(stream, out uint device);
            if (owner < 0) line.Append("no owner");
            else
            {
                line.Append("device ");
                PlanDevice dev = PartitionTable.Plan.GetDevice(device);
                line.AppendAscii(dev.Name, FieldLength(dev.Name, PlanFormat.DeviceNameLength));
                line.Append(" of domain ");
                line.Append(PartitionTable.Domains[owner].Name);
            }
            line.Append("): ");
            line.Append(Name(type));
            line.Append(", ");
            line.AppendDecimal(count);
            line.Append(count == 1 ? " access" : " accesses");
            Smmuv3.Line(ref line);
        }

        private static uint FieldLength(byte* field, uint max)
        {
            uint n = 0;
            while (n < max && field[n] != 0) n++;
            return n;
        }

        private static string Name(ulong type)
        {
            switch (type)
            {
                case EventCBadStreamId: return "C_BAD_STREAMID (stream beyond the stream table)";
                case EventCBadSte: return "C_BAD_STE";
                case EventFStreamDisabled: return "F_STREAM_DISABLED";
                case EventFTranslation: return "F_TRANSLATION (outside the owner's memory)";
                case EventFAddressSize: return "F_ADDR_SIZE";
                case EventFAccess: return "F_ACCESS";
                case EventFPermission: return "F_PERMISSION (read-only memory)";
                default: return "other event";
            }
        }
    }
}
