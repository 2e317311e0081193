using System;

namespace Bulkhead.Runtime.Exceptions
{
    /// <summary>
    /// Walks the managed frames of one stack from a throw, the same way in both dispatch passes. Leaving
    /// a funclet through its thunk continues in the funclet's parent frame (after the clause whose
    /// funclet ran), skipping the frames of the dispatch that called it; leaving a filter funclet is a
    /// boundary (the exception is swallowed: the filter returns false).
    /// </summary>
    internal unsafe struct FrameCursor
    {
        public fixed ulong Context[Ctx.Size];
        public FrameUnwinder.Fde Fde;
        public MethodEhInfo Method;
        /// <summary>First clause still eligible in this frame (after a funclet's clause when continuing its parent).</summary>
        public int StartClause;
        /// <summary>Position in the walk: how pass 2 finds the frame pass 1 chose.</summary>
        public int Ordinal;

        public const int Frame = 0, End = 1, FilterBoundary = 2;

        /// <summary>Starts at the frame whose context is given; false when its pc is not managed code.</summary>
        public static bool Start(FrameCursor* cursor, ulong* context)
        {
            for (int i = 0; i < Ctx.Size; i++) cursor->Context[i] = context[i];
            cursor->Ordinal = 0;
            cursor->StartClause = 0;
            return cursor->Locate();
        }

        /// <summary>The pc to look up: a return address belongs to the call before it.</summary>
        public ulong LookupPc => Context[Ctx.Pc] - 1;

        /// <summary>The offset of the lookup pc in its method (EH clause offsets are relative to the method body).</summary>
        public uint CodeOffset => (uint)(LookupPc - Method.MethodStart);

        private bool Locate()
        {
            if (!FrameUnwinder.FindFde(LookupPc, out Fde)) return false;
            Method = MethodEhInfo.Read(Fde.Start, Fde.Lsda);
            return true;
        }

        /// <summary>Moves to the caller. For FilterBoundary, <paramref name="resume"/> receives the context that resumes the filter thunk.</summary>
        public int Next(ulong* resume)
        {
            fixed (ulong* context = Context)
            fixed (FrameUnwinder.Fde* fde = &Fde)
            {
                FrameUnwinder.Unwind(context, fde);
                ulong pc = context[Ctx.Pc];
                Ordinal++;
                if (pc == EhRuntime.FuncletReturn || pc == EhRuntime.CatchReturn)
                {
                    ExInfo* info = *(ExInfo**)(context[Ctx.Sp] + EhRuntime.ThunkExInfoOffset);
                    if (info->FuncletKind == ExInfo.Filter)
                    {
                        for (int i = 0; i < Ctx.Size; i++) resume[i] = context[i];
                        resume[Ctx.Pc] = EhRuntime.FilterFailed;
                        return FilterBoundary;
                    }
                    for (int i = 0; i < Ctx.Size; i++) context[i] = info->Frame[i];
                    StartClause = info->ClauseIndex + 1;
                }
                else StartClause = 0;
                return Locate() ? Frame : End;
            }
        }
    }
}
