// The benchmark guest. It prints "bench: <figure>=<value>" lines that `bulkhead bench` collects,
// once under the hypervisor and once natively (the same code at EL1 without a hypervisor).
// Under QEMU -icount shift=0,align=off,sleep=off every figure is exact and repeatable: one
// instruction is one nanosecond of virtual time.
using Bulkhead.Generated;
using Bulkhead.Guest;

public static unsafe class Program
{
    private const int Samples = 1000;
    private const uint ComputeIterations = 2000000;
    private static ulong* s_samples;
    private static int s_count;
    private static ulong s_deadline;
    private static volatile bool s_fired;

    public static void Main()
    {
        // Boot milestone: virtual time of this domain's first output.
        Console.WriteLine(string.Concat("bench: first-output-ns=", (Time.Ticks * (1000000000 / Time.Frequency)).ToString()));
        s_samples = (ulong*)Memory.AllocateZeroed((uint)(Samples * sizeof(ulong)));
        if (!GuestConfig.Native) HypercallRoundTrip();
        InterruptLatency();
        Compute();
        Console.WriteLine("bench: done");
        Domain.PowerOff();
    }

    private static void HypercallRoundTrip()
    {
        for (int i = 0; i < Samples; i++)
        {
            ulong start = Performance.Cycles;
            Performance.NullHypercall();
            s_samples[i] = Performance.Cycles - start;
        }
        Report("hypercall-cycles", s_samples, Samples);
    }

    /// <summary>Virtual-timer deadline to the guest's handler, measured with the counter itself.</summary>
    private static void InterruptLatency()
    {
        Interrupts.Register(GuestConfig.TimerVirtualIntId, &OnTimer);
        Interrupts.Enable(GuestConfig.TimerVirtualIntId);
        Interrupts.EnableOnThisCpu();
        for (s_count = 0; s_count < Samples;)
        {
            s_fired = false;
            s_deadline = Time.Ticks + 200;
            Time.SetDeadline(s_deadline);
            while (!s_fired) Interrupts.WaitForInterrupt();
        }
        Time.CancelDeadline();
        // Counter ticks to nanoseconds (62.5 MHz on QEMU virt: 16 ns per tick).
        ulong nsPerTick = 1000000000 / Time.Frequency;
        for (int i = 0; i < Samples; i++) s_samples[i] *= nsPerTick;
        Report("irq-latency-ns", s_samples, Samples);
    }

    private static void OnTimer(uint intId)
    {
        ulong now = Time.Ticks;
        Time.CancelDeadline();
        s_samples[s_count++] = now - s_deadline;
        s_fired = true;
    }

    /// <summary>A compute-bound loop with no timer: its run time, and how often it left the guest.</summary>
    private static void Compute()
    {
        Interrupts.Disable(GuestConfig.TimerVirtualIntId);
        ulong exitsBefore = Performance.Exits;
        ulong start = Performance.Cycles;
        ulong checksum = 0;
        for (uint i = 0; i < ComputeIterations; i++) checksum = checksum * 6364136223846793005UL + i;
        ulong cycles = Performance.Cycles - start;
        ulong exits = Performance.Exits - exitsBefore;
        if (!GuestConfig.Native) exits -= 1; // the VCPU_STATS call that read the second value
        Console.WriteLine(string.Concat("bench: compute-cycles=", cycles.ToString()));
        Console.WriteLine(string.Concat("bench: compute-exits=", exits.ToString()));
        Console.WriteLine(string.Concat("bench: compute-exits-per-second=", (exits * 1000000000 / cycles).ToString()));
        Console.WriteLine(string.Concat("bench: compute-checksum=", checksum.ToString("x")));
    }

    /// <summary>Prints min, median and max of the samples (sorted in place).</summary>
    private static void Report(string name, ulong* values, int n)
    {
        for (int i = 1; i < n; i++)
        {
            ulong v = values[i];
            int j = i - 1;
            while (j >= 0 && values[j] > v) { values[j + 1] = values[j]; j--; }
            values[j + 1] = v;
        }
        Console.WriteLine(string.Concat(
            string.Concat("bench: ", name, "=min:", values[0].ToString()),
            string.Concat(",median:", values[n / 2].ToString(), ",max:", values[n - 1].ToString())));
    }
}
