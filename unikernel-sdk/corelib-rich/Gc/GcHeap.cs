using System;
using Bulkhead.Generated;
using Internal.Runtime;

namespace Bulkhead.Runtime
{
    /// <summary>
    /// The rich profile's garbage-collected heap: a non-moving mark-sweep collector.
    ///
    /// Layout. At guest start (GuestEntry.Main, vCPU 0) a region is carved from the bump heap: the
    /// domain's `heap:` size, or (0) the bump heap's free space minus a reserve for runtime tables
    /// allocated later. The region is cut into 16 KiB blocks. A block is free, holds cells of one size
    /// class (24 B .. 4 KiB, header word included), or belongs to a large object (a run of whole
    /// blocks). Side tables (allocated from the bump heap, outside the region): a kind byte and a run
    /// word per block, an "allocated" and a "marked" bit per 8-byte word (set at a cell's start).
    /// Free cells of a class form a list linked through their second word; allocation pops one and
    /// zeroes it. Everything runs under one spinlock with interrupts masked (GcWorld).
    ///
    /// Collection (when a class has no free cell and no free block is left, when a large object
    /// finds no free run, or on GC.Collect): stop the world (GcWorld), mark, sweep, resume.
    /// Roots are conservative: the image (.data and .bss; frozen objects live there), the bump heap
    /// (static bases allocated by StartupCodeHelpers.InitializeModules and runtime tables are
    /// permanent), and every running vCPU's stack from its stopped SP (callee-saved registers are
    /// spilled there first; an interrupted vCPU's other registers are in its interrupt frame). A
    /// word that points anywhere into an allocated cell keeps it (interior pointers: byrefs). Heap
    /// objects are traced precisely from their type's GCDesc (GcTrace). Sweep is eager: unmarked
    /// cells return to their class's free list, empty blocks and dead large runs to the block pool.
    /// No finalizers, no weak references, no compaction (addresses are stable).
    /// </summary>
    public static unsafe partial class GcHeap
    {
        internal const int BlockShift = 14;
        internal const ulong BlockSize = 1UL << BlockShift;
        internal const ulong MaxSmall = 4096;
        internal const byte FreeBlock = 0, Reserved = 0xFD, LargeStart = 0xFE, LargeRest = 0xFF; // else: class index + 1

        internal static ulong s_base, s_end;     // the region, BlockSize aligned; s_base == 0: not started
        internal static uint s_blocks;
        internal static byte* s_kind;            // per block
        internal static uint* s_run;             // LargeStart: run length in blocks; LargeRest: index of the run's first block
        internal static ulong* s_allocBits;      // per 8-byte word of the region: an allocated cell starts here
        internal static ulong* s_markBits;       // per 8-byte word: marked in this collection
        internal static ulong* s_freeLists;      // per class: first free cell (0: none)
        internal static ushort* s_cellSize;      // per class
        internal static byte* s_classOf;         // (size + 7) / 8 -> class
        internal static int s_classCount;
        internal static ulong s_inUse;           // bytes of allocated cells and large runs
        internal static uint s_blockHint;        // where the search for a free block starts

        /// <summary>Bytes of the collected heap (0 before it starts).</summary>
        public static long Capacity => (long)(s_end - s_base);

        /// <summary>Bytes in allocated cells and large-object runs (live or not yet collected).</summary>
        public static long InUse => (long)s_inUse;

        /// <summary>Collections so far.</summary>
        public static int Collections => s_collections;

        /// <summary>Counter ticks spent in collections so far (all vCPUs stopped).</summary>
        public static ulong CollectionTicks => s_collectionTicks;

