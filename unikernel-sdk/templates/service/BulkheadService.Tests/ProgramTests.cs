// Unit tests of BULKHEAD_SERVICE_NAME on the host (docs/host-mode.md): Program.Main() runs in a
// TestDomain whose clock moves only as the service waits (FakeClock), its console captured as lines.
using Bulkhead.Guest;
using Bulkhead.Host;
using Bulkhead.Host.Testing;

// The SDK's API is static, like the domain it stands for: one test domain at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

public class ProgramTests
{
    [Fact]
    public void Reports_every_tenth_tick_then_powers_off_after_the_last_round()
    {
        using var domain = TestDomain.Start("BULKHEAD_DOMAIN_NAME");

        DomainEnd end = domain.Run(Program.Main, forMs: 60_000);

        Assert.Equal(DomainEnd.PoweredOff, end);
        Assert.Equal(
            [
                "BULKHEAD_SERVICE_NAME up on BULKHEAD_DOMAIN_NAME, every 100 ms",
                "tick 10 at 1000 ms",
                "tick 20 at 2000 ms",
                "BULKHEAD_SERVICE_NAME done",
            ], domain.Lines);
        Assert.Equal(20, domain.Heartbeats);  // one per tick: the watchdog is fed
        Assert.Equal(2000UL, domain.Clock.Milliseconds);
    }

    [Fact]
    public void Keeps_running_until_the_last_round()
    {
        using var domain = TestDomain.Start();

        Assert.Equal(DomainEnd.StillRunning, domain.Run(Program.Main, forMs: 1999));
        Assert.Equal(19, domain.Heartbeats);
        Assert.DoesNotContain("BULKHEAD_SERVICE_NAME done", domain.Lines);
    }

    [Fact]
    public void Sends_each_report_on_link_0_when_the_system_has_one()
    {
        using var domain = TestDomain.Start();
        Connection monitor = domain.Link(0);   // the other end of the domain's link 0

        domain.Run(Program.Main, forMs: 60_000);

        Assert.True(monitor.In.TryReceive(out int first));
        Assert.Equal(10, first);
        Assert.True(monitor.In.TryReceive(out int second));
        Assert.Equal(20, second);
        Assert.False(monitor.In.HasMessage);
    }
}
