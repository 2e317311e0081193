using Bulkhead.Arm64.Gic;
using Bulkhead.Core;
using Bulkhead.Core.Text;
using Bulkhead.Runtime;
using Bulkhead.Generated;

namespace Bulkhead.Arm64
{
    /// <summary>The ARM64 EL2 implementation of the core's architecture contract.</summary>
    internal unsafe struct Arm64Architecture : IArchitecture
    {
        public static string Name => "arm64";

        public static string PrivilegeLevel => Cpu.ExceptionLevel == 2 ? "EL2" : "an unexpected exception level";

        public static void ConsolePut(byte value) => Drivers.Pl011.Put(BoardConfig.UartBase, value);

        public static int CountCores(int limit)
        {
            if (!BoardConfig.HasPsci) return limit;
            // Ask the firmware about each MPIDR the board lists; unknown cores end the count.
            int count = 0;
            while (count < limit && Psci.CoreExists(BoardConfig.CoreMpidr(count))) count++;
            return count;
        }

        public static void PowerOff()
        {
            // The heap only grows while booting; this line lets tests prove it stayed that way.
            LineBuffer line = default;
            line.Append("hv: heap used at power-off: ");
            line.AppendDecimal(Heap.Used);
            line.Append(" bytes");
            HvConsole<Arm64Architecture>.WriteLine(ref line);
            if (BoardConfig.HasPsci) Psci.SystemOff();
            HvConsole<Arm64Architecture>.WriteLine("hv: no firmware power-off on this board; halting");
            Halt();
        }

        public static void Halt() => Cpu.Halt();

        /// <summary>TPIDR_EL2 holds the core index (set when the core starts).</summary>
        public static int CurrentCore => (int)Cpu.ReadTpidr();

        public static uint AtomicSwap(uint* location, uint value) => Cpu.AtomicSwap32(location, value);

        public static void StoreRelease(uint* location, uint value) => Cpu.StoreRelease32(location, value);

        public static void SignalCore(int core)
        {
            Cpu.DataSyncBarrier(); // the state the other core will read is visible before the SGI
            PhysicalGic.SendSgi(core, GicRegisters.SgiCheckIn);
        }
    }
}
