using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using Internal.Runtime;

namespace Bulkhead.Runtime
{
    /// <summary>
    /// Interface calls ILCompiler could not devirtualize (rich profile). A call site loads the address of
    /// its dispatch cell into x11 (ARM64) / r11 (x64) and calls the cell's stub, with the receiver as the
    /// first argument. ILCompiler emits every cell as { stub = RhpInitialDynamicInterfaceDispatch, info },
    /// info = a self-relative 32-bit pointer to the interface's MethodTable with flag 3 in its low bits
    /// (1: absolute pointer, 2: self-relative pointer to a pointer). Cells are grouped by interface slot;
    /// each group ends with a cell whose stub is 0 and whose info holds the slot number.
    ///
    /// The stubs (corelib-rich/&lt;arch&gt;/dispatch.S) save the argument registers and call
    /// <see cref="ResolveFromStub"/>, which finds the implementation and, the first time, gives the cell a
    /// monomorphic cache: an immutable block { receiver type, target, interface, slot } that the cell's info
    /// then points at (low bits 0), and the cell's stub becomes RhpInterfaceDispatchCached, which compares
    /// the receiver's MethodTable and jumps straight to the target. A miss (another receiver type) takes
    /// the resolver again, without re-caching: blocks are never freed or changed, so vCPUs may race freely.
    /// </summary>
    internal static unsafe class InterfaceDispatch
    {
        internal struct Cell
        {
            public nuint Stub;
            public nuint Info;
        }

        private struct CacheBlock
        {
            public MethodTable* Type;
            public void* Target;
            public MethodTable* Interface;
            public nuint Slot;
        }

        // Cache blocks come from a fixed pool in the image's statics (no allocation, no GC involvement).
        private const int PoolBlocks = 512;
        private struct Pool { public fixed ulong Words[PoolBlocks * 4]; }
        private static Pool s_pool;
        private static ulong s_poolUsed;

        /// <summary>Calls that took the resolver (first call through a cell, cache misses, delegates); not atomic: a statistic.</summary>
        internal static ulong Resolutions;
        /// <summary>Cells that got a monomorphic cache.</summary>
        internal static ulong CachedCells;

