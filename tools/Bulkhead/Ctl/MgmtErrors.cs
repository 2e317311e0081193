namespace Bulkhead.Cli.Ctl;

/// <summary>The server answered ok:false: <see cref="Code"/> is the protocol's error code, the message its human text (naming the rule).</summary>
public sealed class MgmtRefusedException(string code, string serverMessage, string message)
    : CliException(message, ExitCodes.Failed)
{
    public string Code { get; } = code;
    public string ServerMessage { get; } = serverMessage;
    /// <summary>A retried control action refused as a replay: the first attempt may have been carried out.</summary>
    public bool MaybeDone { get; init; }
}

/// <summary>No valid answer within the attempts: nothing listens, the system is not up, or the answers could not be trusted.</summary>
public sealed class MgmtUnreachableException(string message, int exitCode) : CliException(message, exitCode);
