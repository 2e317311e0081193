using Bulkhead.Guest;

/// <summary>
/// A token bucket per client: <c>rate</c> frames per second on average, bursts of up to a tenth of a
/// second's worth (at least one frame). Tokens are counted in counter ticks so refilling needs no
/// division per frame: one frame costs <c>Time.Frequency</c> units, a tick adds <c>rate</c>.
/// </summary>
public struct RateLimiter
{
    private ulong _units;
    private ulong _capacity;
    private ulong _cost;
    private ulong _rate;
    private ulong _lastTick;

    public static RateLimiter Create(uint framesPerSecond)
    {
        RateLimiter r = default;
        r._rate = framesPerSecond == 0 ? 1 : framesPerSecond;
        r._cost = Time.Frequency;
        ulong burst = r._rate / 10;
        if (burst < 1) burst = 1;
        r._capacity = burst * r._cost;
        r._units = r._capacity;
        r._lastTick = Time.Ticks;
        return r;
    }

    /// <summary>A frame may go now (refills first); <see cref="Take"/> once it went.</summary>
    public bool HasToken(ulong now)
    {
        if (now > _lastTick)
        {
            ulong elapsed = now - _lastTick;
            _lastTick = now;
            // Saturate instead of overflowing after a long idle time.
            ulong add = elapsed > _capacity / _rate ? _capacity : elapsed * _rate;
            _units = add > _capacity - _units ? _capacity : _units + add;
        }
        return _units >= _cost;
    }

    /// <summary>Spends the token <see cref="HasToken"/> found.</summary>
    public void Take()
    {
        if (_units >= _cost) _units -= _cost;
    }

    /// <summary>Takes one frame's token; false when the client is over its rate.</summary>
    public bool TryTake(ulong now)
    {
        if (!HasToken(now)) return false;
        Take();
        return true;
    }
}
