using System.Runtime.CompilerServices;
using Bulkhead.Guest.Platform;

namespace Bulkhead.Guest
{
    /// <summary>Interrupt handlers. Only interrupts the plan gives this domain are ever delivered.</summary>
    public static unsafe class Interrupts
    {
        private const uint MaxIntId = 1020;
        private static delegate*<uint, void>* s_handlers;

        /// <summary>Calls <paramref name="handler"/> (with the INTID) whenever the interrupt fires.</summary>
        public static void Register(uint intId, delegate*<uint, void> handler)
        {
            if (intId < MaxIntId) s_handlers[intId] = handler;
        }

        internal static void InitializeTable() =>
            s_handlers = (delegate*<uint, void>*)Memory.AllocateZeroed(MaxIntId * (uint)sizeof(nuint));

        /// <summary>Enables delivery of an interrupt to the calling vCPU (PPIs) or the domain (SPIs).</summary>
        public static void Enable(uint intId) => Gic.Enable(intId, GuestRuntime.CurrentVcpu);

        public static void Disable(uint intId) => Gic.Disable(intId, GuestRuntime.CurrentVcpu);

        /// <summary>Sends software interrupt <paramref name="sgi"/> (0-15) to another vCPU of this domain.</summary>
        public static void SendToVcpu(uint sgi, int vcpu) => Gic.SendSgi(sgi, vcpu);

        /// <summary>Unmasks interrupts on the calling vCPU.</summary>
        public static void EnableOnThisCpu() => Cpu.EnableInterrupts();

        /// <summary>Sleeps until an interrupt arrives (the core stays with this domain).</summary>
        public static void WaitForInterrupt() => Cpu.WaitForInterrupt();

        [MethodImpl(MethodImplOptions.AggressiveInlining)] // the interrupt path (GuestEntry.Irq)
        internal static void Dispatch(uint intId)
        {
            if (s_handlers != null && intId < MaxIntId && s_handlers[intId] != null) s_handlers[intId](intId);
        }
    }
}
