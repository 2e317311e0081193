using System.CommandLine;
using System.CommandLine.Invocation;
using Bulkhead.Build;

namespace Bulkhead.Cli;

/// <summary>`bulkhead --version`: the product version (as in the hypervisor's banner), not the assembly's.</summary>
public sealed class ProductVersion : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(ProductInfo.Version);
        return ExitCodes.Ok;
    }

    public static void Install(RootCommand root)
    {
        foreach (var version in root.Options.OfType<VersionOption>()) version.Action = new ProductVersion();
    }
}
