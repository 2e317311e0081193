using Bulkhead.Build;
using Bulkhead.Config.Boards;
using Bulkhead.Config.Checking;
using Bulkhead.Config.Planning;

namespace Bulkhead.Systems;

/// <summary>
/// Builds a whole system from its description: check it, build each domain's guest service linked
/// for that domain's memory, write the partition plan (with every image's size and CRC) and embed
/// plan and images into the hypervisor image.
/// </summary>
public static class SystemBuilder
{
    public sealed record Result(NativeImage Hypervisor, Board Board, ResolvedSystem System, string PlanFile);

    public static Result Build(RepoLayout repo, string systemFile, TextWriter log, HypervisorOptions? options = null)
    {
        var check = Checker.CheckFile(systemFile);
        if (check.ExitCode != 0 || check.System == null)
            throw new BuildException($"{systemFile} does not pass the check:\n{string.Join("\n", check.Diagnostics.Sorted().Select(d => d.ToString()))}");
        var system = check.System;
        var board = system.Board;
        string name = system.Config.Name?.Value ?? Path.GetFileNameWithoutExtension(systemFile);
        string output = Path.Combine(repo.OutputRoot, "systems", name);
        Directory.CreateDirectory(output);

        var images = new List<string?>();
        foreach (var domain in system.Domains)
        {
            switch (domain.ImageKind)
            {
                case ImageKind.Builtin:
                    var service = FindService(repo, domain.ImageName!, Path.GetDirectoryName(Path.GetFullPath(systemFile))!);
                    log.WriteLine($"build: domain {domain.Name}: service {service.Name}");
                    var image = new NativeBuilder(Toolchain.Locate(), log).Build(
                        GuestBuild.Spec(repo, service, BoardTargets.GuestTargetFor(board, domain), Path.Combine(output, domain.Name)));
                    images.Add(image.RawBinary);
                    break;
                case ImageKind.File:
                    images.Add(domain.ImageFullPath);
                    break;
                default:
                    images.Add(null);
                    break;
            }
            if (images[^1] is string file)
            {
                byte[] bytes = File.ReadAllBytes(file);
                domain.ImageSize = (ulong)bytes.LongLength;
                domain.ImageCrc = Crc(bytes);
                var home = domain.Memory.Select(r => r.Range).FirstOrDefault(r => r.Contains(domain.LoadAddress));
                if (domain.ImageSize > home.End - domain.LoadAddress)
                    throw new BuildException($"{systemFile}: domain '{domain.Name}': its image is {domain.ImageSize} bytes but only {home.End - domain.LoadAddress} bytes of its memory follow the load address 0x{domain.LoadAddress:x}");
            }
        }

        string planFile = Path.Combine(output, "plan.bin");
        File.WriteAllBytes(planFile, PlanWriter.Write(system));
        var target = BoardTargets.ToHypervisorTarget(board);
        options = (options ?? new HypervisorOptions()) with { Flavor = Path.Combine("systems", name, options?.Flavor ?? "hv") };
        log.WriteLine($"build: hypervisor for {board.Id} with {system.Domains.Count} domains");
        var hv = new NativeBuilder(Toolchain.Locate(), log).Build(HypervisorBuild.Spec(repo, target, options, new Payload(planFile, images)));
        return new Result(hv, board, system, planFile);
    }

    /// <summary>A builtin image names a service folder: next to the system file, in examples/ or tests/guests/.</summary>
    public static GuestService FindService(RepoLayout repo, string name, string systemFolder)
    {
        var candidates = new[]
        {
            Path.Combine(systemFolder, name),
            Path.Combine(repo.Root, "examples", name),
            Path.Combine(repo.Root, "tests", "guests", name),
        };
        foreach (var dir in candidates)
        {
            if (!Directory.Exists(dir)) continue;
            var sources = RepoLayout.CSharpFiles(dir).ToList();
            if (sources.Count > 0) return new GuestService(name, sources);
        }
        throw new BuildException($"guest service '{name}' not found: looked for C# sources in {string.Join(", ", candidates.Select(c => Path.GetRelativePath(repo.Root, c)))}");
    }

    private static unsafe uint Crc(byte[] bytes)
    {
        fixed (byte* p = bytes) return Core.Plan.PlanCrc32.Compute(p, (uint)bytes.Length);
    }
}
