using System.Runtime.CompilerServices;

namespace System
{
    // Block copy and fill, called by ILCompiler-generated code for struct copies and zeroing.
    internal static unsafe class SpanHelpers
    {
        internal static void Memmove(ref byte destination, ref byte source, nuint length)
        {
            byte* d = (byte*)Unsafe.AsPointer(ref destination);
            byte* s = (byte*)Unsafe.AsPointer(ref source);
            if (d == s || length == 0) return;
            if (d < s || d >= s + length)
                for (nuint i = 0; i < length; i++) d[i] = s[i];
            else
                for (nuint i = length; i > 0; i--) d[i - 1] = s[i - 1];
        }

        internal static void Fill(ref byte destination, byte value, nuint length)
        {
            byte* d = (byte*)Unsafe.AsPointer(ref destination);
            for (nuint i = 0; i < length; i++) d[i] = value;
        }

        internal static void ClearWithoutReferences(ref byte destination, nuint length)
            => Fill(ref destination, 0, length);
    }

    public static class Buffer
    {
        internal static void BulkMoveWithWriteBarrier(ref byte destination, ref byte source, nuint length)
            => SpanHelpers.Memmove(ref destination, ref source, length);

        public static unsafe void MemoryCopy(void* source, void* destination, ulong destinationSize, ulong length)
            => SpanHelpers.Memmove(ref *(byte*)destination, ref *(byte*)source, (nuint)length);
    }
}