        /// <summary>
        /// Carves the heap from the bump heap: <paramref name="size"/> bytes, or (0) its free space
        /// less a reserve. Objects allocated before this stay in the bump heap for good (roots).
        /// </summary>
        internal static void Initialize(ulong size)
        {
            s_permanentEnd = Heap.Next;
            ulong free = Heap.Free;
            if (size == 0)
            {
                ulong reserve = free / 8 < 1024 * 1024 ? free / 8 : 1024 * 1024; // later runtime tables (channels, drivers)
                size = free - reserve;
                size -= size / 32 + 256 * 1024; // side tables, mark stack, alignment
            }
            ulong blocks = size >> BlockShift;
            if (blocks < 8) RuntimeFailure.Fatal("GC heap too small (bytes)", size);
            // Cell sizes of the classes (header word included): 24..48 by 8, 64..128 by 16, then four
            // steps per power of two up to 4 KiB (at most 25% of a cell is slack).
            s_cellSize = (ushort*)Heap.AllocateRaw(64 * 2);
            int n = 0;
            for (uint s = 24; s <= 48; s += 8) s_cellSize[n++] = (ushort)s;
            for (uint s = 64; s <= 128; s += 16) s_cellSize[n++] = (ushort)s;
            for (uint power = 128; power < MaxSmall; power *= 2)
                for (uint j = 1; j <= 4; j++) s_cellSize[n++] = (ushort)(power + j * power / 4);
            s_classCount = n;
            s_classOf = (byte*)Heap.AllocateRaw(MaxSmall / 8 + 1);
            for (int c = 0, w = 0; w <= (int)(MaxSmall / 8); w++)
            {
                while (s_cellSize[c] < w * 8) c++;
                s_classOf[w] = (byte)c;
            }
            s_freeLists = (ulong*)Heap.AllocateRaw((ulong)s_classCount * 8);
            s_kind = (byte*)Heap.AllocateRaw(blocks);
            s_run = (uint*)Heap.AllocateRaw(blocks * 4);
            ulong bitmapBytes = ((blocks * BlockSize / 8) + 63) / 64 * 8;
            s_allocBits = (ulong*)Heap.AllocateRaw(bitmapBytes);
            s_markBits = (ulong*)Heap.AllocateRaw(bitmapBytes);
            s_bitmapWords = bitmapBytes / 8;
            s_markStack = (ulong*)Heap.AllocateRaw(MarkStackEntries * 8);
            GcWorld.Initialize((ulong*)Heap.AllocateRaw(GcWorld.MaxVcpus * 8));
            s_base = (ulong)Heap.ReserveAligned(blocks * BlockSize, BlockSize);
            s_blocks = (uint)blocks;
            s_end = s_base + blocks * BlockSize;
            s_tablesEnd = Heap.Next;
            // Block 0 stays empty: the collector's own statics hold its address, and the image is a root.
            s_kind[0] = Reserved;
        }

        private static ulong s_bitmapWords;

        internal static ulong BitIndex(ulong address) => (address - s_base) >> 3;
        internal static bool TestBit(ulong* bits, ulong index) => (bits[index >> 6] & (1UL << (int)(index & 63))) != 0;
        internal static void SetBit(ulong* bits, ulong index) => bits[index >> 6] |= 1UL << (int)(index & 63);
        internal static void ClearBit(ulong* bits, ulong index) => bits[index >> 6] &= ~(1UL << (int)(index & 63));

        /// <summary>
        /// A zeroed object of <paramref name="size"/> bytes (header word included) of
        /// <paramref name="type"/> (with <paramref name="length"/> at +8 for arrays and strings):
        /// returns its address (past the header word). Type and length are set under the lock, so a
        /// collection on another vCPU never sees a half-made object.
        /// </summary>
        internal static byte* Allocate(ulong size, MethodTable* type, int length, bool hasLength)
        {
            size = (size + 7) & ~7UL;
            ulong state = GcWorld.Lock();
            ulong cell = size <= MaxSmall ? AllocateSmall(size) : AllocateLarge(size);
            if (cell != 0)
            {
                *(MethodTable**)(cell + 8) = type;
                if (hasLength) *(int*)(cell + 16) = length;
            }
            GcWorld.Unlock(state);
            if (cell == 0) RuntimeFailure.OutOfMemory(size); // after a full collection, outside the lock
            return (byte*)cell + 8;
        }

        private static ulong AllocateSmall(ulong size)
        {
            int c = s_classOf[size >> 3];
            if (s_freeLists[c] == 0 && !Refill(c))
            {
                Collect();
                if (s_freeLists[c] == 0 && !Refill(c)) return 0;
            }
            ulong cell = s_freeLists[c];
            s_freeLists[c] = *(ulong*)(cell + 8);
            ulong cellSize = s_cellSize[c];
            Zero(cell, cellSize);
            SetBit(s_allocBits, BitIndex(cell));
            s_inUse += cellSize;
            return cell;
        }

