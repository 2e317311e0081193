using System;
using System.Threading;
using System.Diagnostics;

namespace Bulkhead.Guest
{
    /// <summary>Host mode: the host's high-resolution counter stands in for cycles; there are no exits.</summary>
    public static class Performance
    {
        /// <summary>The host's Stopwatch timestamp (not CPU cycles: compare figures within one run only).</summary>
        public static ulong Cycles => (ulong)Stopwatch.GetTimestamp();

        /// <summary>Exits of this vCPU to the hypervisor: always 0 on the host.</summary>
        public static ulong Exits => 0;

        /// <summary>There is no hypervisor to call: returns at once.</summary>
        public static void NullHypercall() { }

        /// <summary>There is no hypervisor: 0, as in a native run.</summary>
        public static ulong TimeHypercall(uint function, ulong a1, ulong a2 = 0, ulong a3 = 0) => 0;
    }
}
