using System.Text.RegularExpressions;
using Bulkhead.Emulation;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// The hostile-guest suite (docs/hostile-suite.md): tests/systems/hostile.yaml on QEMU virt with
/// GICv3 and GICv2, booted once per GIC version. The prober judges its refused attacks itself
/// (PASS/FAIL lines); for the faulter's attacks, which end its run, xunit checks that the
/// hypervisor's containment line follows "ATTACK name" and that nothing after the access ran;
/// the witness on core 0 must keep its complete, evenly spaced tick sequence through all of it.
/// </summary>
[Collection("emulator")]
public class HostileGuestTests
{
    /// <summary>Attacks the prober runs on both GIC versions.</summary>
    public static readonly string[] ProberAttacks =
    {
        "console-write-other-domain", "console-write-hypervisor-image", "console-write-length-wraps",
        "console-write-address-wraps", "console-write-too-long", "console-write-straddles-ram-end",
        "console-write-beyond-ipa", "domain-name-read-only-region", "domain-name-channel-it-reads",
        "domain-name-other-domain", "domain-name-hypervisor-image", "domain-name-address-wraps",
        "domain-name-length-wraps", "domain-name-straddles-ram-end", "domain-name-into-rw-region",
        "channel-info-index-wraps", "channel-info-index-max", "channel-info-not-party", "channel-notify-as-reader",
        "channel-notify-not-party", "channel-notify-index-wraps", "unknown-hypercall-ids", "management-denied",
        "abi-version-ignores-garbage-arguments", "hvc-nonzero-immediate", "smc-psci-version",
        "smc-sip-service-refused", "smc-trusted-os-refused", "smc-cpu-on-physical-core", "cpu-on-foreign-vcpu",
        "cpu-on-absent-vcpu", "cpu-on-aff1", "cpu-on-aff2", "cpu-on-aff3", "cpu-on-running-vcpu",
        "cpu-on-entry-other-domain", "cpu-on-entry-hypervisor", "cpu-on-entry-read-only", "cpu-on-entry-no-execute",
        "cpu-on-entry-wraps", "cpu-on-entry-zero", "affinity-info-aff1", "affinity-info-aff2", "affinity-info-aff3",
        "affinity-info-absent-vcpu", "affinity-info-off-vcpu", "psci-features-of-hypercall-id",
        "psci-features-garbage", "psci-cpu-suspend-refused", "psci-reserved-ids", "cpu-on-already-on",
        "affinity-info-on-vcpu", "cpu-on-off-cycles", "el2-hcr-read", "el2-hcr-write", "el2-vttbr-write",
        "el2-vtcr-write", "el2-vbar-write", "el2-sctlr-write", "el2-esr-read", "el2-elr-write", "el2-mdcr-write",
        "el2-vmpidr-write", "el2-cnthctl-write", "el2-cntvoff-write", "el2-physical-timer-ctl-write",
        "el2-physical-timer-cval-write", "el2-ich-hcr-write", "el2-ich-lr0-write", "el3-scr-read", "tlbi-alle2",
        "tlbi-alle1", "tlbi-vmalls12e1", "at-s12e1r", "at-s1e2r", "tlbi-vmalle1is-own-vmid",
        "dc-isw-set-way-ignored", "dc-csw-set-way-ignored", "dc-cisw-set-way-ignored", "ic-ialluis",
        "pmu-own-counters-reset", "physical-counter-readable", "gicd-enable-foreign-spis", "gicd-disable-all-spis",
        "gicd-byte-store-enables-nothing-else", "gicd-halfword-store-enables-nothing-else",
        "gicd-doubleword-store-enables-nothing-foreign", "gicd-read-every-register", "gicd-write-every-register",
        "gicd-every-size-and-misaligned", "gicd-foreign-spis-still-off", "sgi-to-absent-vcpus",
        "sgi-to-self-still-delivered", "contract-hvc-yield", "contract-hvc-heartbeat", "contract-hvc-unknown-id",
        "contract-hvc-abi-version", "contract-hvc-domain-info", "contract-hvc-refused-console-write",
        "contract-smc-psci-version", "contract-hvc-psci-affinity-info", "contract-gicd-read", "contract-gicd-write",
        "contract-set-way-trap", "contract-interrupt-exit", "flood-console", "flood-null-hypercalls",
        "flood-refused-hypercalls", "flood-doorbells", "flood-psci", "flood-set-way-traps",
        "flood-emulated-register-reads", "flood-sgis-to-absent-vcpus",
    };

