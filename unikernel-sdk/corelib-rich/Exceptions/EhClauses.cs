using System;

namespace Bulkhead.Runtime.Exceptions
{
    /// <summary>
    /// ILCompiler's per-method unwind blob (the LSDA of each FDE, in .dotnet_eh_table) and the EH clauses
    /// it points to. Blob: a flags byte (bits 0-1: 0 method body, 1 catch/finally funclet, 2 filter
    /// funclet; 0x04 has EH info; 0x10 has associated data). A funclet's blob continues with a 32-bit
    /// relative pointer to its method's blob and the funclet's offset in the method; a method's blob
    /// with a relative pointer to associated data (skipped) and one to the EH info.
    /// </summary>
    internal unsafe struct MethodEhInfo
    {
        public ulong MethodStart;
        public byte* Clauses;          // null: the method has no EH clauses
        public int FuncletKind;        // 0 body, 1 handler, 2 filter

        private const int KindMask = 0x03, HasEhInfo = 0x04, HasAssociatedData = 0x10;

        public static MethodEhInfo Read(ulong codeStart, ulong lsda)
        {
            MethodEhInfo info = default;
            info.MethodStart = codeStart;
            if (lsda == 0) return info;
            byte* blob = (byte*)lsda;
            info.FuncletKind = blob[0] & KindMask;
            if (info.FuncletKind != 0)
            {
                byte* main = blob + 1 + *(int*)(blob + 1);
                info.MethodStart = codeStart - *(uint*)(blob + 5);
                blob = main;
                if ((blob[0] & KindMask) != 0) FrameUnwinder.Fail("funclet unwind info points to another funclet", (ulong)blob);
            }
            byte flags = blob[0];
            byte* p = blob + 1;
            if ((flags & HasAssociatedData) != 0) p += 4;
            if ((flags & HasEhInfo) != 0) info.Clauses = p + *(int*)p;
            return info;
        }
    }

    /// <summary>One EH clause (offsets from the method's start; ILCompiler's NativeFormat encoding).</summary>
    internal unsafe struct EhClause
    {
        public uint TryStart, TryEnd, Handler, Filter;
        public int Kind;
        public void* CatchType;       // MethodTable* of a typed catch

        public const int Typed = 0, Fault = 1, FilterKind = 2; // finally and fault both run as "fault"

        public bool Contains(uint offset) => offset >= TryStart && offset < TryEnd;
    }

    /// <summary>Reads the clauses of a method in order (innermost first, as the compiler sorts them).</summary>
    internal unsafe struct EhClauseReader
    {
        private byte* _p;
        public int Count;

        public EhClauseReader(byte* clauses)
        {
            _p = clauses;
            Count = clauses == null ? 0 : (int)DecodeUnsigned(ref _p);
        }

        public EhClause Next()
        {
            EhClause c = default;
            c.TryStart = DecodeUnsigned(ref _p);
            uint lengthAndKind = DecodeUnsigned(ref _p);
            c.Kind = (int)(lengthAndKind & 3);
            c.TryEnd = c.TryStart + (lengthAndKind >> 2);
            c.Handler = DecodeUnsigned(ref _p);
            if (c.Kind == EhClause.Typed)
            {
                c.CatchType = _p + *(int*)_p;
                _p += 4;
            }
            else if (c.Kind == EhClause.FilterKind) c.Filter = DecodeUnsigned(ref _p);
            else if (c.Kind != EhClause.Fault) FrameUnwinder.Fail("unknown EH clause kind", (ulong)c.Kind);
            return c;
        }

        // NativeFormat's compressed unsigned integer: the low bits of the first byte say how many bytes follow.
        private static uint DecodeUnsigned(ref byte* p)
        {
            uint b = p[0];
            if ((b & 1) == 0) { p += 1; return b >> 1; }
            if ((b & 2) == 0) { uint v = (b >> 2) | ((uint)p[1] << 6); p += 2; return v; }
            if ((b & 4) == 0) { uint v = (b >> 3) | ((uint)p[1] << 5) | ((uint)p[2] << 13); p += 3; return v; }
            if ((b & 8) == 0) { uint v = (b >> 4) | ((uint)p[1] << 4) | ((uint)p[2] << 12) | ((uint)p[3] << 20); p += 4; return v; }
            if ((b & 16) == 0) { uint v = *(uint*)(p + 1); p += 5; return v; }
            FrameUnwinder.Fail("bad compressed integer in EH info", (ulong)p);
            return 0;
        }
    }
}
