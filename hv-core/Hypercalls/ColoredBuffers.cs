using System.Runtime.CompilerServices;
using Bulkhead.Core.Abi;
using Bulkhead.Core.Partition;
using Bulkhead.Core.Text;

namespace Bulkhead.Core.Hypercalls
{
    /// <summary>
    /// Hypercall buffers of a cache-coloured domain whose pages are not physically contiguous
    /// (docs/cache-coloring.md): copied through a bounce buffer on the stack. Kept out of the
    /// dispatcher (NoInlining) so its stack buffers never cost the hypercall fast path a thing.
    /// </summary>
    public static unsafe class ColoredBuffers<TArch> where TArch : struct, IArchitecture
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void ConsoleWrite(ref CoreState core, int domain, ulong ipa, ulong length)
        {
            byte* copy = stackalloc byte[(int)Hypercall.MaxConsoleWrite];
            GuestRam.CopyIn(domain, ipa, copy, length);
            DomainConsole<TArch>.Append(ref core, copy, (uint)length);
        }

        /// <summary>At most one bounce buffer per call: the guest asks again for the rest.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static long ConsoleRead(int domain, ulong ipa, ulong length, out ulong taken)
        {
            ulong want = length < Hypercall.MaxConsoleWrite ? length : Hypercall.MaxConsoleWrite;
            byte* bounce = stackalloc byte[(int)Hypercall.MaxConsoleWrite];
            long status = DomainConsole<TArch>.TakeHeld(domain, bounce, want, out taken);
            if (taken <= want) GuestRam.CopyOut(domain, ipa, bounce, taken);
            return status;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void AppendText(ref LineBuffer line, int domain, ulong ipa, ulong length)
        {
            byte* message = stackalloc byte[128];
            if (length > 128) length = 128;
            GuestRam.CopyIn(domain, ipa, message, length);
            line.AppendAscii(message, (uint)length);
        }
    }
}
