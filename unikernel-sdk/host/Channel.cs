using System;
using System.Threading;
using Bulkhead.Host;

namespace Bulkhead.Guest
{
    /// <summary>
    /// Host mode: a channel is memory shared with the other processes of the system (a memory-mapped
    /// file the runner creates; read-only for the reader of a one-way channel), and a doorbell counter
    /// the writer increments and the reader's event thread watches. `doorbell_limit` is not enforced.
    /// </summary>
    public unsafe struct Channel
    {
        public int Index;
        /// <summary>Address of the shared memory in this process.</summary>
        public ulong Base;
        public ulong Size;
        /// <summary>The doorbell's interrupt number (0 when the channel has none).</summary>
        public uint Doorbell;
        public bool IsWriter;

        /// <summary>Describes channel <paramref name="index"/>; false when this domain is neither its writer nor a reader.</summary>
        public static bool Open(int index, out Channel channel)
        {
            channel = default;
            if (!HostRuntime.Channels.TryGet(index, out HostChannel c)) return false;
            channel.Index = index;
            channel.Base = (ulong)c.Base;
            channel.Size = c.Size;
            channel.Doorbell = c.Doorbell;
            channel.IsWriter = c.IsWriter;
            return true;
        }

        /// <summary>
        /// Rings the doorbell in the reader (the writer's side). False when the channel has no
        /// doorbell (host mode does not apply `doorbell_limit`).
        /// </summary>
        public bool Notify()
        {
            if (Doorbell == 0 || !IsWriter) return false;
            Interlocked.Increment(ref *(long*)(Base + Size));
            return true;
        }

        /// <summary>Calls <paramref name="handler"/> whenever the writer rings (the reader's side).</summary>
        public void OnDoorbell(delegate*<uint, void> handler)
        {
            Interrupts.Register(Doorbell, handler);
            Interrupts.Enable(Doorbell);
            Interrupts.EnableOnThisCpu();
        }

        public ulong Read64(ulong offset) => System.Threading.Volatile.Read(ref *(ulong*)(Base + offset));
        public void Write64(ulong offset, ulong value) => System.Threading.Volatile.Write(ref *(ulong*)(Base + offset), value);
    }
}
