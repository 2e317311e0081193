using Bulkhead.Core.Abi;
using Bulkhead.Guest;
using static Layout;

/// <summary>
/// Floods of everything that costs the hypervisor work: console lines, hypercalls, doorbells,
/// SGIs, trapped instructions, emulated registers, PSCI. The prober judges that each call kept
/// its answer; xunit judges that the witness on its own core kept its period.
/// </summary>
public static unsafe class ProberFloods
{
    public const int Rounds = 20000;

    public static void Run()
    {
        int accepted = 0;
        byte* bytes = stackalloc byte[128];
        for (int line = 0; line < 300; line++)
        {
            string text = string.Concat("flood-console line ", line.ToString(), " ..............................................\n");
            for (int i = 0; i < text.Length; i++) bytes[i] = (byte)text[i];
            if (Calls.Hvc(Hypercall.ConsoleWrite, (ulong)bytes, (ulong)text.Length) == 0) accepted++;
        }
        // The flood used up this domain's console budget (8 KiB at once, 4 KiB/s): the hypervisor
        // drops its further lines and reports how many. Wait until the budget is back before the
        // verdicts, or they would be dropped too (xunit checks the drop report).
        Time.Sleep(2500);
        Verdict.Check("flood-console", accepted > 0, "no line accepted");
        Console.WriteLine(string.Concat("flood-console: ", accepted.ToString(), " of 300 lines accepted"));

        Verdict.Check("flood-null-hypercalls", Repeat(Hypercall.Yield, 0, 0) == Rounds, "a YIELD failed");
        Verdict.Check("flood-refused-hypercalls", Repeat(Hypercall.ConsoleWrite, HypervisorImage, Calls.Invalid) == Rounds, "a refused call was accepted");
        // The channel has the default doorbell limit (10,000 rings/s, 100 at once): a flood rings a
        // few times and is then refused with BUSY, never anything else.
        int rang = Repeat(Hypercall.ChannelNotify, ProberToWitness, 0);
        int busy = Repeat(Hypercall.ChannelNotify, ProberToWitness, HypercallStatus.Busy);
        Verdict.Check("flood-doorbells", rang > 0 && rang < Rounds && busy > 0,
            string.Concat("rang ", rang.ToString(), " of ", Rounds.ToString(), ", then ", busy.ToString(), " busy"));
        Verdict.Check("flood-psci", Repeat(PsciFunction.AffinityInfo64, 5, Calls.Invalid) == Rounds, "AFFINITY_INFO of an absent vCPU answered");

        var setWay = Code.SysRoutine(0, 7, 6, 2);
        for (int i = 0; i < Rounds; i++) setWay(0);
        Verdict.Pass("flood-set-way-traps");
        uint sum = 0;
        for (int i = 0; i < Rounds; i++) sum |= Reg.Read32(Gicd + 0x100 + 4 * 4);
        Verdict.Check("flood-emulated-register-reads", sum == 0, "a foreign bank reads non-zero");
        if (GicV3)
        {
            var sgi1r = Code.WriteRoutine(A64.IccSgi1r);
            for (int i = 0; i < Rounds; i++) sgi1r((3UL << 24) | 0xFFFC);
        }
        else
            for (int i = 0; i < Rounds; i++) Reg.Write32(Gicd + 0xF00, 0x00FC0003);
        Verdict.Pass("flood-sgis-to-absent-vcpus");
    }

    private static int Repeat(ulong function, ulong a1, long expected)
    {
        int right = 0;
        for (int i = 0; i < Rounds; i++) if (Calls.Hvc(function, a1) == expected) right++;
        return right;
    }
}
