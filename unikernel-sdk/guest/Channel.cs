using Bulkhead.Core.Abi;
using Bulkhead.Guest.Platform;

namespace Bulkhead.Guest
{
    /// <summary>
    /// A channel between domains (system.yaml `channels:`): memory shared with other domains —
    /// read-write for its writer, read-only for readers of a one-way channel — and a doorbell
    /// interrupt the writer rings in the reader. Channels are numbered in system-file order.
    /// </summary>
    public unsafe struct Channel
    {
        public int Index;
        /// <summary>Address of the shared memory (identity-mapped: also the guest address).</summary>
        public ulong Base;
        public ulong Size;
        /// <summary>The doorbell's interrupt number (0 when the channel has none).</summary>
        public uint Doorbell;
        public bool IsWriter;

        /// <summary>Describes channel <paramref name="index"/>; false when this domain is neither its writer nor a reader.</summary>
        public static bool Open(int index, out Channel channel)
        {
            channel = default;
            if (Cpu.Hypercall(Hypercall.ChannelInfo, (ulong)index, 0, 0, out var r) != HypercallStatus.Success) return false;
            channel.Index = index;
            channel.Base = r.R1;
            channel.Size = r.R2;
            channel.Doorbell = (uint)r.R3;
            channel.IsWriter = (r.R3 >> 32) == Hypercall.RoleWriter;
            return true;
        }

        /// <summary>
        /// Rings the doorbell in the reader (the writer's side). False when the channel has no
        /// doorbell or the ring is over the channel's `doorbell_limit` (rings per second, from the
        /// system file): the reader was not interrupted; ring again later.
        /// </summary>
        public bool Notify() => Cpu.Hypercall(Hypercall.ChannelNotify, (ulong)Index, 0, 0, out _) == HypercallStatus.Success;

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
