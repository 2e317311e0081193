// A telemetry service in the rich profile (profile: rich; docs/sdk.md, "A rich service"), written as
// an ordinary C# developer writes one: records and classes, a List and a Dictionary, interpolated
// strings with doubles, a try/catch around parsing, a lambda on a timer. Every 100 ms it parses a
// batch of sensor lines (some malformed), keeps statistics per sensor and prints a summary; every
// fifth round it forces a collection and prints the heap, which stays flat; after Rounds rounds it
// powers off. The same lines come out under `bulkhead run` and `bulkhead run --host` (dotnet run),
// except the lines starting with '~' (measurements: heap bytes), by the rule of
// tests/Bulkhead.Tests/RichDifferentialTests.cs.
using System;
using System.Collections.Generic;
using Bulkhead.Guest;
using Console = Bulkhead.Guest.Console;   // not System.Console when this runs on the host

public static class Program
{
    private const int Rounds = 30;
    private const int BatchSize = 24;
    private const int Window = 64;

    public static void Main()
    {
        Console.WriteLine($"telemetry-rich up on {Domain.Name}: {Rounds} rounds of {BatchSize} readings");
        var service = new TelemetryService(Window);
        var source = new SensorFeed(seed: 17);
        int round = 0;
        long firstHeap = 0, largestHeap = 0;

        Time.Every(100, () =>
        {
            round++;
            var batch = source.NextBatch(BatchSize);
            var report = service.Ingest(batch);
            Console.WriteLine($"round {round}: {report.Accepted} accepted, {report.Rejected} rejected ({report.FirstError}), window {service.WindowCount}");
            if (round % 5 == 0)
            {
                foreach (var line in service.Summary()) Console.WriteLine("  " + line);
                long heap = GC.GetTotalMemory(forceFullCollection: true);
                if (firstHeap == 0) firstHeap = heap;
                largestHeap = Math.Max(largestHeap, heap);
                Console.WriteLine($"~ heap: {heap} bytes after a collection");
            }
            if (round == Rounds)
            {
                // Flat: everything allocated per round is garbage by the next, so the live heap after
                // a collection stays near the first measurement (the window is bounded).
                bool flat = largestHeap <= firstHeap * 2 + 64 * 1024;
                Console.WriteLine($"heap flat: {(flat ? "yes" : "no")}");
                Console.WriteLine("telemetry-rich done");
                Domain.PowerOff();
            }
        });
        while (true) Interrupts.WaitForInterrupt();
    }
}

/// <summary>One parsed measurement.</summary>
public sealed record Reading(int Id, string Sensor, double Value);

/// <summary>What one batch did.</summary>
public readonly record struct BatchReport(int Accepted, int Rejected, string FirstError);

/// <summary>Running statistics of one sensor.</summary>
public sealed class SensorStats
{
    public int Count { get; private set; }
    public double Min { get; private set; } = double.MaxValue;
    public double Max { get; private set; } = double.MinValue;
    private double _sum, _sumOfSquares;

    public void Add(double value)
    {
        Count++;
        _sum += value;
        _sumOfSquares += value * value;
        Min = Math.Min(Min, value);
        Max = Math.Max(Max, value);
    }

    public double Mean => Count == 0 ? 0 : _sum / Count;
    public double StdDev => Count < 2 ? 0 : Math.Sqrt(Math.Max(0, _sumOfSquares / Count - Mean * Mean));
}

/// <summary>Parses lines like "id=12;sensor=temp;value=21.25" and keeps a bounded window plus statistics.</summary>
public sealed class TelemetryService
{
    private readonly List<Reading> _window = new();
    private readonly Dictionary<string, SensorStats> _stats = new();
    private readonly List<string> _sensorOrder = new();   // first-seen order: the summary prints the same everywhere
    private readonly int _capacity;

    public TelemetryService(int capacity) => _capacity = capacity;

    public int WindowCount => _window.Count;

    public BatchReport Ingest(List<string> lines)
    {
        int accepted = 0, rejected = 0;
        string firstError = "none";
        foreach (var line in lines)
        {
            try
            {
                var reading = Parse(line);
                Remember(reading);
                accepted++;
            }
            catch (FormatException)
            {
                if (rejected == 0) firstError = $"bad line '{line}'";
                rejected++;
            }
        }
        return new BatchReport(accepted, rejected, firstError);
    }

    public List<string> Summary()
    {
        var lines = new List<string>();
        foreach (var name in _sensorOrder)
        {
            var s = _stats[name];
            lines.Add($"{name}: n={s.Count} mean={s.Mean:F2} min={s.Min} max={s.Max} sd={s.StdDev:F3}");
        }
        return lines;
    }

    private void Remember(Reading reading)
    {
        if (_window.Count == _capacity) _window.RemoveAt(0);
        _window.Add(reading);
        if (!_stats.TryGetValue(reading.Sensor, out var stats))
        {
            stats = new SensorStats();
            _stats[reading.Sensor] = stats;
            _sensorOrder.Add(reading.Sensor);
        }
        stats.Add(reading.Value);
    }

    private static Reading Parse(string line)
    {
        var fields = line.Split(';');
        if (fields.Length != 3) throw new FormatException($"expected 3 fields, got {fields.Length}");
        int id = int.Parse(Field(fields[0], "id"));
        string sensor = Field(fields[1], "sensor");
        double value = double.Parse(Field(fields[2], "value"));
        return new Reading(id, sensor, value);
    }

    private static string Field(string text, string key)
    {
        int eq = text.IndexOf('=');
        if (eq < 0 || text.Substring(0, eq) != key) throw new FormatException($"expected '{key}=' in '{text}'");
        return text.Substring(eq + 1);
    }
}

/// <summary>A deterministic stand-in for a bus: the same lines on every run and on every platform.</summary>
public sealed class SensorFeed
{
    private static readonly string[] Sensors = { "temp", "pressure", "humidity" };
    private uint _state;
    private int _next;

    public SensorFeed(uint seed) => _state = seed;

    public List<string> NextBatch(int count)
    {
        var lines = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            uint r = NextRandom();
            string sensor = Sensors[r % 3];
            double value = sensor switch
            {
                "temp" => 18 + (r >> 8) % 800 / 100.0,
                "pressure" => 990 + (r >> 8) % 4000 / 100.0,
                _ => 30 + (r >> 8) % 5000 / 125.0,
            };
            // One line in eleven is broken the way real inputs break: a missing value, a bad number.
            string text = ((r >> 4) % 11) switch
            {
                0 => $"id={_next};sensor={sensor};value=n/a",
                1 => $"id=#{_next};sensor={sensor};value={value}",
                _ => $"id={_next};sensor={sensor};value={value}",
            };
            lines.Add(text);
            _next++;
        }
        return lines;
    }

    private uint NextRandom()
    {
        _state = _state * 1664525 + 1013904223;   // Numerical Recipes' LCG: plain uint arithmetic
        return _state >> 1;
    }
}
