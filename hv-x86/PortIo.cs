using Bulkhead.Core.Partition;
using Bulkhead.Core.Text;
using Bulkhead.Generated;

namespace Bulkhead.X86
{
    /// <summary>
    /// I/O instructions (every one exits). COM1 is emulated so guests can print without the
    /// hypercall: bytes written to its data register go to the domain's console line, the line
    /// status always says "ready". Any other port, and string or wider COM1 access, is refused.
    /// </summary>
    internal static unsafe class PortIo
    {
        /// <returns>true when the access was refused (the domain faulted)</returns>
        public static bool Handle(int core)
        {
            ulong q = Vmx.Read(Vmcs.ExitQualification);
            uint size = (uint)(q & 7) + 1;
            bool input = (q & 8) != 0, isString = (q & 16) != 0;
            uint port = (uint)(q >> 16) & 0xFFFF;
            uint com1 = (uint)BoardConfig.UartBase;
            if (port >= com1 && port < com1 + Registers.UartPortCount && size == 1 && !isString)
            {
                VcpuRegisters* r = Vcpu.Cores[core].Registers;
                if (input)
                {
                    byte value = port == com1 + Registers.UartLineStatus
                        ? (byte)(Registers.UartLsrThrEmpty | Registers.UartLsrTransmitterEmpty) : (byte)0;
                    r->Rax = (r->Rax & ~0xFFUL) | value;
                }
                else if (port == com1 + Registers.UartData)
                {
                    byte value = (byte)r->Rax;
                    DomainConsole<X64Architecture>.Append(ref PartitionTable.Cores[core], &value, 1);
                }
                ExitHandler.Advance();
                return false;
            }
            LineBuffer cause = default;
            cause.Append("I/O port access denied (");
            cause.Append(input ? "in" : "out");
            cause.Append(", port ");
            cause.AppendHex(port, 1);
            cause.Append(")");
            ExitHandler.Fault(core, ref cause, port, Vmx.Read(Vmcs.GuestRip), q);
            return true;
        }
    }
}