    /// <summary>Attacks on the GICv3 redistributors and system-register CPU interface only.</summary>
    public static readonly string[] ProberAttacksGicV3 =
    {
        "contract-sgi-register-trap", "gicr-every-size-and-misaligned", "gicr-other-vcpu-frame",
        "gicr-read-every-register", "gicr-write-every-register",
    };

    /// <summary>
    /// The faulter's attacks in the order it runs them (one per start), with what the containment
    /// line must say (null: any containment, e.g. the CPU refused it first and the guest reported it).
    /// </summary>
    public static readonly (string Name, string? Cause)[] FaulterAttacks =
    {
        ("read-other-domain", "stage-2 fault on read at 0x0000000044000000"),
        ("write-other-domain", "stage-2 fault on write at 0x0000000044000000"),
        ("read-hypervisor-image", "stage-2 fault on read at 0x0000000040080000"),
        ("write-hypervisor-image", "stage-2 fault on write at 0x0000000040080000"),
        ("write-hypervisor-reserved-low", "stage-2 fault on write at 0x0000000040001000"),
        ("write-channel-it-reads", "stage-2 fault on write at 0x00000000404"),
        ("write-read-only-region", "stage-2 fault on write at 0x0000000048000000"),
        ("execute-read-only-region", null),
        ("execute-other-domain", null),
        ("read-beyond-ipa", "at 0x0000008000000000"),
        ("read-beyond-pa", null),
        ("read-above-4g", "stage-2 fault on read at 0x0000000100000000"),
        ("device-not-owned", "stage-2 fault on read at 0x000000000a000200"),
        ("hypervisor-console-uart", "stage-2 fault on write at 0x0000000009000000"),
        ("gic-hyp-or-its-frame", null),
        ("gic-frame-not-owned", null),
        ("gicd-pair-load", "stage-2 fault on read at 0x0000000008000100"),
        ("debug-mdscr-write", "trapped system register access"),
        ("debug-breakpoint-register", "trapped system register access"),
        ("debug-os-lock", "trapped system register access"),
        ("physical-timer-ctl-write", "trapped system register access"),
        ("physical-timer-tval-read", "trapped system register access"),
        ("actlr-el1-write", "trapped system register access"),
        ("gic-sgi0r-write", null),
        ("page-tables-in-other-domain", "stage-2 fault during the guest's stage-1 table walk at 0x0000000044000"),
        ("undefined-instruction", "undefined instruction"),
        ("fatal-error-message-in-hypervisor", "(message outside the domain's memory)"),
        ("fatal-error-length-wraps", "(message outside the domain's memory)"),
        ("psci-system-reset", "reset requested (PSCI SYSTEM_RESET)"),
        ("domain-restart", "restart requested by the domain"),
        ("smc-system-reset", "reset requested (PSCI SYSTEM_RESET)"),
        ("cpu-off-last-vcpu", "every vCPU is off (PSCI CPU_OFF)"),
    };

    public static TheoryData<int, string> ProberCases()
    {
        var data = new TheoryData<int, string>();
        foreach (int gic in new[] { 3, 2 })
        {
            foreach (string attack in ProberAttacks) data.Add(gic, attack);
            if (gic == 3) foreach (string attack in ProberAttacksGicV3) data.Add(gic, attack);
        }
        return data;
    }

    public static TheoryData<int, string> FaulterCases()
    {
        var data = new TheoryData<int, string>();
        foreach (int gic in new[] { 3, 2 })
            foreach (var attack in FaulterAttacks) data.Add(gic, attack.Name);
        return data;
    }

    public static readonly TheoryData<int> GicVersions = new() { 3, 2 };

    private static RunResult Run(int gic) => HostileGuestRuns.Boot("hostile", gic);

    [Fact]
    public void TheSuiteHasAtLeastFiftyAttacks() =>
        Assert.True(ProberAttacks.Length + FaulterAttacks.Length >= 50);

    [Theory, MemberData(nameof(ProberCases))]
    public void ProberAttackIsRefused(int gic, string attack)
    {
        var run = Run(gic);
        string? verdict = run.Lines.FirstOrDefault(l => l == $"[prober] PASS {attack}" || l.StartsWith($"[prober] FAIL {attack}:"));
        Assert.True(verdict != null, $"no verdict for {attack}:\n{run.Console}");
        Assert.True(verdict == $"[prober] PASS {attack}", verdict);
    }

