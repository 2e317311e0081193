using System.Runtime;
using System.Runtime.CompilerServices;
using Bulkhead.Guest;
using Bulkhead.Guest.Platform;

namespace Bulkhead.Runtime
{
    /// <summary>
    /// A collection: stop the other vCPUs, mark from the roots (conservative ranges: the image's data,
    /// the permanent bump heap, the stacks), trace precisely, sweep, resume. See GcHeap for the design.
    /// The mark stack is fixed; when it overflows, marked objects are traced again by walking the heap
    /// until nothing new is marked.
    /// </summary>
    public static unsafe partial class GcHeap
    {
        internal const ulong MarkStackEntries = 16384;

        internal static ulong s_permanentEnd;   // bump heap end when the GC started: objects below are permanent
        internal static ulong s_tablesEnd;      // bump heap end after the GC's own tables and region
        internal static ulong* s_markStack;
        private static ulong s_markTop;
        private static bool s_markOverflow;
        internal static int s_collections;
        internal static ulong s_collectionTicks;

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "bh_gc_image_start")]
        private static extern ulong ImageStart();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "bh_gc_image_end")]
        private static extern ulong ImageEnd();

        /// <summary>GC.Collect: a full collection now.</summary>
        internal static void CollectNow()
        {
            if (s_base == 0) return;
            ulong state = GcWorld.Lock();
            Collect();
            GcWorld.Unlock(state);
        }

        /// <summary>A full collection; the caller holds the lock.</summary>
        private static void Collect()
        {
            ulong start = Cpu.ReadCounter();
            int me = GuestRuntime.CurrentVcpu;
            GcWorld.StopOthers(me);
            GcWorld.CallSpilled(&MarkAndSweep, (ulong)me);
            GcWorld.ResumeOthers(me);
            s_collections++;
            s_collectionTicks += Cpu.ReadCounter() - start;
        }

        private static void MarkAndSweep(ulong sp, ulong me)
        {
            s_markTop = 0;
            s_markOverflow = false;
            // The image: .data/.bss (statics that are not in GC static bases, frozen objects). The
            // linker script names no .data start: the scan begins at the image start (code words are
            // rarely heap addresses; a false hit only keeps an object).
            ScanRange(ImageStart(), ImageEnd());
            ScanRange(Heap.Start, s_permanentEnd);        // static bases, runtime tables
            ScanRange(s_tablesEnd, Heap.Next);            // bump allocations after the GC started
            ulong active = GcWorld.Active;
            for (int v = 0; v < GcWorld.MaxVcpus; v++)
            {
                if ((active & (1UL << v)) == 0) continue;
                ulong from = v == (int)me ? sp : GcWorld.ParkedSp(v);
                if (from != 0) ScanRange(from, GcWorld.StackTop(v));
            }
            Drain();
            while (s_markOverflow)
            {
                s_markOverflow = false;
                RetraceMarked();
                Drain();
            }
            Sweep();
        }

        private static void ScanRange(ulong from, ulong to)
        {
            ulong lo = s_base, hi = s_end;
            for (ulong* p = (ulong*)((from + 7) & ~7UL); p < (ulong*)to; p++)
            {
                ulong word = *p;
                if (word >= lo && word < hi) MarkReference(word);
            }
        }

        /// <summary>Marks the allocated cell containing <paramref name="address"/> (if any) and queues it for tracing.</summary>
        private static void MarkReference(ulong address)
        {
            if (address < s_base || address >= s_end) return;
            ulong cell = CellContaining(address);
            if (cell == 0) return;
            ulong bit = BitIndex(cell);
            if (TestBit(s_markBits, bit)) return;
            SetBit(s_markBits, bit);
            if (s_markTop < MarkStackEntries) s_markStack[s_markTop++] = cell;
            else s_markOverflow = true;
        }

        private static void Drain()
        {
            while (s_markTop > 0) Trace(s_markStack[--s_markTop] + 8);
        }

        /// <summary>After a mark-stack overflow: traces every marked object again (tracing is idempotent).</summary>
        private static void RetraceMarked()
        {
            for (uint b = 0; b < s_blocks; b++)
            {
                byte kind = s_kind[b];
                ulong start = s_base + ((ulong)b << BlockShift);
                if (kind == LargeStart)
                {
                    if (TestBit(s_markBits, BitIndex(start))) Trace(start + 8);
                }
                else if (kind != FreeBlock && kind != LargeRest && kind != Reserved)
                {
                    ulong cellSize = s_cellSize[kind - 1];
                    for (ulong cell = start; cell + cellSize <= start + BlockSize; cell += cellSize)
                        if (TestBit(s_markBits, BitIndex(cell))) { Trace(cell + 8); if (s_markTop > MarkStackEntries / 2) Drain(); }
                }
            }
        }

        /// <summary>Frees unmarked cells and runs, rebuilds the free lists, clears the mark bits.</summary>
        private static void Sweep()
        {
            for (int c = 0; c < s_classCount; c++) s_freeLists[c] = 0;
            ulong inUse = 0;
            for (uint b = s_blocks; b > 0; b--)           // downwards: the free lists come out in address order
            {
                uint block = b - 1;
                byte kind = s_kind[block];
                ulong start = s_base + ((ulong)block << BlockShift);
                if (kind == FreeBlock || kind == LargeRest || kind == Reserved) continue;
                if (kind == LargeStart)
                {
                    ulong bit = BitIndex(start);
                    uint count = s_run[block];
                    if (TestBit(s_markBits, bit)) { inUse += (ulong)count * BlockSize; continue; }
                    ClearBit(s_allocBits, bit);
                    for (uint i = 0; i < count; i++) s_kind[block + i] = FreeBlock;
                    continue;
                }
                int c = kind - 1;
                ulong cellSize = s_cellSize[c];
                ulong cells = BlockSize / cellSize, live = 0;
                ulong head = s_freeLists[c];
                for (ulong i = cells; i > 0; i--)
                {
                    ulong cell = start + (i - 1) * cellSize;
                    ulong bit = BitIndex(cell);
                    if (TestBit(s_markBits, bit)) { live++; continue; }
                    ClearBit(s_allocBits, bit);
                    *(ulong*)(cell + 8) = head;
                    head = cell;
                }
                if (live == 0) s_kind[block] = FreeBlock;  // the whole block goes back to the pool (its cells leave the list)
                else { s_freeLists[c] = head; inUse += live * cellSize; }
            }
            for (ulong w = 0; w < s_bitmapWords; w++) s_markBits[w] = 0;
            s_inUse = inUse;
            s_blockHint = 0;
        }
    }
}
