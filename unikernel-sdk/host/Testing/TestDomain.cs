using System;
using System.Collections.Generic;
using Bulkhead.Guest;

namespace Bulkhead.Host.Testing
{
    /// <summary>
    /// The domain a unit test runs service code in: a FakeClock, the console captured as lines,
    /// heartbeats counted, links to the test, and power-off/stop/faults reported instead of ending the
    /// test process. One at a time (the guest API is static): turn off xunit's parallel runs.
    /// <code>
    /// using var domain = TestDomain.Start("sensor");
    /// var end = domain.Run(Program.Main, forMs: 5000);   // until it powers off, or 5 s of fake time
    /// </code>
    /// </summary>
    public sealed unsafe class TestDomain : IDisposable
    {
        /// <summary>The doorbell a domain's incoming channel k of a test link gets (so OnDoorbell works in tests).</summary>
        public const uint FirstDoorbell = 100;

        public FakeClock Clock { get; } = new();
        /// <summary>The console lines, without the `[name] ` prefix.</summary>
        public List<string> Lines { get; } = new();
        /// <summary>How the domain ended (null while it runs).</summary>
        public DomainEnd? Ended { get; private set; }
        /// <summary>The `host:` reason (fatal error, fault, restart request), if any.</summary>
        public string Why { get; private set; }
        public long Heartbeats => System.Threading.Interlocked.Read(ref HostRuntime.Heartbeats);

        private TestDomain() { }

        public static TestDomain Start(string name = "test", int vcpus = 1)
        {
            var d = new TestDomain();
            HostEvents.Reset();
            Interrupts.Reset();
            Time.Reset();
            HostEvents.CurrentVcpu = 0;
            HostRuntime.Heartbeats = 0;
            HostRuntime.LastHeartbeatTicks = 0;
            HostRuntime.DomainName = name;
            HostRuntime.VcpuCount = vcpus;
            HostRuntime.Clock = d.Clock;
            HostRuntime.Channels = new HostChannelTable();
            string prefix = string.Concat("[", name, "] ");
            HostRuntime.ConsoleLine = line => d.Lines.Add(line.StartsWith(prefix, StringComparison.Ordinal) ? line.Substring(prefix.Length) : line);
            HostRuntime.End = (end, why) =>
            {
                d.Ended = end;
                d.Why = why;
                throw new DomainExit(end, why);
            };
            return d;
        }

        /// <summary>
        /// Link <paramref name="link"/> between the domain (its Connection.Open(link, ...) end, the
        /// link's first domain) and the test: the Connection returned is the test's end.
        /// </summary>
        public Connection Link(int link, ulong size = 4096)
        {
            int outIndex = 2 * link, inIndex = 2 * link + 1;
            var toTest = HostChannel.InMemory(outIndex, size, FirstDoorbell + (uint)outIndex, isWriter: true, HostChannelTable.Allocate(size));
            var fromTest = HostChannel.InMemory(inIndex, size, FirstDoorbell + (uint)inIndex, isWriter: false, HostChannelTable.Allocate(size));
            HostRuntime.Channels.Add(toTest);
            HostRuntime.Channels.Add(fromTest);
            InMemoryLink.Connect(fromTest, toTest, out Connection test);
            return test;
        }

        /// <summary>
        /// Runs <paramref name="main"/> (the service's Program.Main) until the domain ends or the fake
        /// clock would pass <paramref name="forMs"/> more milliseconds; returns how it ended
        /// (<see cref="DomainEnd.StillRunning"/> when time was up first).
        /// </summary>
        public DomainEnd Run(Action main, ulong forMs)
        {
            Clock.StopAt = Clock.Ticks + forMs * 1000;
            try
            {
                main();
                while (true) Interrupts.WaitForInterrupt();
            }
            catch (DomainExit e)
            {
                Ended ??= e.End;
                Why ??= e.Why;
                return e.End;
            }
            finally { Clock.StopAt = ulong.MaxValue; }
        }

        public void Dispose()
        {
            HostEvents.Reset();
            HostRuntime.Clock = new SystemClock();
            HostRuntime.Channels = HostChannelTable.Empty;
        }
    }
}
