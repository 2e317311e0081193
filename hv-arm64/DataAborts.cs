using Bulkhead.Core.Emulation;
using Bulkhead.Core.Partition;

namespace Bulkhead.Arm64
{
    /// <summary>Stage-2 data aborts from a guest: an emulated register (the domain's MMIO table), or a contained fault.</summary>
    internal static unsafe class DataAborts
    {
        public static CoreAction Handle(TrapFrame* frame, int core)
        {
            ulong ipa = GuestTraps.FaultingIpa(frame);
            ulong esr = frame->Esr;
            if (DataAbortSyndrome.CanEmulate(esr))
            {
                MmioAccess access = DataAbortSyndrome.Decode(esr, ipa, frame->X);
                if (MmioTable.Emulate(core, ref access))
                {
                    if (!access.Write && access.Register != MmioAccess.NoRegister) frame->X[access.Register] = access.Loaded;
                    frame->Elr += access.Length;
                    return CoreAction.Resume;
                }
            }
            return GuestTraps.Fault(core, DataAbortSyndrome.Cause(esr), frame, ipa);
        }
    }
}
