using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime;
using System.Runtime.CompilerServices;

namespace Bulkhead.Runtime
{
    /// <summary>
    /// Unrecoverable runtime errors (bounds, null, overflow, out of memory). There are no exceptions:
    /// each ends in `bh_fatal`, which the hypervisor implements as a panic line and a halt, and a
    /// guest runtime as a report to the hypervisor.
    /// </summary>
    public static class RuntimeFailure
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "bh_fatal")]
        private static extern void FatalImport(string message, ulong detail);

        [DoesNotReturn]
        public static void Fatal(string message, ulong detail)
        {
            FatalImport(message, detail);
            while (true) { }
        }

#if BULKHEAD_RICH
        // Rich services have exceptions: the core library's own checks (casts, string indexing) throw
        // the .NET exception, which is the same fatal report when nothing catches it.
        [DoesNotReturn] public static void IndexOutOfRange() => throw new IndexOutOfRangeException();
        [DoesNotReturn] public static void NullReference() => throw new NullReferenceException();
        [DoesNotReturn] public static void Overflow() => throw new OverflowException();
        [DoesNotReturn] public static void DivideByZero() => throw new DivideByZeroException();
        [DoesNotReturn] public static void InvalidCast() => throw new InvalidCastException();
#else
        [DoesNotReturn] public static void IndexOutOfRange() => Fatal("index out of range", 0);
        [DoesNotReturn] public static void NullReference() => Fatal("null reference", 0);
        [DoesNotReturn] public static void Overflow() => Fatal("arithmetic overflow", 0);
        [DoesNotReturn] public static void DivideByZero() => Fatal("divide by zero", 0);
        [DoesNotReturn] public static void InvalidCast() => Fatal("invalid cast", 0);
#endif
        [DoesNotReturn] public static void OutOfMemory(ulong requested) => Fatal("out of memory, bytes requested", requested);
        [DoesNotReturn] public static void Unsupported(string what) => Fatal(string.Concat("unsupported: ", what), 0);
    }
}