        private static ulong AllocateLarge(ulong size)
        {
            ulong count = (size + BlockSize - 1) >> BlockShift;
            long first = FindRun(count);
            if (first < 0)
            {
                Collect();
                first = FindRun(count);
                if (first < 0) return 0;
            }
            uint b = (uint)first;
            s_kind[b] = LargeStart;
            s_run[b] = (uint)count;
            for (uint i = 1; i < count; i++) { s_kind[b + i] = LargeRest; s_run[b + i] = b; }
            ulong cell = s_base + ((ulong)b << BlockShift);
            Zero(cell, size);
            SetBit(s_allocBits, BitIndex(cell));
            s_inUse += count * BlockSize;
            return cell;
        }

        /// <summary>Gives class <paramref name="c"/> a free block, all of it cells on its free list.</summary>
        private static bool Refill(int c)
        {
            long found = FindRun(1);
            if (found < 0) return false;
            uint b = (uint)found;
            s_kind[b] = (byte)(c + 1);
            ulong cellSize = s_cellSize[c];
            ulong start = s_base + ((ulong)b << BlockShift);
            ulong cells = BlockSize / cellSize;
            ulong head = s_freeLists[c];
            for (ulong i = cells; i > 0; i--)
            {
                ulong cell = start + (i - 1) * cellSize;
                *(ulong*)(cell + 8) = head;
                head = cell;
            }
            s_freeLists[c] = head;
            return true;
        }

        /// <summary>
        /// <paramref name="count"/> consecutive free blocks, -1 if none: a single block (for a class)
        /// first-fit from the bottom, a large object's run from the top, so that cells kept alive in
        /// class blocks do not cut up the space large objects need.
        /// </summary>
        private static long FindRun(ulong count)
        {
            if (count > 1)
            {
                uint length = 0;
                for (uint b = s_blocks; b > 0; b--)
                {
                    if (s_kind[b - 1] != FreeBlock) { length = 0; continue; }
                    if (++length == count) return b - 1;
                }
                return -1;
            }
            uint blocks = s_blocks;
            for (int pass = 0; pass < 2; pass++)
            {
                uint from = pass == 0 ? s_blockHint : 0, to = pass == 0 ? blocks : s_blockHint;
                uint runStart = from, runLength = 0;
                for (uint b = from; b < to; b++)
                {
                    if (s_kind[b] != FreeBlock) { runLength = 0; runStart = b + 1; continue; }
                    if (++runLength == count)
                    {
                        s_blockHint = count == 1 ? b : s_blockHint;
                        return runStart;
                    }
                }
            }
            return -1;
        }

        private static void Zero(ulong address, ulong size)
        {
            ulong* p = (ulong*)address, end = (ulong*)(address + size);
            for (; p < end; p++) *p = 0;
        }

        /// <summary>
        /// The start (header word) of the allocated cell containing <paramref name="address"/>, or 0
        /// when it is not inside an allocated cell of the heap.
        /// </summary>
        internal static ulong CellContaining(ulong address)
        {
            if (address < s_base || address >= s_end) return 0;
            uint b = (uint)((address - s_base) >> BlockShift);
            byte kind = s_kind[b];
            ulong cell;
            if (kind == FreeBlock || kind == Reserved) return 0;
            if (kind == LargeStart) cell = s_base + ((ulong)b << BlockShift);
            else if (kind == LargeRest) cell = s_base + ((ulong)s_run[b] << BlockShift);
            else
            {
                ulong cellSize = s_cellSize[kind - 1];
                ulong blockStart = s_base + ((ulong)b << BlockShift);
                ulong index = (address - blockStart) / cellSize;
                if (index >= BlockSize / cellSize) return 0; // the unused tail of the block
                cell = blockStart + index * cellSize;
            }
            return TestBit(s_allocBits, BitIndex(cell)) ? cell : 0;
        }
    }
}
