using Bulkhead.Core.Partition;
using Bulkhead.Core.Plan;
using Bulkhead.Core.Sync;

namespace Bulkhead.Core.Emulation
{
    /// <summary>
    /// The console of a <c>console: shared</c> domain as an unmodified OS finds it: an emulated
    /// 16550 (ns16550a, registers 4 bytes apart, 32-bit accesses) at the board console's address in
    /// the domain's address space. Bytes written to THR become the domain's console lines
    /// (<c>[name] text</c>, its output budget applies), exactly as the CONSOLE_WRITE hypercall's.
    /// The transmitter is always empty (LSR = THRE | TEMT), nothing is ever received, and no
    /// interrupt is ever raised: the guest polls (Linux's 8250 driver without an interrupt does).
    /// The line and modem control, divisor, interrupt enable and scratch registers hold what was
    /// written, because the driver reads some of them back. docs/abi.md has the device tree node.
    /// </summary>
    /// <remarks>
    /// An access of another size or alignment is refused (a contained fault, like any access to a
    /// device the domain does not own): the device tree says reg-io-width 4.
    /// </remarks>
    public static unsafe class ConsoleUart<TArch> where TArch : struct, IArchitecture
    {
        public const ulong PageSize = 0x1000;

        // Register numbers (offset >> 2) and bits of the 16550.
        private const int Data = 0, InterruptEnable = 1, InterruptId = 2, LineControl = 3, ModemControl = 4, LineStatus = 5, ModemStatus = 6, Scratch = 7;
        private const byte DivisorLatchAccess = 0x80;                     // LCR.DLAB: registers 0 and 1 are the divisor
        private const byte TransmitterEmpty = 0x60;                       // LSR: THRE | TEMT
        private const byte CarrierReadyClear = 0xB0;                      // MSR: DCD | DSR | CTS, nothing changed
        private const byte TransmitEmptyInterrupt = 0x02;                 // IER.ETBEI, and IIR's "THR empty" id
        private const byte NoInterrupt = 0x01, FifosEnabled = 0xC0;       // IIR
        private const byte FifoEnable = 0x01;                             // FCR

        private struct Registers
        {
            public byte InterruptEnable, FifoControl, LineControl, ModemControl, Scratch, DivisorLow, DivisorHigh;
        }

        private static Registers[] s_uarts = null!;   // per domain
        private static uint s_lock;                   // output of several vCPUs into one line

        /// <summary>Once, while booting: the page at <paramref name="baseAddress"/> of every shared-console domain in its MMIO table.</summary>
        /// <returns>false when the MMIO table of a domain is full</returns>
        public static bool AddRanges(ulong baseAddress)
        {
            s_uarts = new Registers[PartitionTable.Domains.Length];
            for (int d = 0; d < PartitionTable.Domains.Length; d++)
                if (PartitionTable.Domains[d].Plan.ConsolePolicy == PlanConsolePolicy.Shared && !MmioTable.Add(d, baseAddress, PageSize, &Access))
                    return false;
            return true;
        }

        private static bool Access(int core, ref MmioAccess access)
        {
            if (access.Size != 4 || !access.Aligned) return false;
            int domain = PartitionTable.Cores[core].Domain;
            ref Registers uart = ref s_uarts[domain];
            int register = access.Offset < 8 * 4 ? (int)(access.Offset >> 2) : -1;
            bool divisor = (uart.LineControl & DivisorLatchAccess) != 0;
            byte value = (byte)access.Value;
            if (access.Write)
            {
                switch (register)
                {
                    case Data: if (divisor) uart.DivisorLow = value; else Transmit(core, domain, value); break;
                    case InterruptEnable: if (divisor) uart.DivisorHigh = value; else uart.InterruptEnable = (byte)(value & 0x0F); break;
                    case InterruptId: uart.FifoControl = value; break;
                    case LineControl: uart.LineControl = value; break;
                    case ModemControl: uart.ModemControl = (byte)(value & 0x1F); break;
                    case Scratch: uart.Scratch = value; break;
                }
                return true;
            }
            access.Value = register switch
            {
                Data => divisor ? uart.DivisorLow : 0u,
                InterruptEnable => divisor ? uart.DivisorHigh : uart.InterruptEnable,
                InterruptId => (uint)((uart.FifoControl & FifoEnable) != 0 ? FifosEnabled : 0)
                    | ((uart.InterruptEnable & TransmitEmptyInterrupt) != 0 ? TransmitEmptyInterrupt : NoInterrupt),
                LineControl => uart.LineControl,
                ModemControl => uart.ModemControl,
                LineStatus => TransmitterEmpty,
                ModemStatus => CarrierReadyClear,
                Scratch => uart.Scratch,
                _ => 0u,
            };
            return true;
        }

        /// <summary>
        /// One byte of the domain's output, into the line of its vCPU 0 whichever vCPU wrote it (an
        /// OS prints from any CPU; one line must not split between vCPUs), under the UART's lock.
        /// A vCPU whose run has ended prints nothing (as for the console hypercall).
        /// </summary>
        private static void Transmit(int core, int domain, byte value)
        {
            if (!PartitionTable.IsCurrentRun(core)) return;
            int first = PartitionTable.CoreOf(domain, 0);
            SpinLock<TArch>.Enter(ref s_lock);
            DomainConsole<TArch>.Append(ref PartitionTable.Cores[first < 0 ? core : first], &value, 1);
            SpinLock<TArch>.Exit(ref s_lock);
        }
    }
}
