using Bulkhead.Build;
using Bulkhead.Emulation;

namespace Bulkhead.Systems;

/// <summary>
/// Makes a fresh machine ready: Debian packages (apt-get when root, otherwise the line to run),
/// NuGet packages (ILCompiler via dotnet restore) and the real arm64 inputs from Debian.
/// </summary>
public static class Setup
{
    /// <summary>The Debian packages the build, the emulators and the tests need.</summary>
    public static IReadOnlyList<string> Packages =>
        Toolchain.DebianPackages
            .Append(QemuArm64Machine.DebianPackage)
            .Append(QemuX64Machine.DebianPackage)
            .Concat(BochsMachine.DebianPackages)
            .Concat(X86BootMedia.DebianPackages)
            .Append("device-tree-compiler")
            .Append(BootMedia.UBootScripts.DebianPackage)    // mkimage: `bulkhead image --format uboot`
            .Append(BootMedia.UBootFirmware.DebianPackage)   // U-Boot for QEMU virt: the boot-media tests
            .Distinct()
            .ToList();

    /// <summary>Packages dpkg does not report as installed.</summary>
    public static IReadOnlyList<string> MissingPackages()
    {
        var result = ProcessRunner.Run("dpkg-query", new[] { "-W", "-f=${Package} ${Status}\n" }.Concat(Packages));
        var installed = result.Output.Split('\n')
            .Where(l => l.EndsWith(" install ok installed", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[0].Split(':')[0])
            .ToHashSet();
        return Packages.Where(p => !installed.Contains(p)).ToList();
    }

    /// <returns>0 when everything is in place.</returns>
    public static int Run(RepoLayout repo, TextWriter log, bool fetchLinux = true)
    {
        var missing = MissingPackages();
        if (missing.Count > 0)
        {
            string line = $"apt-get update && apt-get install -y --no-install-recommends {string.Join(' ', missing)}";
            if (!IsRoot())
            {
                log.WriteLine($"setup: missing Debian packages. Run as root:\n  {line}");
                return 1;
            }
            log.WriteLine($"setup: installing {string.Join(' ', missing)}");
            if (Shell(log, "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends " + string.Join(' ', missing)) != 0)
            {
                log.WriteLine($"setup: apt-get failed. Try by hand:\n  {line}");
                return 1;
            }
        }

        string ilc = Path.Combine(Toolchain.NuGetPackagesRoot, "runtime.linux-x64.microsoft.dotnet.ilcompiler", Toolchain.PinnedIlcVersion);
        if (!Directory.Exists(ilc))
        {
            log.WriteLine($"setup: restoring ILCompiler {Toolchain.PinnedIlcVersion} from NuGet");
            if (Shell(log, $"dotnet restore '{Path.Combine(repo.Root, "tools", "Bulkhead.Build")}' --verbosity quiet") != 0) return 1;
        }

        string fetch = Path.Combine(repo.Root, "tools", "setup", "fetch-linux-arm64.sh");
        if (fetchLinux && File.Exists(fetch))
        {
            log.WriteLine("setup: Debian's arm64 kernel package (downloaded and extracted once: tools/setup/fetch-linux-arm64.sh)");
            if (Shell(log, $"bash '{fetch}'") != 0)
            {
                log.WriteLine("setup: could not obtain Debian's arm64 kernel package (real device trees)");
                return 1;
            }
        }
        // Linux domains' initramfs (initrd: busybox): Debian's busybox-static for arm64, downloaded, not installed.
        string busybox = Path.Combine(repo.Root, "tools", "setup", "fetch-busybox-arm64.sh");
        if (fetchLinux && File.Exists(busybox) && Shell(log, $"bash '{busybox}'") != 0)
        {
            log.WriteLine("setup: could not obtain Debian's busybox-static:arm64 (the Linux domains' initramfs)");
            return 1;
        }
        return 0;
    }

    public static bool IsRoot() => Environment.UserName == "root";

    private static int Shell(TextWriter log, string command)
    {
        var result = ProcessRunner.Run("bash", ["-c", command]);
        if (result.ExitCode != 0) log.WriteLine(result.Output.TrimEnd());
        return result.ExitCode;
    }
}
