namespace Bulkhead.Cli;

/// <summary>The exit codes every `bulkhead` command uses (docs/cli.md).</summary>
public static class ExitCodes
{
    /// <summary>Done: the system is valid, built, or powered itself off.</summary>
    public const int Ok = 0;
    /// <summary>The system failed or is invalid: check errors, a build error, a panic, failed tests.</summary>
    public const int Failed = 1;
    /// <summary>Bad usage or input: unknown option, missing file, unknown board, unreadable YAML, a missing tool.</summary>
    public const int Usage = 2;
    /// <summary>The run did not end (power off) within --timeout seconds; the emulator was stopped.</summary>
    public const int Timeout = 124;

    /// <summary>The "Exit codes" section every command's --help ends with.</summary>
    public const string HelpSection =
        "Exit codes:\n" +
        "  0    ok (valid, built, powered off)\n" +
        "  1    the system failed or is invalid (check errors, build errors, panic, failed tests)\n" +
        "  2    bad usage or input (unknown option, missing file, unknown board, missing tool)\n" +
        "  124  timeout (no power-off within --timeout; the emulator was stopped)\n";
}
