using Bulkhead.Systems;
using Bulkhead.Build;

namespace Bulkhead.X86.Tests;

/// <summary>
/// Builds the SDK's services (examples/*, tests/guests/*, unchanged) for x86-64 with the x64 guest
/// runtime (unikernel-sdk/guest-x64) through the same GuestBuild as ARM64.
/// </summary>
public static class SdkGuests
{
    public static NativeImageSpec Spec(GuestService service, GuestTarget target, string outputDirectory) =>
        GuestBuild.Spec(X86Images.Repo, service, target, outputDirectory);

    /// <summary>The flat image of examples/&lt;name&gt; (or tests/guests/&lt;name&gt;) linked for [ramBase, ramBase + ramSize).</summary>
    public static byte[] Example(string name, ulong ramBase, ulong ramSize)
    {
        var repo = X86Images.Repo;
        string folder = Path.Combine(repo.Root, "examples", name);
        if (!Directory.Exists(folder)) folder = Path.Combine(repo.Root, "tests", "guests", name);
        var service = new GuestService(name, Directory.GetFiles(folder, "*.cs").Order(StringComparer.Ordinal).ToList());
        var target = new GuestTarget
        {
            Board = BoardTargets.Facts(X86Images.Board()), LoadAddress = ramBase, RamBase = ramBase, RamSize = ramSize,
        };
        string output = Path.Combine(repo.OutputRoot, "x86-guests", $"{name}-{ramBase:x}");
        var image = new NativeBuilder(Toolchain.Locate()).Build(Spec(service, target, output));
        return File.ReadAllBytes(image.RawBinary);
    }
}
