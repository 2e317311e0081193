using Bulkhead.Core.Interrupts;
using Bulkhead.Generated;

namespace Bulkhead.X86
{
    /// <summary>
    /// The local APIC (xAPIC, memory-mapped at its architectural default), for inter-processor
    /// interrupts; the board's interrupt controller for the core (alias BoardInterruptController).
    /// </summary>
    internal unsafe struct LocalApic : IInterruptController
    {
        private const ulong DefaultBase = 0xFEE00000;
        private const uint IcrLow = 0x300, IcrHigh = 0x310;
        private const uint DeliveryNmi = 4u << 8, DeliveryInit = 5u << 8, DeliveryStartup = 6u << 8;
        private const uint LevelAssert = 1u << 14, DeliveryPending = 1u << 12;

        private static ulong Base => Cpu.ReadMsr(Registers.MsrApicBase) & 0xFFFFF000UL;

        public static void SendNmi(uint apicId) => Send(apicId, DeliveryNmi | LevelAssert);
        public static void SendInit(uint apicId) => Send(apicId, DeliveryInit | LevelAssert);
        /// <summary>STARTUP IPI: the core starts in real mode at <paramref name="page"/> * 4 KiB.</summary>
        public static void SendStartup(uint apicId, uint page) => Send(apicId, DeliveryStartup | (page & 0xFF));

        /// <summary>
        /// Rings the core's doorbell (wakes it if parked, see Park.cs) and sends it an NMI (a core
        /// in a guest takes a VM exit and re-reads its state).
        /// </summary>
        public static void SignalCore(int core)
        {
            Park.Ring(core);
            SendNmi((uint)BoardConfig.CoreMpidr(core));
        }

        public static void RaiseDomainInterrupt(int callerCore, uint intId) => VirtualInterrupts.RaiseDoorbell(callerCore, intId);

        private static void Send(uint apicId, uint command)
        {
            ulong b = Base;
            if (b == 0) b = DefaultBase;
            *(uint*)(b + IcrHigh) = apicId << 24;
            *(uint*)(b + IcrLow) = command;
            for (int i = 0; i < 100000 && (*(uint*)(b + IcrLow) & DeliveryPending) != 0; i++) Cpu.Pause();
        }
    }
}