    [Theory, MemberData(nameof(FaulterCases))]
    public void FaulterAttackIsContained(int gic, string attack)
    {
        var run = Run(gic);
        int index = Array.FindIndex(FaulterAttacks, a => a.Name == attack);
        int at = run.Lines.ToList().IndexOf($"[faulter] ATTACK {attack}");
        Assert.True(at >= 0, $"the faulter never ran {attack}:\n{run.Console}");
        // The next line about the faulter is the hypervisor's: its own next line never came.
        string next = run.Lines.Skip(at + 1).First(l => l.StartsWith("[faulter]") || l.StartsWith("hv: domain faulter"));
        bool last = index == FaulterAttacks.Length - 1;
        string expected = last ? "hv: domain faulter stopped: " : $"hv: domain faulter restarting ({index + 1} of {FaulterAttacks.Length - 1}): ";
        Assert.StartsWith(expected, next);
        if (FaulterAttacks[index].Cause is string cause) Assert.Contains(cause, next);
        Assert.DoesNotContain($"[faulter] SURVIVED {attack}", run.Lines);
    }

    [Theory, MemberData(nameof(GicVersions))]
    public void ProberFindsNoFailureAndRunsEveryAttack(int gic)
    {
        var run = Run(gic);
        int expected = ProberAttacks.Length + (gic == 3 ? ProberAttacksGicV3.Length : 0);
        var verdicts = run.Lines.Where(l => l.StartsWith("[prober] PASS ") || l.StartsWith("[prober] FAIL ")).ToList();
        Assert.Equal(expected, verdicts.Count);
        Assert.Contains(run.Lines, l => l.StartsWith("[prober] SUMMARY prober: "));
    }

    [Theory, MemberData(nameof(GicVersions))]
    public void RestartUnderPolicyStopStopsTheDomain(int gic)
    {
        var run = Run(gic);
        int at = run.Lines.ToList().IndexOf("[prober] ATTACK restart-under-policy-stop");
        Assert.True(at >= 0, run.Console);
        string next = run.Lines.Skip(at + 1).First(l => l.StartsWith("[prober]") || l.StartsWith("hv: domain prober"));
        Assert.Equal("hv: domain prober stopped: restart limit (0) reached: restart requested by the domain", next);
        Assert.DoesNotContain(run.Lines, l => l.StartsWith("hv: domain prober restarting"));
    }

    [Theory, MemberData(nameof(GicVersions))]
    public void WitnessKeepsItsSequenceAndPeriod(int gic)
    {
        var run = Run(gic);
        HostileGuestRuns.AssertWitnessIntact(run, minTicks: 20, maxIntervalUs: HostileGuestRuns.MaxWitnessIntervalUs(gic));
    }

    [Theory, MemberData(nameof(GicVersions))]
    public void WitnessGetsDoorbellsButNoForeignSgis(int gic)
    {
        var run = Run(gic);
        var line = run.Lines.FirstOrDefault(l => l.StartsWith("[witness] doorbells "));
        Assert.True(line != null, run.Console);
        var m = Regex.Match(line!, @"doorbells (\d+), foreign SGIs (\d+)$");
        Assert.True(m.Success, line);
        Assert.True(int.Parse(m.Groups[1].Value) > 0, line);
        Assert.Equal("0", m.Groups[2].Value);
    }

    [Theory, MemberData(nameof(GicVersions))]
    public void AConsoleFloodLosesOnlyTheFloodersOwnLinesAndTheyAreCounted(int gic)
    {
        var run = Run(gic);
        var reports = run.Lines.Where(l => Regex.IsMatch(l, @"^hv: domain \S+: \d+ console lines? dropped \(output limit 4096 bytes/s\)$")).ToList();
        Assert.NotEmpty(reports);
        Assert.All(reports, l => Assert.StartsWith("hv: domain prober: ", l));
        int dropped = reports.Sum(l => int.Parse(Regex.Match(l, @": (\d+) console").Groups[1].Value));
        var accepted = Regex.Match(run.Lines.First(l => l.StartsWith("[prober] flood-console: ")), @"(\d+) of 300");
        int printed = run.Lines.Count(l => l.StartsWith("[prober] flood-console line "));
        Assert.True(dropped > 0 && printed < int.Parse(accepted.Groups[1].Value), $"{dropped} dropped, {printed} printed");
    }

    [Theory, MemberData(nameof(GicVersions))]
    public void TheHypervisorNeverPanicsAndPowersOffByItself(int gic)
    {
        var run = Run(gic);
        HostileGuestRuns.AssertNoPanic(run);
        Assert.Contains("hv: domain faulter stopped: every vCPU is off (PSCI CPU_OFF)", run.Lines);
    }
}
