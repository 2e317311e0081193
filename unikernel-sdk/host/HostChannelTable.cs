using System;
using System.Threading;
using System.Collections.Generic;
using System.IO;
using System.Globalization;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace Bulkhead.Host
{
    /// <summary>
    /// One channel as this domain sees it: memory shared with the other processes of the system
    /// (a memory-mapped file in the run directory, or plain memory in a test) and, just past it, a
    /// 64-bit doorbell counter the writer increments and the reader's event thread watches.
    /// </summary>
    public sealed unsafe class HostChannel
    {
        public required int Index { get; init; }
        public required byte* Base { get; init; }
        public required ulong Size { get; init; }
        public required uint Doorbell { get; init; }
        public required bool IsWriter { get; init; }
        /// <summary>The doorbell counter: 8 bytes at <see cref="Base"/> + <see cref="Size"/>.</summary>
        public long* DoorbellCounter => (long*)(Base + Size);
        internal long SeenRings;

        /// <summary>Bytes a channel's backing file or block holds: the channel, then one page for the doorbell counter.</summary>
        public static ulong BackingSize(ulong size) => size + 4096;

        /// <summary>A channel over zeroed memory of this process (tests: Testing.InMemoryLink).</summary>
        public static HostChannel InMemory(int index, ulong size, uint doorbell, bool isWriter, byte* memory) =>
            new() { Index = index, Base = memory, Size = size, Doorbell = doorbell, IsWriter = isWriter };
    }

    /// <summary>
    /// The channels this domain may open, by index (links first, as in the plan). The runner passes
    /// them as BULKHEAD_HOST_CHANNELS = `index:role:size:doorbell` entries separated by ';' (role w =
    /// writer, r = reader, s = a reader of a `kind: shared` channel, which may write it), each backed
    /// by `channel-&lt;index&gt;.mem` in the run directory.
    /// </summary>
    public sealed unsafe class HostChannelTable
    {
        public static HostChannelTable Empty => new();

        private readonly Dictionary<int, HostChannel> _channels = new();
        private readonly List<MemoryMappedFile> _files = new();   // kept open for the process's life

        public bool HasDoorbells { get; private set; }

        public static string FileName(int index) => string.Concat("channel-", index.ToString(CultureInfo.InvariantCulture), ".mem");

        public void Add(HostChannel channel)
        {
            lock (_channels) _channels[channel.Index] = channel;
            if (channel.Doorbell != 0 && !channel.IsWriter) HasDoorbells = true;
        }

        public bool TryGet(int index, out HostChannel channel)
        {
            lock (_channels) return _channels.TryGetValue(index, out channel!);
        }

        /// <summary>Doorbells of channels this domain reads that were rung since the last call.</summary>
        public List<uint> TakeRungDoorbells()
        {
            var rung = new List<uint>();
            if (!HasDoorbells) return rung;
            lock (_channels)
                foreach (var c in _channels.Values)
                {
                    if (c.IsWriter || c.Doorbell == 0) continue;
                    long rings = Volatile.Read(ref *c.DoorbellCounter);
                    if (rings != c.SeenRings) { c.SeenRings = rings; rung.Add(c.Doorbell); }
                }
            return rung;
        }

        public static HostChannelTable Parse(string? spec, string? runDirectory)
        {
            var table = new HostChannelTable();
            if (string.IsNullOrEmpty(spec)) return table;
            if (string.IsNullOrEmpty(runDirectory)) throw new InvalidOperationException($"{HostRuntime.ChannelsVariable} is set but {HostRuntime.RunDirectoryVariable} is not");
            foreach (string entry in spec.Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] f = entry.Split(':');
                if (f.Length != 4 || f[1] is not ("w" or "r" or "s"))
                    throw new InvalidOperationException($"{HostRuntime.ChannelsVariable}: '{entry}' is not index:role:size:doorbell");
                int index = int.Parse(f[0], CultureInfo.InvariantCulture);
                ulong size = ulong.Parse(f[2], CultureInfo.InvariantCulture);
                uint doorbell = uint.Parse(f[3], CultureInfo.InvariantCulture);
                // A reader of a one-way channel maps it read-only: a write faults, as under stage 2.
                bool writable = f[1] != "r";
                var file = MemoryMappedFile.CreateFromFile(Path.Combine(runDirectory, FileName(index)), FileMode.Open, null, 0,
                    writable ? MemoryMappedFileAccess.ReadWrite : MemoryMappedFileAccess.Read);
                var view = file.CreateViewAccessor(0, (long)HostChannel.BackingSize(size), writable ? MemoryMappedFileAccess.ReadWrite : MemoryMappedFileAccess.Read);
                byte* memory = null;
                view.SafeMemoryMappedViewHandle.AcquirePointer(ref memory);
                table._files.Add(file);
                table.Add(new HostChannel { Index = index, Base = memory + view.PointerOffset, Size = size, Doorbell = doorbell, IsWriter = f[1] == "w" });
            }
            return table;
        }

        /// <summary>Zeroed memory for an in-process channel (freed with the process).</summary>
        public static byte* Allocate(ulong size) => (byte*)NativeMemory.AlignedAlloc((nuint)HostChannel.BackingSize(size), 4096) is var p && p != null
            ? ClearAndReturn(p, size) : throw new OutOfMemoryException();

        private static byte* ClearAndReturn(void* p, ulong size)
        {
            NativeMemory.Clear(p, (nuint)HostChannel.BackingSize(size));
            return (byte*)p;
        }
    }
}
