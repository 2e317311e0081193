using Bulkhead.Core.Text;

namespace Bulkhead.Core.Partition
{
    /// <summary>
    /// Contains a guest fault: one line "CAUSE at ADDRESS (REGISTERS, vCPU n)" naming what happened
    /// and where (the registers are the backend's: ESR and PC, or qualification and RIP), built on
    /// the stack (no allocation after boot), then the domain's restart policy.
    /// </summary>
    public static class FaultReport<TArch> where TArch : struct, IArchitecture
    {
        public static void Contain(int core, string cause, ulong address, ulong syndrome, ulong pc)
        {
            LineBuffer line = default;
            line.Append(cause);
            Contain(core, ref line, address, syndrome, pc);
        }

        public static void Contain(int core, ref LineBuffer cause, ulong address, ulong syndrome, ulong pc)
        {
            LineBuffer line = default;
            line.Append(ref cause);
            line.Append(" at ");
            line.AppendHex(address, 16);
            line.Append(" (");
            TArch.AppendFaultRegisters(ref line, syndrome, pc);
            line.Append(", vCPU ");
            line.AppendDecimal((ulong)PartitionTable.Cores[core].Vcpu);
            line.Append(")");
            DomainControl<TArch>.Fault(core, ref line);
        }
    }
}
