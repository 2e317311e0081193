using Xunit;
using Bulkhead.Core.Partition;

namespace Bulkhead.Tests;

/// <summary>The rate limit behind the per-domain console budget.</summary>
public class TokenBucketTests
{
    [Fact]
    public void StartsFullAndRefusesBeyondTheBurst()
    {
        var bucket = new TokenBucket();
        Assert.True(bucket.TryTake(600, 0, capacity: 1000, perSecond: 100));
        Assert.True(bucket.TryTake(400, 0, 1000, 100));
        Assert.False(bucket.TryTake(1, 0, 1000, 100));
    }

    [Fact]
    public void RefillsAtTheRateAndNeverAboveTheCapacity()
    {
        var bucket = new TokenBucket();
        Assert.True(bucket.TryTake(1000, 0, 1000, 100));
        Assert.False(bucket.TryTake(11, 100_000_000, 1000, 100));   // 0.1 s: 10 units back
        Assert.True(bucket.TryTake(10, 100_000_000, 1000, 100));
        Assert.False(bucket.TryTake(1, 100_000_000, 1000, 100));
        Assert.True(bucket.TryTake(1000, 30_000_000_000, 1000, 100)); // long idle: full, not more
        Assert.False(bucket.TryTake(1, 30_000_000_000, 1000, 100));
    }

    [Fact]
    public void ShortGapsAccumulateInsteadOfRoundingToNothing()
    {
        var bucket = new TokenBucket();
        Assert.True(bucket.TryTake(1000, 0, 1000, 100));
        // 100 calls 1 ms apart: each alone refills 0.1 units; together 10.
        for (ulong ms = 1; ms <= 100; ms++) bucket.TryTake(1000, ms * 1_000_000, 1000, 100);
        Assert.True(bucket.TryTake(10, 100_000_000, 1000, 100));
    }

    [Fact]
    public void AFloodingTakerGetsTheRateAndNoMore()
    {
        var bucket = new TokenBucket();
        ulong taken = 0;
        for (ulong t = 0; t < 10_000_000_000; t += 1_000_000)       // 10 s, a try every ms
            if (bucket.TryTake(50, t, 8192, 4096)) taken += 50;
        Assert.InRange(taken, 8192UL + 9 * 4096 - 100, 8192UL + 10 * 4096 + 100);
    }
}
