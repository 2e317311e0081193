using Internal.Runtime;

namespace Bulkhead.Runtime
{
    /// <summary>
    /// Precise tracing of one heap object from its type's GCDesc, the layout ILCompiler emits just
    /// before the MethodTable (the format of dotnet/runtime src/coreclr/gc/gcdesc.h):
    ///   [MT - 8]            series count N (signed)
    ///   N &gt; 0: N series below it, the highest at MT - 24: {size, offset} pairs of words. A series
    ///          covers the reference fields [obj + offset, obj + offset + size + object size)
    ///          (size is stored relative to the object's total size, so array series grow with length).
    ///   N &lt; 0: a value-type array's repeating pattern: offset at MT - 16 (the first element's first
    ///          reference), -N items {uint count, uint skip} from MT - 24 downwards; per element, for each
    ///          item: count references, then skip bytes.
    /// obj is the object address (its MethodTable pointer), object size = BaseSize (+ length x
    /// ComponentSize for arrays and strings, length at obj + 8).
    /// </summary>
    public static unsafe partial class GcHeap
    {
        internal const ushort HasPointersFlag = 0x0100;   // EETypeFlags.HasPointersFlag (0x01000000) in the upper half

        private static void Trace(ulong obj)
        {
            MethodTable* type = *(MethodTable**)obj;
            if (type == null || (type->Flags & HasPointersFlag) == 0) return;
            ulong size = type->BaseSize;
            uint length = 0;
            if ((type->Flags & MethodTable.HasComponentSizeFlag) != 0)
            {
                length = *(uint*)(obj + 8);
                size += (ulong)length * type->ComponentSize;
            }
            long* desc = (long*)type;
            long series = desc[-1];
            if (series > 0)
            {
                for (long i = 0; i < series; i++)
                {
                    long* s = desc - 3 - 2 * i;           // {size, offset}
                    ulong* p = (ulong*)(obj + (ulong)s[1]);
                    ulong* stop = (ulong*)((ulong)p + (ulong)(s[0] + (long)size));
                    for (; p < stop; p++) MarkReference(*p);
                }
            }
            else if (series < 0)
            {
                ulong* p = (ulong*)(obj + (ulong)desc[-2]);
                for (uint e = 0; e < length; e++)
                {
                    for (long i = 0; i > series; i--)
                    {
                        uint* item = (uint*)(desc - 3 + i); // {count, skip}
                        ulong* stop = p + item[0];
                        for (; p < stop; p++) MarkReference(*p);
                        p = (ulong*)((ulong)p + item[1]);
                    }
                }
            }
        }
    }
}
