namespace Bulkhead.Cli;

/// <summary>
/// Ends a command with an exit code (docs/cli.md) and a message without a stack trace: bad usage
/// or input by default (2); an empty message when the command has printed its diagnostics itself.
/// </summary>
public class CliException(string message, int exitCode = ExitCodes.Usage) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>Bad usage or input the command found itself (exit code 2).</summary>
public sealed class UsageException(string message) : CliException(message, ExitCodes.Usage);
