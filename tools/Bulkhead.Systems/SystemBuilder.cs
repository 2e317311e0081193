using System.Globalization;
using System.Text;
using Bulkhead.Build;
using Bulkhead.Config.Boards;
using Bulkhead.Config.Checking;
using Bulkhead.Config.Linux;
using Bulkhead.Systems.Linux;
using Bulkhead.Config.Planning;
using Bulkhead.Core.Plan;

namespace Bulkhead.Systems;

/// <summary>
/// Builds a whole system from its description: check it, build each domain's guest service linked
/// for that domain's memory, write the partition plan (with every image's size and CRC) and embed
/// plan and images into the hypervisor image. The built hypervisor's memory (image, page tables,
/// stacks, heap) is measured and must lie inside the board's hypervisor.reserved range.
/// </summary>
public static class SystemBuilder
{
    public sealed record Result(NativeImage Hypervisor, Board Board, ResolvedSystem System, string PlanFile)
    {
        /// <summary>Files the runner or boot loader places in RAM next to the hypervisor image (Linux domains' staging).</summary>
        public IReadOnlyList<LinuxBlob> Blobs { get; init; } = [];
        /// <summary>The memory the built hypervisor uses, measured from its ELF file.</summary>
        public AddressRange HypervisorMemory { get; init; }
    }

    /// <summary>Level-2 tables the EL2 identity map has for RAM covering 1 GiB slots in part (HV_IDENTITY_L2_TABLES in hv-arm64/boot/sysregs.h).</summary>
    public const int IdentityMapL2Tables = 16;

    /// <param name="serviceFolder">a service folder that builtin images of its name come from first (`bulkhead run path/to/service`)</param>
    public static Result Build(RepoLayout repo, string systemFile, TextWriter log, HypervisorOptions? options = null, GuestService? serviceFolder = null)
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
                    var service = serviceFolder is not null && serviceFolder.Name == domain.ImageName ? serviceFolder
                        : FindService(repo, domain.ImageName!, Path.GetDirectoryName(Path.GetFullPath(systemFile))!);
                    log.WriteLine($"build: domain {domain.Name}: service {service.Name}");
                    var image = new NativeBuilder(Toolchain.Locate(), log).Build(
                        GuestBuild.Spec(repo, service, BoardTargets.GuestTargetFor(board, domain, system.Network, system.Config, system.Management), Path.Combine(output, domain.Name)));
                    images.Add(image.RawBinary);
                    break;
                case ImageKind.File:
                    images.Add(domain.ImageFullPath);
                    break;
                case ImageKind.Linux:
                    LinuxBuild.Prepare(system, domain, Path.Combine(output, domain.Name), systemFile, log);
                    images.Add(null);
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
        var spec = HypervisorBuild.Spec(repo, target, options, new Payload(planFile, images));
        if (target.Arch == TargetArch.Arm64)
            spec = spec with { GeneratedAsm = new Dictionary<string, string>(spec.GeneratedAsm) { ["ram-ranges.S"] = RamRangesSource(board), ["color-pool.S"] = ColorPoolSource(system) } };
        var hv = new NativeBuilder(Toolchain.Locate(), log).Build(spec);

