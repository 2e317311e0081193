using Bulkhead.Guest;

/// <summary>The fixed lines xunit reads: PASS name / FAIL name: why, and a summary per role.</summary>
public static class Verdict
{
    private static int s_passed, s_failed;

    public static void Pass(string attack)
    {
        s_passed++;
        Console.WriteLine(string.Concat("PASS ", attack));
    }

    public static void Fail(string attack, string why)
    {
        s_failed++;
        Console.WriteLine(string.Concat("FAIL ", attack, ": ", why));
    }

    public static void Check(string attack, bool held, string why)
    {
        if (held) Pass(attack); else Fail(attack, why);
    }

    /// <summary>A call must have returned exactly <paramref name="expected"/>.</summary>
    public static void Status(string attack, long status, long expected) =>
        Check(attack, status == expected, string.Concat("status ", status.ToString(), ", expected ", expected.ToString()));

    public static void Summary(string role) =>
        Console.WriteLine(string.Concat("SUMMARY ", role, ": ", s_passed.ToString(), " passed, ", s_failed.ToString(), " failed"));
}
