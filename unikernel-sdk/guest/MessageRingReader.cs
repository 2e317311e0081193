namespace Bulkhead.Guest
{
    /// <summary>
    /// Receives messages from a ring on a channel this domain reads (docs/channels.md): in place
    /// (TryPeek/Release), copied (TryReceive), or sleeping until one arrives (WaitForMessage:
    /// WFI on the doorbell, the writer rings only because the reader set its waiting flag).
    /// </summary>
    public unsafe struct MessageRingReader
    {
        /// <summary>
        /// A waiting reader looks at the ring again at least this often, whatever the doorbell did:
        /// a ring refused by `doorbell_limit` (or a channel without a doorbell) costs latency, never a hang.
        /// </summary>
        public const ulong RecheckMs = 10;

        private RingConsumer _ring;

        /// <summary>
        /// The reader of the ring on <paramref name="data"/> (a channel this domain reads), keeping
        /// its consumer line in <paramref name="control"/>, a channel this domain writes: the one
        /// flowing back (a duplex link) or <paramref name="data"/> itself when it is `kind: shared`.
        /// Enables the doorbell on the calling vCPU: call it on the vCPU that waits.
        /// </summary>
        public static bool Open(Channel data, Channel control, out MessageRingReader reader)
        {
            reader = default;
            if (data.IsWriter || data.Size <= RingLayout.DataOffset) return false;
            reader._ring = RingConsumer.Create((byte*)(data.Base + RingLayout.ProducerLine), (byte*)(control.Base + RingLayout.ConsumerLine),
                (byte*)(data.Base + RingLayout.DataOffset), data.Size - RingLayout.DataOffset);
            if (data.Doorbell != 0)
            {
                // The doorbell's only job is to end a WFI; there is nothing to do in the handler.
                Interrupts.Register(data.Doorbell, &OnDoorbell);
                Interrupts.Enable(data.Doorbell);
            }
            return true;
        }

        /// <summary>The ring held something the protocol never writes (bad index, length or sequence): nothing more is received.</summary>
        public bool Broken => _ring.Broken;
        /// <summary>Sequence number the next message carries.</summary>
        public uint ExpectedSequence => _ring.ExpectedSequence;
        /// <summary>True when a message is waiting.</summary>
        public bool HasMessage => _ring.Available != 0;

        /// <summary>The oldest message in place (zero-copy); <see cref="Release"/> it when done.</summary>
        public bool TryPeek(out RingMessage message) => _ring.TryPeek(out message);

        /// <summary>Gives the peeked message's space back to the writer.</summary>
        public void Release() => _ring.Release();

        /// <summary>
        /// Copies the oldest message into <paramref name="buffer"/> (at most <paramref name="capacity"/>
        /// bytes; a longer one is cut) and releases it. <paramref name="length"/>: its full length.
        /// </summary>
        public bool TryReceive(byte* buffer, uint capacity, out uint length) => _ring.TryRead(buffer, capacity, out length, out _);

        /// <summary>
        /// The oldest message as a struct: its first sizeof(T) bytes (a shorter message leaves the
        /// rest zero). False when the ring is empty.
        /// </summary>
        public bool TryReceive<T>(out T value) where T : unmanaged
        {
            value = default;
            fixed (T* p = &value) return _ring.TryRead((byte*)p, (uint)sizeof(T), out _, out _);
        }

        /// <summary>Sleeps until a message is there. False only when the ring is broken.</summary>
        public bool WaitForMessage() => Wait(0);

        /// <summary>Sleeps until a message is there or <paramref name="timeoutMs"/> passed. False on timeout (or a broken ring).</summary>
        public bool WaitForMessage(ulong timeoutMs) => Wait(Time.Ticks + timeoutMs * (Time.Frequency / 1000) + 1);

        private bool Wait(ulong deadline)
        {
            ulong recheck = RecheckMs * (Time.Frequency / 1000);
            while (true)
            {
                if (_ring.Available != 0) return true;
                if (_ring.Broken) return false;
                ulong now = Time.Ticks;
                if (deadline != 0 && now >= deadline) return false;
                RingIdle.Enter();
                if (_ring.PrepareToWait())
                {
                    ulong wake = now + recheck;
                    RingIdle.Sleep(deadline != 0 && deadline < wake ? deadline : wake);
                    _ring.DoneWaiting();
                }
                RingIdle.Leave();
            }
        }

        /// <summary>
        /// For a reader that sleeps on several rings at once (the network driver domain), with
        /// interrupts masked around it: sets the waiting flag, then looks again. True: nothing came,
        /// the writer will ring from now on; false: a message is there (flag cleared), do not sleep.
        /// Call <see cref="DoneWaiting"/> after waking.
        /// </summary>
        public bool PrepareToWait() => _ring.PrepareToWait();

        /// <summary>After waking: the writer need not ring any more.</summary>
        public void DoneWaiting() => _ring.DoneWaiting();

        private static void OnDoorbell(uint intId) { }
    }
}