        var elf = ElfFile.Read(hv.Elf);
        var memory = MeasureHypervisor(elf, hv.Elf);
        if (HypervisorFootprint.Verify(system, memory, Path.GetFileName(hv.Elf)) is { } refused)
            throw new BuildException(refused.ToString());
        if (target.Arch == TargetArch.Arm64 && !options.LeaveColorPoolToBoot
            && HypervisorColorPool.Verify(system, ColoredPages(elf, hv.Elf), Path.GetFileName(hv.Elf)) is { } small)
            throw new BuildException(small.ToString());
        log.WriteLine($"build: hypervisor memory {memory} ({memory.Size} bytes), reserved {board.HypervisorReserved}");
        return new Result(hv, board, system, planFile)
        {
            HypervisorMemory = memory,
            Blobs = system.Domains.Where(d => d.Linux is not null).SelectMany(d => d.Linux!.Blobs).ToList(),
        };
    }

    /// <summary>[__image_start, end of the last allocated section): code, data, payload, page tables, stacks, heap.</summary>
    public static AddressRange MeasureHypervisor(ElfFile elf, string elfFile)
    {
        if (!elf.Symbols.TryGetValue("__image_start", out ulong start))
            throw new BuildException($"{elfFile}: no __image_start symbol: the hypervisor's link.ld must define it");
        ulong end = elf.Sections.Where(x => x.IsAllocated && x.Address >= start).Select(x => x.Address + x.Size).DefaultIfEmpty(start).Max();
        return new AddressRange(start, end - start);
    }

    /// <summary>The 4 KiB pages a coloured boot moves onto colour 0: [__hv_color_start, __hv_colored_end) of the image (hv-arm64/boot/link.ld).</summary>
    public static ulong ColoredPages(ElfFile elf, string elfFile)
    {
        var symbols = elf.Symbols;
        if (!symbols.TryGetValue("__hv_color_start", out ulong start) || !symbols.TryGetValue("__hv_colored_end", out ulong end))
            throw new BuildException($"{elfFile}: no __hv_color_start/__hv_colored_end symbols: the hypervisor's link.ld must define them");
        return (end - start) / PlanColors.Page;
    }

    /// <summary>
    /// A coloured system's hypervisor runs on colour 0 (hv-arm64/boot/hv-color.S): its colour count
    /// and the pool of its pages, the largest coloured RAM span, whose colour-0 pages no domain maps
    /// (BH127). An uncoloured system links nothing, and boots exactly as before.
    /// </summary>
    public static string ColorPoolSource(ResolvedSystem system)
    {
        if (HypervisorColorPool.Pool(system) is not var (_, memory)) return "// Not a coloured system: no hypervisor colour (hv-arm64/boot/hv-color.S).\n";
        var pool = memory.Span;
        string Hex(ulong v) => "0x" + v.ToString("x", CultureInfo.InvariantCulture);
        return $"// Generated by tools/Bulkhead.Systems: the hypervisor's colour-0 pool (hv-arm64/boot/hv-color.S). Do not edit.\n"
            + $"    .global hv_color_count\n    .set    hv_color_count, {system.CacheColors}\n"
            + $"    .global hv_color_pool\n    .set    hv_color_pool, {Hex(pool.Base)}\n"
            + $"    .global hv_color_pool_size\n    .set    hv_color_pool_size, {Hex(pool.Size)}\n";
    }

    /// <summary>
    /// Every RAM bank of the board, for the hypervisor's EL2 identity map (hv_ram_ranges in
    /// hv-arm64/boot/mmu.S): RAM is mapped Normal, everything else Device.
    /// </summary>
    public static string RamRangesSource(Board board)
    {
        var banks = board.Ram.Where(r => r.Size != 0).OrderBy(r => r.Base).ToList();
        // 1 GiB slots a bank covers only in part need a level-2 table each.
        var partial = new HashSet<ulong>();
        foreach (var bank in banks)
        {
            if (bank.Base % (1UL << 30) != 0) partial.Add(bank.Base >> 30);
            if (bank.End % (1UL << 30) != 0) partial.Add(bank.End >> 30);
        }
        if (partial.Count > IdentityMapL2Tables)
            throw new BuildException($"{board.File}: ram: the RAM banks of board '{board.Id}' end inside {partial.Count} different 1 GiB slots; the hypervisor's map has tables for {IdentityMapL2Tables}. Describe the RAM in fewer, 1 GiB-aligned banks.");
        string Hex(ulong v) => "0x" + v.ToString("x", CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.AppendLine($"// Generated by tools/Bulkhead.Systems for board '{board.Id}' ({board.File}): its RAM banks. Do not edit.");
        sb.AppendLine("    .section .rodata");
        sb.AppendLine("    .balign 8");
        sb.AppendLine("    .global hv_ram_ranges");
        sb.AppendLine("hv_ram_ranges:");
        sb.AppendLine($"    .quad   {banks.Count}");
        foreach (var bank in banks) sb.AppendLine($"    .quad   {Hex(bank.Base)}, {Hex(bank.End)}");
        return sb.ToString();
    }

    /// <summary>
    /// A builtin image names a service folder: the system file's own folder when it is that service
    /// (it holds &lt;name&gt;.csproj, as `bulkhead new service` writes it), next to the system file,
    /// in examples/, tests/guests/ or among the services the SDK ships (unikernel-sdk/services/, e.g. net-driver).
    /// </summary>
    public static GuestService FindService(RepoLayout repo, string name, string systemFolder)
    {
        var candidates = new[]
        {
            File.Exists(Path.Combine(systemFolder, name + ".csproj")) ? systemFolder : Path.Combine(systemFolder, name),
            Path.Combine(repo.Root, "examples", name),
            Path.Combine(repo.Root, "tests", "guests", name),
            Path.Combine(repo.Root, "unikernel-sdk", "services", name),
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
