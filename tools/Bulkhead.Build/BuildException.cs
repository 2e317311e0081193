namespace Bulkhead.Build;

/// <summary>A build step failed or a tool is missing. The message is meant for the user, as is.</summary>
public sealed class BuildException(string message) : Exception(message);
