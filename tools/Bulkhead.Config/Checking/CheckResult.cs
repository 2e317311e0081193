using Bulkhead.Config.Diagnostics;

namespace Bulkhead.Config.Checking;

public sealed class CheckResult
{
    public required DiagnosticBag Diagnostics { get; init; }
    /// <summary>Set when the system is valid (no errors).</summary>
    public ResolvedSystem? System { get; init; }

    /// <summary>0 = valid, 1 = invalid, 2 = unusable input.</summary>
    public int ExitCode => Diagnostics.Unusable ? 2 : Diagnostics.HasErrors ? 1 : 0;
}
