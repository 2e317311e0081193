using Bulkhead.Guest;

namespace Bulkhead.Host.Testing
{
    /// <summary>
    /// A duplex link in this process's memory, for unit tests: the same two one-way channels and the
    /// same ring code as between two domains, so what one Connection sends the other receives.
    /// </summary>
    public static unsafe class InMemoryLink
    {
        /// <summary>Two connected ends; <paramref name="size"/> is each direction's channel size.</summary>
        public static void Create(out Connection first, out Connection second, ulong size = 4096)
        {
            var ab = HostChannel.InMemory(0, size, 0, isWriter: true, HostChannelTable.Allocate(size));
            var ba = HostChannel.InMemory(1, size, 0, isWriter: true, HostChannelTable.Allocate(size));
            Connect(ab, ba, out first);
            Connect(ba, ab, out second);
        }

        /// <summary>The Connection of the end that writes <paramref name="outgoing"/> and reads <paramref name="incoming"/>.</summary>
        public static void Connect(HostChannel outgoing, HostChannel incoming, out Connection connection)
        {
            if (!Connection.Open(View(outgoing, writer: true), View(incoming, writer: false), out connection))
                throw new System.InvalidOperationException("the channels are too small for a ring (more than 128 bytes each)");
        }

        /// <summary>A Channel struct over the memory, as one end sees it.</summary>
        public static Channel View(HostChannel c, bool writer) =>
            new() { Index = c.Index, Base = (ulong)c.Base, Size = c.Size, Doorbell = c.Doorbell, IsWriter = writer };
    }
}