        private const nuint InfoFlagMask = 3;
        private const nuint InfoAbsolute = 1, InfoRelativeIndirect = 2, InfoRelative = 3;

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "RhpInterfaceDispatchCached")]
        private static extern void CachedStub();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "bh_atomic_cas64")]
        private static extern ulong CompareAndSwap(ulong* location, ulong expected, ulong desired);

        /// <summary>The interface and slot a cell calls.</summary>
        private static void Describe(Cell* cell, out MethodTable* itf, out int slot)
        {
            nuint info = (nuint)System.Threading.Volatile.Read(ref *(ulong*)&cell->Info);
            if ((info & InfoFlagMask) == 0 && info != 0)
            {
                CacheBlock* block = (CacheBlock*)info;
                itf = block->Interface;
                slot = (int)block->Slot;
                return;
            }
            byte* field = (byte*)&cell->Info;
            switch (info & InfoFlagMask)
            {
                case InfoRelative: itf = (MethodTable*)(field + (int)(uint)(info & ~InfoFlagMask)); break;
                case InfoRelativeIndirect: itf = *(MethodTable**)(field + (int)(uint)(info & ~InfoFlagMask)); break;
                case InfoAbsolute: itf = (MethodTable*)(info & ~InfoFlagMask); break;
                default: itf = null; RuntimeFailure.Unsupported("interface dispatch cell format"); break;
            }
            Cell* end = cell;
            while (end->Stub != 0) end++;
            slot = (int)(ushort)end->Info;
        }

        /// <summary>Called by the dispatch stubs: the code to run for this receiver and cell.</summary>
        [RuntimeExport("bh_interface_resolve")]
        private static void* ResolveFromStub(object receiver, Cell* cell)
        {
            MethodTable* type = RuntimeHelpers.MethodTableOf(receiver);
            Describe(cell, out MethodTable* itf, out int slot);
            Resolutions++;
            void* target = Resolve(type, itf, slot);
            if ((cell->Info & InfoFlagMask) != 0) AddCache(cell, type, target, itf, slot);
            return target;
        }

        /// <summary>Delegates to interface methods (Delegate.InitializeClosedInstanceToInterface).</summary>
        internal static IntPtr ResolveForDelegate(object receiver, IntPtr cellAddress)
        {
            Cell* cell = (Cell*)cellAddress;
            Describe(cell, out MethodTable* itf, out int slot);
            return (IntPtr)Resolve(RuntimeHelpers.MethodTableOf(receiver), itf, slot);
        }

        private static void AddCache(Cell* cell, MethodTable* type, void* target, MethodTable* itf, int slot)
        {
            ulong* used = (ulong*)Unsafe.AsPointer(ref s_poolUsed);
            ulong index;
            while (true)
            {
                index = System.Threading.Volatile.Read(ref *used);
                if (index >= PoolBlocks) return;                 // pool exhausted: this cell stays uncached
                if (CompareAndSwap(used, index, index + 1) != 0) break;
            }
            CacheBlock* block = (CacheBlock*)((ulong*)Unsafe.AsPointer(ref s_pool) + 4 * index);
            block->Type = type;
            block->Target = target;
            block->Interface = itf;
            block->Slot = (nuint)slot;
            // Publish: the block before the info, the info before the stub that relies on it. Another vCPU
            // caching the same cell at the same time only wastes a block (the CAS lets one win).
            ulong original = cell->Info;
            if ((original & InfoFlagMask) == 0) return;
            if (CompareAndSwap((ulong*)&cell->Info, original, (ulong)block) == 0) return;
            delegate*<void> cached = &CachedStub;
            System.Threading.Volatile.Write(ref *(ulong*)&cell->Stub, (ulong)cached);
            CachedCells++;
        }

        /// <summary>
        /// The implementation of interface method <paramref name="slot"/> of <paramref name="itf"/> for an
        /// object of type <paramref name="type"/>: the dispatch maps of the type and its bases, first the
        /// class's own implementations, then default interface methods.
        /// </summary>
        internal static void* Resolve(MethodTable* type, MethodTable* itf, int slot)
        {
            for (int pass = 0; pass < 2; pass++)
            {
                for (MethodTable* cur = type; cur != null; cur = cur->BaseType)
                {
                    int implSlot = FindInMap(cur, itf, slot, defaults: pass == 1);
                    if (implSlot < 0) continue;
                    if (implSlot >= DiamondSlot) RuntimeFailure.Unsupported("ambiguous (diamond) or reabstracted default interface method");
                    // A vtable slot is read from the receiver's type (it may override); a sealed slot
                    // belongs to the type whose map named it.
                    void* code = implSlot < cur->NumVtableSlots ? type->Vtable[implSlot] : cur->GetSlot(implSlot);
                    if (code == null) RuntimeFailure.Unsupported("interface method without code");
                    return code;
                }
            }
            RuntimeFailure.Fatal("interface method not implemented by the object's type", (ulong)slot);
            return null;
        }

        // ILCompiler's special implementation slots: no single default implementation exists.
        private const int DiamondSlot = 0xFFFE;

        private static int FindInMap(MethodTable* type, MethodTable* itf, int slot, bool defaults)
        {
            DispatchMap* map = type->DispatchMap;
            if (map == null) return -1;
            int first = defaults ? map->StandardEntryCount : 0;
            int end = defaults ? map->StandardEntryCount + map->DefaultEntryCount : map->StandardEntryCount;
            DispatchMap.Entry* entries = map->Entries;
            MethodTable** interfaces = type->InterfaceMap;
            for (int i = first; i < end; i++)
                if (entries[i].InterfaceMethodSlot == slot && interfaces[entries[i].InterfaceIndex] == itf) return entries[i].ImplMethodSlot;
            if (!itf->HasGenericVariance) return -1;
            // IEnumerable<object>.GetEnumerator on an IEnumerable<string>: the same slot of a compatible instantiation.
            for (int i = first; i < end; i++)
                if (entries[i].InterfaceMethodSlot == slot && TypeCast.IsVariantCompatible(interfaces[entries[i].InterfaceIndex], itf))
                    return entries[i].ImplMethodSlot;
            return -1;
        }
    }
}
