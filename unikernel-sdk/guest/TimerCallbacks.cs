#if BULKHEAD_RICH
using System;

namespace Bulkhead.Guest
{
    /// <summary>
    /// The rich profile's timer API (docs/sdk.md, "A rich service"): a delegate - a lambda, a method
    /// group, a closure over the service's objects - instead of a function pointer. It rides on the
    /// function-pointer tick: one delegate per vCPU, called from the same virtual-timer interrupt
    /// (host mode compiles this file too: there from the event thread, docs/host-mode.md).
    /// An exception that escapes the callback is unhandled (the domain's fatal report).
    /// </summary>
    public static unsafe partial class Time
    {
        private static Action[]? s_actions;   // per vCPU: the periodic delegate

        /// <summary>Calls <paramref name="callback"/> every <paramref name="periodMs"/> milliseconds on the calling vCPU.</summary>
        public static void Every(ulong periodMs, Action callback)
        {
            s_actions ??= new Action[MaxVcpus];
            s_actions[GuestRuntime.CurrentVcpu] = callback;
            Every(periodMs, &RunAction);
        }

        private static void RunAction(int vcpu) => s_actions![vcpu]();
    }
}
#endif
