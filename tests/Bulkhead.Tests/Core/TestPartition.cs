using System.Runtime.InteropServices;
using Bulkhead.Config.Boards;
using Bulkhead.Config.Checking;
using Bulkhead.Config.Planning;
using Bulkhead.Core;
using Bulkhead.Core.Hypercalls;
using Bulkhead.Core.Partition;
using Bulkhead.Core.Plan;
using Sim = Bulkhead.Tests.SimulatedArchitecture;

namespace Bulkhead.Tests.Core;

/// <summary>
/// A partition booted on the simulated architecture from a real system description: the yaml is
/// checked by the config checker, written by the real PlanWriter, and booted by hv-core's own
/// <see cref="Hypervisor{TArch}.StartPartition"/> on qemu-virt-gicv3, whose RAM
/// <see cref="GuestMemory"/> maps at its physical addresses.
/// </summary>
internal sealed unsafe class TestPartition
{
    public const string Board = "qemu-virt-gicv3";
    private static readonly string s_repo = BoardLocator.FindRepoRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("repository root not found above the test binary");

    // The plan and the embedded images stay alive until the next partition replaces them (hv-core keeps pointers).
    private static byte* s_plan;
    private static ulong* s_images;
    private static readonly List<IntPtr> s_payloads = new();

    public ResolvedSystem System { get; }
    public byte[] PlanBytes { get; }
    public ulong PlanAddress => (ulong)s_plan;

    private TestPartition(ResolvedSystem system, byte[] plan) { System = system; PlanBytes = plan; }

