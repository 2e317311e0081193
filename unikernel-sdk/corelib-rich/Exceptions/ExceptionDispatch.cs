using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using Internal.Runtime;

namespace Bulkhead.Runtime.Exceptions
{
    /// <summary>
    /// Two-pass exception dispatch, entered from RhpThrowEx/RhpRethrow (eh.S) with the thrower's
    /// context. Pass 1 walks the frames to the first catch whose type matches (or filter that accepts);
    /// pass 2 walks them again running finally/fault funclets on the way, then runs the catch funclet
    /// and continues its frame where the funclet says. No handler: the domain's fatal report.
    /// </summary>
    internal static unsafe class ExceptionDispatch
    {
        // What eh.S passes: a throw, `throw;`, or (x64) a trap in managed code that becomes an exception.
        public const int KindThrow = 0, KindRethrow = 1, KindDivideByZero = 2, KindNullReference = 3;

        [RuntimeExport("eh_dispatch")]
        private static void Dispatch(IntPtr exceptionPointer, ulong* throwContext, int kind)
        {
            EhRuntime.EnsureReady();
            ulong* start = stackalloc ulong[Ctx.Size];
            for (int i = 0; i < Ctx.AsmSize; i++) start[i] = throwContext[i];
            start[Ctx.Flags] = 0; // pc is a return address (eh_hardware_throw passes one past the faulting address)

            object? exception = kind switch
            {
                KindRethrow => ActiveException(start),
                KindDivideByZero => new DivideByZeroException(),
                KindNullReference => new NullReferenceException(),
                _ => Unsafe.As<IntPtr, object>(ref exceptionPointer),
            };
            exception ??= new NullReferenceException(); // `throw null`
            Run(exception, start);
        }

        private static void Run(object exception, ulong* start)
        {
            FrameCursor cursor;
            ulong* boundary = stackalloc ulong[Ctx.Size];
            ExInfo info;
            info.Exception = Unsafe.As<object, IntPtr>(ref exception);

            // Pass 1: find the handler.
            if (!FrameCursor.Start(&cursor, start))
                FrameUnwinder.Fail("throw from code without unwind information, pc", start[Ctx.Pc]);
            int catchOrdinal = -1, catchIndex = -1;
            ulong catchHandler = 0;
            bool toBoundary = false;
            while (true)
            {
                uint offset = cursor.CodeOffset;
                var clauses = new EhClauseReader(cursor.Method.Clauses);
                for (int i = 0; i < clauses.Count; i++)
                {
                    EhClause clause = clauses.Next();
                    if (i < cursor.StartClause || !clause.Contains(offset)) continue;
                    bool takes = false;
                    if (clause.Kind == EhClause.Typed) takes = IsInstanceOf(exception, (MethodTable*)clause.CatchType);
                    else if (clause.Kind == EhClause.FilterKind)
                    {
                        Prepare(&info, cursor.Context, i, ExInfo.Filter);
                        takes = EhRuntime.CallFunclet(exception, cursor.Method.MethodStart + clause.Filter, info.Frame, &info) != 0;
                    }
                    if (takes)
                    {
                        catchOrdinal = cursor.Ordinal;
                        catchIndex = i;
                        catchHandler = cursor.Method.MethodStart + clause.Handler;
                        break;
                    }
                }
                if (catchOrdinal >= 0) break;
                int step = cursor.Next(boundary);
                if (step == FrameCursor.End) Unhandled(exception, start[Ctx.Pc]);
                if (step == FrameCursor.FilterBoundary) { toBoundary = true; break; }
            }

            // Pass 2: run the finally/fault funclets up to the handler, then the handler.
            FrameCursor.Start(&cursor, start);
            while (true)
            {
                bool catchFrame = !toBoundary && cursor.Ordinal == catchOrdinal;
                uint offset = cursor.CodeOffset;
                var clauses = new EhClauseReader(cursor.Method.Clauses);
                int last = catchFrame ? catchIndex : clauses.Count;
                for (int i = 0; i < last; i++)
                {
                    EhClause clause = clauses.Next();
                    if (i < cursor.StartClause || clause.Kind != EhClause.Fault || !clause.Contains(offset)) continue;
                    Prepare(&info, cursor.Context, i, ExInfo.Finally);
                    EhRuntime.CallFunclet(exception, cursor.Method.MethodStart + clause.Handler, info.Frame, &info);
                }
                if (catchFrame)
                {
                    Prepare(&info, cursor.Context, catchIndex, ExInfo.Catch);
                    EhRuntime.CallCatch(exception, catchHandler, info.Frame, &info);
                }
                int step = cursor.Next(boundary);
                if (step == FrameCursor.FilterBoundary) EhRuntime.Resume(boundary);
                if (step == FrameCursor.End) FrameUnwinder.Fail("second pass lost the handler's frame", 0);
            }
        }

        private static void Prepare(ExInfo* info, ulong* frame, int clause, int kind)
        {
            for (int i = 0; i < Ctx.Size; i++) info->Frame[i] = frame[i];
            info->ClauseIndex = clause;
            info->FuncletKind = kind;
        }

        /// <summary>The exception `throw;` rethrows: the one whose catch funclet is the nearest on the stack.</summary>
        private static object ActiveException(ulong* start)
        {
            FrameCursor cursor;
            if (!FrameCursor.Start(&cursor, start)) FrameUnwinder.Fail("rethrow from code without unwind information, pc", start[Ctx.Pc]);
            for (int guard = 0; guard < 100000; guard++)
            {
                ulong* context = cursor.Context;
                {
                    FrameUnwinder.Unwind(context, &cursor.Fde);
                    if (context[Ctx.Pc] == EhRuntime.CatchReturn)
                    {
                        ExInfo* info = *(ExInfo**)(context[Ctx.Sp] + EhRuntime.ThunkExInfoOffset);
                        IntPtr pointer = info->Exception;
                        return Unsafe.As<IntPtr, object>(ref pointer);
                    }
                    if (!FrameUnwinder.FindFde(context[Ctx.Pc] - 1, out cursor.Fde)) break;
                }
            }
            FrameUnwinder.Fail("rethrow outside a catch block", start[Ctx.Pc]);
            return null!;
        }

        private static bool IsInstanceOf(object exception, MethodTable* type)
        {
            MethodTable* t = *(MethodTable**)Unsafe.AsPointer(ref exception);
            t = *(MethodTable**)t; // the object's first word
            for (; t != null; t = t->RelatedType)
                if (t == type) return true;
            return false;
        }

        private static int s_reporting;

        /// <summary>No handler: the fatal report, at the address of the throw (the hypervisor stops or restarts the domain by its policy).</summary>
        private static void Unhandled(object exception, ulong throwPc)
        {
            if (s_reporting != 0) RuntimeFailure.Fatal("unhandled exception while reporting an unhandled exception", 0);
            s_reporting = 1;
            string message = exception is Exception e ? e.Message : "";
            RuntimeFailure.Fatal(string.Concat("unhandled exception: ", ExceptionTypeNames.FullName(exception), ": ", message), throwPc);
        }
    }
}
