using System.Numerics;
using Bulkhead.Core.Time;
using Xunit;

namespace Bulkhead.Tests.Core;

/// <summary>Counter ticks and nanoseconds, exact for frequencies that are not whole MHz, without overflow for a century.</summary>
public class CounterClockTests
{
    private const ulong NsPerSecond = 1_000_000_000;
    private const ulong CenturySeconds = 36525UL * 86400; // 100 Julian years
    private const ulong CenturyNs = CenturySeconds * NsPerSecond;

    public static TheoryData<ulong> Frequencies() => new() { 19_200_000, 62_500_000, 99_990_000, 1_000_000_000, 2_400_000_000 };

    private static IEnumerable<ulong> Samples(ulong limit)
    {
        var random = new Random(1234);
        foreach (ulong v in new ulong[] { 0, 1, 2, 999, 1000, 19_199_999, 19_200_000, 62_499_999, 99_989_999, 99_990_001, NsPerSecond - 1, NsPerSecond, NsPerSecond + 1 })
            if (v <= limit) yield return v;
        for (int i = 0; i < 20000; i++) yield return (ulong)random.NextInt64(0, long.MaxValue) % (limit + 1);
        yield return limit;
        yield return limit - 1;
    }

    private static ulong HundredYearsOfTicks(ulong hz) => CenturySeconds * hz;

    [Theory]
    [MemberData(nameof(Frequencies))]
    public void OneSecondOfTicksIsOneSecond(ulong hz)
    {
        Assert.Equal(NsPerSecond, CounterClock.ToNanoseconds(hz, hz));
        Assert.Equal(hz, CounterClock.ToTicks(NsPerSecond, hz));
        Assert.Equal(60 * NsPerSecond, CounterClock.ToNanoseconds(60 * hz, hz));
    }

    [Theory]
    [MemberData(nameof(Frequencies))]
    public void TicksToNanosecondsIsTheExactFloorForACentury(ulong hz)
    {
        ulong limit = HundredYearsOfTicks(hz);
        foreach (ulong ticks in Samples(limit))
            Assert.Equal((ulong)(new BigInteger(ticks) * NsPerSecond / hz), CounterClock.ToNanoseconds(ticks, hz));
    }

    [Theory]
    [MemberData(nameof(Frequencies))]
    public void NanosecondsToTicksIsTheExactCeilingForACentury(ulong hz)
    {
        ulong limit = CenturyNs;
        foreach (ulong ns in Samples(limit))
        {
            var exact = (new BigInteger(ns) * hz + NsPerSecond - 1) / NsPerSecond;
            Assert.Equal((ulong)exact, CounterClock.ToTicks(ns, hz));
        }
    }

    [Theory]
    [MemberData(nameof(Frequencies))]
    public void RoundTripsLoseNothingThatTheCounterCanTell(ulong hz)
    {
        foreach (ulong ticks in Samples(HundredYearsOfTicks(hz)))
        {
            ulong back = CounterClock.ToTicks(CounterClock.ToNanoseconds(ticks, hz), hz);
            if (hz <= NsPerSecond) Assert.Equal(ticks, back);                  // every tick is at least a nanosecond
            else Assert.True(back <= ticks && ticks - back < hz / NsPerSecond + 1, $"{ticks} -> {back}");
        }
        foreach (ulong ns in Samples(CenturyNs))
        {
            ulong back = CounterClock.ToNanoseconds(CounterClock.ToTicks(ns, hz), hz);
            if (hz >= NsPerSecond) Assert.Equal(ns, back);                     // every nanosecond is at least a tick
            else Assert.True(back >= ns && back - ns < NsPerSecond / hz + 1, $"{ns} -> {back}");
        }
    }

    [Fact]
    public void ADeadlineIsNeverReachedEarly()
    {
        // the first counter value at or after the deadline, converted back, is not before it
        foreach (ulong hz in new ulong[] { 19_200_000, 99_990_000, 2_400_000_000 })
            foreach (ulong ns in Samples(CenturyNs).Take(2000))
                Assert.True(CounterClock.ToNanoseconds(CounterClock.ToTicks(ns, hz), hz) >= ns);
    }
}
