namespace Bulkhead.Cli.Ctl;

/// <summary>
/// Request counters: the current Unix time in microseconds, or last+1 when the clock did not move,
/// so separate `bulkhead ctl` invocations keep increasing (the server refuses a seq not above the
/// last one it accepted).
/// </summary>
public sealed class MgmtSequence(Func<ulong>? clock = null)
{
    private readonly Func<ulong> _clock = clock ?? (() => (ulong)((DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10));
    private ulong _last;

    public ulong Next()
    {
        lock (this)
        {
            ulong now = _clock();
            _last = now > _last ? now : _last + 1;
            return _last;
        }
    }
}
