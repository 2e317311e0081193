using System.Runtime;
using System.Runtime.CompilerServices;
using System.Threading;
using Bulkhead.Guest;
using Bulkhead.Guest.Platform;

namespace Bulkhead.Runtime
{
    /// <summary>
    /// The collector's lock and stop-the-world across the domain's vCPUs.
    ///
    /// Every allocation and collection holds one spinlock with interrupts masked on its vCPU (an
    /// interrupt handler that allocates cannot then deadlock against the code it interrupted).
    /// A collecting vCPU raises <see cref="s_collecting"/> and sends software interrupt
    /// <see cref="StopSgi"/> (an IPI on x86) to every other vCPU that has entered the runtime
    /// (<see cref="Register"/>, from GuestEntry.Main; rich guests run with interrupts unmasked).
    /// A vCPU parks either in that interrupt's handler or, when it is waiting for the lock itself,
    /// right there: it spills its callee-saved registers to its stack, publishes its SP (the stack
    /// from there up holds every register of the interrupted code) and spins until the collection
    /// is over. The collector waits for all of them, at most <see cref="StopTimeoutMs"/>: a vCPU that
    /// runs that long with interrupts masked and without allocating (a long interrupt handler, a
    /// spin with interrupts off) stops the domain with the fatal report "GC: a vCPU did not stop"
    /// (detail: its index) instead of hanging. Resumed vCPUs clear their SP before the collector
    /// releases the lock, so the next collection never sees a stale one.
    /// </summary>
    internal static unsafe class GcWorld
    {
        internal const int MaxVcpus = 8;                 // guest.h MAX_VCPUS
        internal const ulong StackSize = 0x4000;         // guest.h STACK_SIZE: each vCPU's stack in .stacks
        internal const uint StopSgi = 15;                // the collector's software interrupt (rich guests)
        internal const ulong StopTimeoutMs = 5000;

        private static ulong s_lock;
        private static ulong s_collecting;
        private static ulong s_active;                   // bit v: vCPU v runs managed code and must stop for collections

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "bh_atomic_cas64")]
        private static extern ulong CompareAndSwap(ulong* location, ulong expected, ulong desired);

        /// <summary>Masks interrupts and returns the previous mask state.</summary>
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "bh_gc_irq_save")]
        internal static extern ulong IrqSave();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "bh_gc_irq_restore")]
        internal static extern void IrqRestore(ulong state);

        /// <summary>Pushes the callee-saved registers, then calls <paramref name="callback"/>(its SP, <paramref name="argument"/>).</summary>
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "bh_gc_call_spilled")]
        internal static extern void CallSpilled(delegate*<ulong, ulong, void> callback, ulong argument);

        /// <summary>A spin-wait hint (YIELD, PAUSE): lets an emulator that runs vCPUs in turn switch to the one being waited for.</summary>
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "bh_gc_spin_pause")]
        private static extern void SpinPause();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "bh_gc_stacks_start")]
        private static extern ulong StacksStart();

        internal static ulong StackTop(int vcpu) => StacksStart() + ((ulong)vcpu + 1) * StackSize;

        private static ulong* s_sp;                      // per vCPU: its SP while parked, 0 otherwise

        /// <summary>Once, on vCPU 0 before any other vCPU runs: the per-vCPU table and the stop interrupt's handler.</summary>
        internal static void Initialize(ulong* spTable)
        {
            s_sp = spTable;
            Interrupts.Register(StopSgi, &OnStopRequest);
        }

        /// <summary>The calling vCPU runs managed code from now on: it takes part in every collection.</summary>
        internal static void Register(int vcpu)
        {
            Interrupts.Enable(StopSgi);
            ulong state = Lock(); // not while a collection runs: it would not wait for this vCPU
            ulong active;
            do active = Volatile.Read(ref s_active); while (CompareAndSwap((ulong*)Unsafe.AsPointer(ref s_active), active, active | (1UL << vcpu)) == 0);
            Unlock(state);
            Cpu.EnableInterrupts();
        }

        internal static ulong Lock()
        {
            ulong state = IrqSave();
            ulong* lockWord = (ulong*)Unsafe.AsPointer(ref s_lock);
            while (CompareAndSwap(lockWord, 0, 1) == 0)
                if (Volatile.Read(ref s_collecting) != 0) CallSpilled(&Park, 0);
                else SpinPause();
            return state;
        }

        internal static void Unlock(ulong state)
        {
            Cpu.MemoryBarrier();
            Volatile.Write(ref s_lock, 0);
            IrqRestore(state);
        }

        private static void OnStopRequest(uint intId)
        {
            if (Volatile.Read(ref s_collecting) != 0) CallSpilled(&Park, 0);
        }

        private static void Park(ulong sp, ulong unused)
        {
            int me = GuestRuntime.CurrentVcpu;
            Cpu.MemoryBarrier();                         // this stack's contents before the SP that exposes them
            Volatile.Write(ref s_sp[me], sp);
            while (Volatile.Read(ref s_collecting) != 0) SpinPause();
            Volatile.Write(ref s_sp[me], 0);
            Cpu.MemoryBarrier();
        }

        /// <summary>Stops every other registered vCPU (the lock is held); returns when all are parked.</summary>
        internal static void StopOthers(int me)
        {
            Volatile.Write(ref s_collecting, 1);
            Cpu.MemoryBarrier();
            ulong others = Volatile.Read(ref s_active) & ~(1UL << me);
            for (int v = 0; v < MaxVcpus; v++)
                if ((others & (1UL << v)) != 0) Interrupts.SendToVcpu(StopSgi, v);
            ulong deadline = Cpu.ReadCounter() + StopTimeoutMs * (Cpu.CounterFrequency() / 1000);
            for (int v = 0; v < MaxVcpus; v++)
            {
                if ((others & (1UL << v)) == 0) continue;
                while (Volatile.Read(ref s_sp[v]) == 0)
                {
                    SpinPause();
                    if (Cpu.ReadCounter() > deadline)
                    {
                        Volatile.Write(ref s_collecting, 0);
                        RuntimeFailure.Fatal("GC: a vCPU did not stop for a collection (interrupts masked too long?)", (ulong)v);
                    }
                }
            }
            Cpu.MemoryBarrier();                         // the parked stacks' contents after their SPs
        }

        /// <summary>Lets the parked vCPUs go and waits until each has left its park (cleared its SP).</summary>
        internal static void ResumeOthers(int me)
        {
            Cpu.MemoryBarrier();                         // the heap's new state before the release
            Volatile.Write(ref s_collecting, 0);
            for (int v = 0; v < MaxVcpus; v++)
                if (v != me) while (Volatile.Read(ref s_sp[v]) != 0) SpinPause();
        }

        /// <summary>vCPUs whose stacks hold roots in this collection: the registered ones.</summary>
        internal static ulong Active => Volatile.Read(ref s_active);

        /// <summary>A parked vCPU's SP (0: not parked).</summary>
        internal static ulong ParkedSp(int vcpu) => Volatile.Read(ref s_sp[vcpu]);
    }
}
