using Bulkhead.Arm64.Gic;
using Bulkhead.Core.Partition;
using static Bulkhead.Arm64.Registers;

namespace Bulkhead.Arm64
{
    /// <summary>Stage-2 data aborts from a guest: emulated registers, or a contained fault.</summary>
    internal static unsafe class DataAborts
    {
        public static CoreAction Handle(TrapFrame* frame, int core)
        {
            ulong ipa = GuestTraps.FaultingIpa(frame);
            ulong iss = frame->Esr & EsrIssMask;
            bool write = (iss & (1UL << IssWriteBit)) != 0;
            int domain = PartitionTable.Cores[core].Domain;
            if (DistributorEmulation.Claims(domain, ipa) && (iss & (1UL << IssValidBit)) != 0)
            {
                int register = (int)((iss >> IssSrtShift) & 0x1F);
                ulong value = write && register != 31 ? frame->X[register] : 0;
                DistributorEmulation.Access(core, ipa, write, ref value);
                if (!write && register != 31) frame->X[register] = value;
                frame->Elr += 4;
                return CoreAction.Resume;
            }
            return GuestTraps.Fault(core, write ? "stage-2 fault on write" : "stage-2 fault on read", frame, ipa);
        }
    }
}
