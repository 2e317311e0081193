using System;
using System.Threading;
using Bulkhead.Host;

namespace Bulkhead.Guest
{
    /// <summary>
    /// Host mode: handlers are called by the process's event thread (HostEvents) for the virtual
    /// timer, doorbells and software interrupts. Interrupts of real devices never come.
    /// </summary>
    public static unsafe class Interrupts
    {
        private const uint MaxIntId = 1020;
        private static readonly nint[] s_handlers = new nint[MaxIntId];

        /// <summary>Calls <paramref name="handler"/> (with the INTID) whenever the interrupt fires.</summary>
        public static void Register(uint intId, delegate*<uint, void> handler)
        {
            if (intId < MaxIntId) Volatile.Write(ref s_handlers[intId], (nint)handler);
        }

        /// <summary>Enables delivery of an interrupt.</summary>
        public static void Enable(uint intId) => HostEvents.SetEnabled(intId, true);

        public static void Disable(uint intId) => HostEvents.SetEnabled(intId, false);

        /// <summary>Sends software interrupt <paramref name="sgi"/> (0-15) to another vCPU of this domain.</summary>
        public static void SendToVcpu(uint sgi, int vcpu)
        {
            if (sgi < 16 && (uint)vcpu < (uint)HostRuntime.VcpuCount) HostEvents.SendSoftwareInterrupt(sgi, vcpu);
        }

        /// <summary>Host mode: interrupts are never masked.</summary>
        public static void EnableOnThisCpu() { }

        /// <summary>Sleeps until an interrupt arrives (or a while: WFI may end without one).</summary>
        public static void WaitForInterrupt() => HostRuntime.Clock.Idle(0);

        internal static void Dispatch(uint intId)
        {
            if (intId >= MaxIntId) return;
            var handler = (delegate*<uint, void>)Volatile.Read(ref s_handlers[intId]);
            if (handler != null) handler(intId);
        }

        /// <summary>Forgets every handler (a test's new domain).</summary>
        internal static void Reset() => Array.Clear(s_handlers);
    }
}
