using Bulkhead.Guest;

/// <summary>One client of the bridge: its duplex link, the only source MAC it may use, its rate limiter and counters.</summary>
public struct ClientPort
{
    public Connection Link;
    public bool Open;
    public ulong Mac;
    public uint RateLimit;
    public RateLimiter Limiter;
    /// <summary>Frames taken from the client and forwarded (to the wire and/or other clients).</summary>
    public ulong Forwarded;
    /// <summary>Frames put into the client's ring.</summary>
    public ulong Delivered;
    /// <summary>Frames from the client with another source MAC than its own: dropped.</summary>
    public ulong Spoofed;
    /// <summary>Frames over the client's rate limit: dropped.</summary>
    public ulong RateLimited;
    /// <summary>Frames for the client dropped because its ring was full (it does not read, or it stopped).</summary>
    public ulong RingFull;
    /// <summary>Messages too short or too long to be a frame: dropped.</summary>
    public ulong Malformed;
    /// <summary>The client sent its end mark (an empty message: "no more from me") and nothing since.</summary>
    public bool Ended;
}