    /// <summary>
    /// Checks <paramref name="systemBody"/> (everything but the board line) and writes its plan.
    /// <paramref name="files"/>: guest image files the yaml names (written next to it).
    /// </summary>
    public static TestPartition Plan(string systemBody, IReadOnlyDictionary<string, byte[]>? files = null)
    {
        GuestMemory.Ensure();
        string folder = Path.Combine(Path.GetTempPath(), "bulkhead-core-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string system = Path.Combine(folder, "system.yaml");
            File.WriteAllText(system, $"board: {Path.Combine(s_repo, "boards", Board + ".yaml")}\n{systemBody}");
            foreach (var (name, bytes) in files ?? new Dictionary<string, byte[]>()) File.WriteAllBytes(Path.Combine(folder, name), bytes);
            var result = Checker.CheckFile(system);
            if (result.ExitCode != 0 || result.System is null)
                throw new InvalidOperationException("test system rejected:\n" + string.Join("\n", result.Diagnostics.Sorted()));
            var partition = new TestPartition(result.System, PlanWriter.Write(result.System));
            partition.Install(files);
            return partition;
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    /// <summary>Checks, plans and boots: every core that owns a vCPU has checked in once afterwards.</summary>
    public static TestPartition Boot(string systemBody, IReadOnlyDictionary<string, byte[]>? files = null)
    {
        var partition = Plan(systemBody, files);
        partition.Start();
        return partition;
    }

    /// <summary>Places the plan and the "embedded" guest images (the image files' bytes) in native memory.</summary>
    private void Install(IReadOnlyDictionary<string, byte[]>? files)
    {
        if (s_plan != null) NativeMemory.Free(s_plan);
        if (s_images != null) NativeMemory.Free(s_images);
        foreach (var p in s_payloads) NativeMemory.Free((void*)p);
        s_payloads.Clear();

        s_plan = (byte*)NativeMemory.Alloc((nuint)PlanBytes.Length);
        PlanBytes.CopyTo(new Span<byte>(s_plan, PlanBytes.Length));
        int domains = System.Domains.Count;
        s_images = (ulong*)NativeMemory.AllocZeroed((nuint)(2 * domains * sizeof(ulong)));
        foreach (var d in System.Domains)
        {
            // the checker names a file image by its file name without extension
            var bytes = files?.FirstOrDefault(f => Path.GetFileNameWithoutExtension(f.Key) == d.ImageName).Value;
            if (d.ImageKind != ImageKind.File || bytes is null) continue;
            byte* payload = (byte*)NativeMemory.Alloc((nuint)bytes.Length);
            bytes.CopyTo(new Span<byte>(payload, bytes.Length));
            s_payloads.Add((IntPtr)payload);
            s_images[2 * d.Index] = (ulong)payload;
            s_images[2 * d.Index + 1] = (ulong)payload + (ulong)bytes.Length;
        }
    }

    /// <summary>Embeds other bytes as a domain's guest image than the file the plan measured.</summary>
    public void SetPayload(string domain, byte[] bytes)
    {
        byte* payload = (byte*)NativeMemory.Alloc((nuint)bytes.Length);
        bytes.CopyTo(new Span<byte>(payload, bytes.Length));
        s_payloads.Add((IntPtr)payload);
        s_images[2 * Index(domain)] = (ulong)payload;
        s_images[2 * Index(domain) + 1] = (ulong)payload + (ulong)bytes.Length;
    }

    /// <summary>The guest image of a domain as embedded in the "hypervisor image" (tests may corrupt it before booting).</summary>
    public byte* Payload(string domain) => (byte*)s_images[2 * Index(domain)];

    public BootInfo Info => new()
    {
        Version = "0.0.0-test", Board = Board, BoardCores = System.Board.Cores.Count,
        Plan = s_plan, PlanSize = (uint)PlanBytes.Length, Images = s_images, ImageCount = (uint)System.Domains.Count,
    };

    /// <summary>Boots as the hypervisor does (fresh simulated machine), then lets every owned core check in once.</summary>
    public void Start()
    {
        Sim.Reset(System.Board.Cores.Count);
        try { Hypervisor<Sim>.StartPartition(Info, System.Board.Cores.Count, PlanArch.Arm64); }
        catch (SimulatedHalt) { throw new InvalidOperationException("the hypervisor halted while booting:\n" + Sim.ConsoleOutput); }
        for (int core = 0; core < PartitionTable.Cores.Length; core++)
            if (PartitionTable.Cores[core].Domain >= 0) CheckIn(core);
    }

    public int Index(string domain) => System.Domain(domain)?.Index ?? throw new ArgumentException($"no domain '{domain}'");

    public ref Domain Domain(string name) => ref PartitionTable.Domains[Index(name)];

    /// <summary>The physical core of vCPU <paramref name="vcpu"/> of a domain.</summary>
    public int CoreOf(string domain, int vcpu = 0) => PartitionTable.CoreOf(Index(domain), vcpu);

    public static VcpuStatus StatusOf(int core) => PartitionTable.Cores[core].Status;

    /// <summary>What a backend does when a core checks in: enter (watchdog period starts for vCPU 0), resume, or park.</summary>
    public static CoreAction CheckIn(int core)
    {
        Sim.Core = core;
        CoreAction action = DomainControl<Sim>.CheckIn(core);
        if (action == CoreAction.Enter) WatchdogMonitor<Sim>.OnEnter(core);
        else if (action == CoreAction.Park) WatchdogMonitor<Sim>.OnPark(core);
        return action;
    }

    /// <summary>vCPU 0 on <paramref name="callerCore"/> starts the vCPU on <paramref name="core"/> (PSCI CPU_ON), which enters: only a running vCPU makes calls.</summary>
    public static void PowerOn(int core, ulong entry, int callerCore = 0)
    {
        var call = Call(callerCore, Bulkhead.Core.Abi.PsciFunction.CpuOn64, (ulong)PartitionTable.Cores[core].Vcpu, entry, 0);
        if (call.Status != 0) throw new InvalidOperationException($"CPU_ON of core {core} failed: {call.Status}");
        if (CheckIn(core) != CoreAction.Enter) throw new InvalidOperationException($"core {core} did not enter");
    }

    /// <summary>A guest call (HVC/SMC/VMCALL) from the vCPU on <paramref name="core"/>, as the backend hands it to hv-core.</summary>
    public static GuestCall Call(int core, ulong function, ulong a1 = 0, ulong a2 = 0, ulong a3 = 0)
    {
        Sim.Core = core;
        var frame = new HypercallFrame { Function = function, A1 = a1, A2 = a2, A3 = a3 };
        GuestCallOutcome outcome = GuestCalls<Sim>.Handle(core, ref frame, out long status);
        return new GuestCall(outcome, status, frame.R1, frame.R2, frame.R3);
    }

    /// <summary>Console lines that contain <paramref name="text"/>.</summary>
    public static string[] Lines(string text) => Sim.ConsoleLines().Where(l => l.Contains(text, StringComparison.Ordinal)).ToArray();

    /// <summary>The "restarting" and "stopped" lines of a domain, in order.</summary>
    public static string[] LifecycleLines(string domain) => Sim.ConsoleLines()
        .Where(l => l.StartsWith($"hv: domain {domain} restarting", StringComparison.Ordinal) || l.StartsWith($"hv: domain {domain} stopped", StringComparison.Ordinal))
        .ToArray();
}

/// <summary>What a guest call returned: the backend's next step, the status and the results.</summary>
internal readonly record struct GuestCall(GuestCallOutcome Outcome, long Status, ulong R1, ulong R2, ulong R3)
{
    public (long Status, ulong R1) StatusAndR1 => (Status, R1);
    public (ulong R1, ulong R2, ulong R3) Results => (R1, R2, R3);
}
