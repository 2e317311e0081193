using Bulkhead.Guest.Net;

namespace Bulkhead.Guest
{
    /// <summary>
    /// The host's stand-in for the guest's NetworkInterface (same members), one end of a
    /// <see cref="Bulkhead.Tests.NetWire"/>. Time is the wire's virtual clock: waiting lets the other
    /// side run (its responder) and then advances the clock, so the tests run on one thread,
    /// deterministically.
    /// </summary>
    public unsafe struct NetworkInterface
    {
        public ulong Mac;
        internal Bulkhead.Tests.NetWire Wire;
        internal int Side;

        public bool Transmit(byte* frame, uint length)
        {
            if (length > NetLayout.MaxFrame) return false;
            Wire.Deliver(1 - Side, new Span<byte>(frame, (int)length).ToArray());
            return true;
        }

        public bool TryReceive(byte* buffer, uint capacity, out uint length)
        {
            length = 0;
            if (!Wire.TryTake(Side, out var frame)) return false;
            length = (uint)frame.Reported;
            // Copy what the buffer holds of the whole array, even past the reported length: a
            // hostile-frame test puts a valid packet's tail there, which the stack must never use.
            int n = Math.Min((int)capacity, frame.Bytes.Length);
            frame.Bytes.AsSpan(0, n).CopyTo(new Span<byte>(buffer, n));
            return true;
        }

        public bool WaitForFrame(ulong timeoutMs)
        {
            Wire.Waits[Side]++;
            if (Wire.HasFrame(Side)) return true;
            Wire.Responders[1 - Side]?.Invoke();
            if (Wire.HasFrame(Side)) return true;
            Wire.NowMs += timeoutMs;
            return Wire.HasFrame(Side);
        }

        public ulong NowMs => Wire.NowMs;
    }
}

namespace Bulkhead.Tests
{
    /// <summary>An in-memory Ethernet segment between two sides (0 and 1), logging every frame sent.</summary>
    public sealed class NetWire
    {
        public readonly record struct Frame(byte[] Bytes, int Reported);

        private readonly Queue<Frame>[] _inbox = [new(), new()];
        /// <summary>Frames each side sent, in order.</summary>
        public readonly List<byte[]>[] Sent = [[], []];
        /// <summary>What runs on the other side while a side waits (usually its stack's Poll).</summary>
        public readonly Action?[] Responders = new Action?[2];
        public readonly int[] Waits = new int[2];
        public ulong NowMs = 1000;

        public Bulkhead.Guest.NetworkInterface End(int side, ulong mac) => new() { Mac = mac, Wire = this, Side = side };

        public void Deliver(int toSide, byte[] frame)
        {
            Sent[1 - toSide].Add(frame);
            _inbox[toSide].Enqueue(new Frame(frame, frame.Length));
        }

        /// <summary>Puts a frame in front of <paramref name="side"/> as if received: <paramref name="reported"/> bytes long, with <paramref name="bytes"/> beyond that still in the buffer.</summary>
        public void Inject(int side, byte[] bytes, int reported) => _inbox[side].Enqueue(new Frame(bytes, reported));

        public void Inject(int side, byte[] bytes) => Inject(side, bytes, bytes.Length);

        public bool HasFrame(int side) => _inbox[side].Count != 0;

        public bool TryTake(int side, out Frame frame) => _inbox[side].TryDequeue(out frame);

        /// <summary>Frames <paramref name="side"/> sent since the last call.</summary>
        public List<byte[]> DrainSent(int side)
        {
            var frames = new List<byte[]>(Sent[side]);
            Sent[side].Clear();
            return frames;
        }

        public void Clear()
        {
            _inbox[0].Clear();
            _inbox[1].Clear();
        }
    }
}
