using Bulkhead.Systems;
using Bulkhead.Build;
using Bulkhead.Emulation;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>A corrupt partition plan is never trusted: the hypervisor names the reason and stops.</summary>
[Collection("emulator")]
public class PlanRejectionTests
{
    [Fact]
    public void CorruptPlanIsRejectedWithAReasonAtBoot()
    {
        var repo = TestImages.Repo;
        var built = SystemBuilder.Build(repo, SystemRuns.Variant("partition", 3), TextWriter.Null);
        byte[] plan = File.ReadAllBytes(built.PlanFile);
        plan[plan.Length - 1] ^= 0x5A; // flip bits inside the checksummed area
        string folder = Path.Combine(repo.OutputRoot, "test-corrupt-plan");
        Directory.CreateDirectory(folder);
        string corrupt = Path.Combine(folder, "plan.bin");
        File.WriteAllBytes(corrupt, plan);
        var images = built.System.Domains.Select(d => (string?)Path.Combine(Path.GetDirectoryName(built.PlanFile)!, d.Name, "guest.bin")).ToList();
        var hv = new NativeBuilder(Toolchain.Locate()).Build(HypervisorBuild.Spec(repo, BoardTargets.ToHypervisorTarget(built.Board),
            new HypervisorOptions { Flavor = "test-corrupt-plan/hv" }, new Payload(corrupt, images)));

        var machine = Machines.QemuFor(built.Board, hv, cores: null, cpu: "cortex-a72").Deterministic();
        var run = EmulatorRun.Run(QemuArm64Machine.Executable, machine.Arguments(), TimeSpan.FromSeconds(30));

        Assert.Equal(RunOutcome.Panicked, run.Outcome);
        Assert.Contains("PANIC: partition plan rejected: plan checksum mismatch (corrupt plan)", run.Lines);
        Assert.DoesNotContain(run.Lines, l => l.StartsWith('['));
    }
}
