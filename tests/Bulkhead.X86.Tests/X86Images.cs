using Bulkhead.Systems;
using Bulkhead.Build;
using Bulkhead.Config.Boards;
using Bulkhead.Config.Checking;
using Bulkhead.Config.Diagnostics;
using Bulkhead.Config.Planning;
using Bulkhead.Config.Systems;
using Bulkhead.Config.Yaml;

namespace Bulkhead.X86.Tests;

/// <summary>A one-way channel of a test system: 4 KiB at <paramref name="Base"/>, with a doorbell interrupt for the reader.</summary>
public sealed record TestChannel(string Name, string Writer, string Reader, ulong Base, uint Doorbell);

/// <summary>One domain of a test system: a flat 64-bit image entered at the base of its memory.</summary>
public sealed record TestDomain(string Name, byte[] Image, ulong MemoryBase, ulong MemorySize, int Core,
    bool Restart = false, uint RestartLimit = 0, int? SecondCore = null, uint WatchdogMs = 0);

/// <summary>
/// Builds hv-x86 images for the tests: the board, a partition plan written by the real
/// PlanWriter (from a system resolved in code, as the checker would resolve a system.yaml), the
/// payload in x86-64 assembly, the native build, the multiboot kernel and the GRUB ISO.
/// </summary>
public static class X86Images
{
    private static readonly object Gate = new();
    public static RepoLayout Repo { get; } = RepoLayout.Find(AppContext.BaseDirectory);
    public const string BoardId = "bochs-x86";

    /// <summary>
    /// boards/bochs-x86.yaml once the board loader accepts x86 boards (APIC ids, init-sipi, an
    /// APIC interrupt controller); until then the same facts, written here.
    /// </summary>
    public static Board Board()
    {
        string file = Path.Combine(Repo.Boards, BoardId + ".yaml");
        if (File.Exists(file))
        {
            var bag = new DiagnosticBag();
            var loaded = BoardLoader.Load(file, file, bag);
            if (loaded != null && !bag.HasErrors) return loaded;
        }
        var board = new Board
        {
            File = file, Id = BoardId, Name = "Bochs PC (x86-64, VT-x with EPT)", Arch = "x86_64",
            HypervisorLoadAddress = 0x200000, HypervisorReserved = new AddressRange(0x200000, 0xE00000),
            ConsoleType = UartKind.Ns16550, ConsoleBase = 0x3F8,
        };
        board.Ram.Add(new AddressRange(0x100000, 0xFF00000));
        board.ReservedMemory.Add(new NamedRange { Name = "acpi-tables", Range = new AddressRange(0xFF00000, 0x100000) });
        for (int i = 0; i < 4; i++) board.Cores.Add(new BoardCore { Index = i, Mpidr = (ulong)i });
        return board;
    }

    public static HypervisorTarget Target(Board board) => BoardTargets.ToHypervisorTarget(board);

