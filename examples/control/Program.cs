// A compute workload on two vCPUs: in each round both vCPUs count the primes in their half of a
// range, with no hypervisor involvement while they compute (no exits), then vCPU 0 combines them.
using Bulkhead.Guest;

public static unsafe class Program
{
    private const uint Step = 40000;
    private const int Rounds = 5;
    private const ulong PauseMs = 120;          // a control period: compute, report, wait
    private static volatile int s_round;        // the round vCPU 1 should compute (0 = none yet)
    private static volatile int s_roundDone;    // the last round vCPU 1 finished
    private static volatile uint s_secondHalf;

    public static void Main()
    {
        Console.WriteLine(string.Concat("control service up on ", Domain.Name, " with ", Domain.VcpuCount.ToString(), " vCPUs"));
        bool parallel = Domain.VcpuCount > 1 && Cpus.Start(1, &Worker);
        for (int round = 1; round <= Rounds; round++)
        {
            uint limit = Step * (uint)round;
            ulong start = Time.Ticks;
            s_round = round;
            uint primes = CountPrimes(2, parallel ? limit / 2 : limit);
            if (parallel)
            {
                while (s_roundDone != round) { }
                primes += s_secondHalf;
            }
            ulong ms = (Time.Ticks - start) / (Time.Frequency / 1000);
            Console.WriteLine(string.Concat("round ", round.ToString(), ": ", primes.ToString(), " primes below ", limit.ToString(), " in ", ms.ToString(), " ms"));
            Health.Heartbeat();
            Time.Sleep(PauseMs);
        }
        Console.WriteLine("control service done");
        Domain.PowerOff();
    }

    private static void Worker(int vcpu)
    {
        for (int round = 1; round <= Rounds; round++)
        {
            while (s_round != round) { }
            uint limit = Step * (uint)round;
            s_secondHalf = CountPrimes(limit / 2, limit);
            s_roundDone = round;
        }
    }

    private static uint CountPrimes(uint from, uint to)
    {
        uint count = 0;
        for (uint n = from; n < to; n++)
        {
            bool prime = n >= 2;
            for (uint d = 2; d * d <= n && prime; d++)
                if (n % d == 0) prime = false;
            if (prime) count++;
        }
        return count;
    }
}