    /// <summary>The partition plan for <paramref name="domains"/>, written by the config tool's PlanWriter.</summary>
    public static byte[] Plan(Board board, IReadOnlyList<TestDomain> domains, IReadOnlyList<TestChannel>? channels = null)
    {
        var config = new SystemConfig { File = "x86-test.yaml", FullPath = Path.Combine(Repo.Root, "x86-test.yaml") };
        var system = new ResolvedSystem { Config = config, Board = board };
        for (int i = 0; i < domains.Count; i++)
        {
            var d = domains[i];
            var span = default(SourceSpan);
            var domainConfig = new DomainConfig { Index = i, Path = $"domains[{i}]" };
            domainConfig.Name = new Loc<string>(d.Name, span, $"domains[{i}].name");
            domainConfig.Restart = new Loc<RestartPolicy>(d.Restart ? RestartPolicy.Restart : RestartPolicy.Stop, span, "restart");
            domainConfig.RestartLimit = new Loc<uint>(d.RestartLimit, span, "restart_limit");
            if (d.WatchdogMs != 0) domainConfig.WatchdogMs = new Loc<uint>(d.WatchdogMs, span, "watchdog_ms");
            config.Domains.Add(domainConfig);
            var resolved = new ResolvedDomain { Config = domainConfig, Index = i };
            resolved.Cores.Add(d.Core);
            if (d.SecondCore is int second) resolved.Cores.Add(second);
            var memory = new MemoryConfig { Path = $"domains[{i}].memory[0]" };
            resolved.Memory.Add(new PlacedRegion { Config = memory, Range = new AddressRange(d.MemoryBase, d.MemorySize), Placed = true });
            resolved.ImageKind = ImageKind.File;
            resolved.ImageName = d.Name + ".bin";
            resolved.ImageSize = (ulong)d.Image.Length;
            resolved.ImageCrc = PlanWriter.Crc(d.Image, 0, (uint)d.Image.Length);
            resolved.LoadAddress = d.MemoryBase;
            resolved.EntryPoint = d.MemoryBase;
            system.Domains.Add(resolved);
        }
        foreach (var c in channels ?? [])
        {
            int index = config.Channels.Count;
            var channelConfig = new ChannelConfig { Index = index, Path = $"channels[{index}]" };
            channelConfig.Name = new Loc<string>(c.Name, default, $"channels[{index}].name");
            channelConfig.Doorbell = new Loc<ulong>(c.Doorbell, default, $"channels[{index}].doorbell");
            config.Channels.Add(channelConfig);
            var resolved = new ResolvedChannel
            {
                Config = channelConfig, Index = index,
                Writer = system.Domain(c.Writer), Range = new AddressRange(c.Base, 0x1000), Placed = true,
            };
            resolved.Readers.Add(system.Domain(c.Reader)!);
            system.Channels.Add(resolved);
        }
        return PlanWriter.Write(system);
    }

    /// <summary>Builds the hypervisor with <paramref name="domains"/> embedded; returns the image and its multiboot kernel.</summary>
    public static (NativeImage Image, string Kernel) Build(string flavor, IReadOnlyList<TestDomain> domains, bool injectFault = false,
        IReadOnlyList<TestChannel>? channels = null)
    {
        lock (Gate) // the builds share out/ folders and the two CPU cores
        {
            var board = Board();
            var target = Target(board);
            string output = Path.Combine(Repo.OutputRoot, flavor);
            Directory.CreateDirectory(output);
            Payload payload;
            if (domains.Count == 0) payload = Payload.Empty(output);
            else
            {
                string plan = Path.Combine(output, "plan.bin");
                WriteIfChanged(plan, Plan(board, domains, channels));
                var images = new List<string?>();
                foreach (var d in domains)
                {
                    string file = Path.Combine(output, d.Name + ".bin");
                    WriteIfChanged(file, d.Image);
                    images.Add(file);
                }
                payload = new Payload(plan, images);
            }
            var options = new HypervisorOptions { Flavor = flavor, InjectFault = injectFault };
            var spec = HypervisorBuild.Spec(Repo, target, options, payload) with { CompileCacheDirectory = Path.Combine(Repo.OutputRoot, "cache") };
            spec = X86BootMedia.WithX64Payload(spec, payload);
            var tools = Toolchain.Locate();
            var image = new NativeBuilder(tools).Build(spec);
            return (image, X86BootMedia.MultibootKernel(tools, image));
        }
    }

    /// <summary>The GRUB ISO Bochs boots (the hypervisor carries its domains: no modules).</summary>
    public static string Iso(string kernel) =>
        X86BootMedia.Iso(kernel, [], Path.Combine(Path.GetDirectoryName(kernel)!, "bulkhead.iso"));

    private static void WriteIfChanged(string path, byte[] bytes)
    {
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes)) return;
        File.WriteAllBytes(path, bytes);
    }
}
