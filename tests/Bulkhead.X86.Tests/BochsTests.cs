using Bulkhead.Build;
using Bulkhead.Emulation;
using Xunit;
using Xunit.Abstractions;

namespace Bulkhead.X86.Tests;

/// <summary>hv-x86 under Bochs with VT-x: guests entered through VMX, faults contained by the EPT and the exit handlers.</summary>
[Collection("bochs")]
public class BochsTests(ITestOutputHelper output)
{
    // Bochs's emulated time follows its instruction count (ips, clock sync=none), so this host-time
    // bound only ends a hung run; it is generous because two cores serve four emulated ones.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    /// <summary>Builds tests/systems/&lt;system&gt;.yaml (with the guest images it names by file) and boots it on every core of the board.</summary>
    private RunResult Boot(string system, IReadOnlyDictionary<string, byte[]>? files = null)
    {
        var built = X86Systems.Build(system, files);
        var machine = new BochsMachine { Iso = X86Systems.Iso(built.Hypervisor), Cores = built.Board.Cores.Count };
        var result = machine.Run(Timeout);
        output.WriteLine($"{result.Outcome} after {result.Elapsed.TotalSeconds:0.0} s:");
        foreach (var line in result.Lines) output.WriteLine(line);
        foreach (var line in machine.Diagnostics()) output.WriteLine("bochs.log: " + line);
        return result;
    }

    /// <summary>
    /// tests/systems/x86-demo.yaml: two hand-written guests and the SDK's probe test guest
    /// (tests/guests/probe, unchanged), whose "intruder" behaviour reads another domain's memory
    /// after two timer ticks.
    /// </summary>
    [Fact]
    public void GuestPrintsThroughHypercallsAndTheHostileGuestIsContainedByTheEpt()
    {
        var result = Boot("x86-demo", new Dictionary<string, byte[]>
        {
            ["hello.bin"] = TestGuests.Handwritten("hello"),
            ["hostile.bin"] = TestGuests.Handwritten("hostile"),
        });

        Assert.Equal(RunOutcome.PoweredOff, result.Outcome);
        Assert.Contains($"Bulkhead {ProductInfo.Version} (x64) running at VMX root on board bochs-x86, 4 cores", result.Lines);
        // The well-behaved guest: hypercall console, ABI version, CPUID with VMX hidden, emulated COM1.
        Assert.Contains("[hello] hello from a VMX guest, through the VMCALL console", result.Lines);
        Assert.Contains("[hello] CPUID: VMX hidden, hypervisor BulkheadHV", result.Lines);
        Assert.Contains("[hello] and this line went through the emulated COM1", result.Lines);
        Assert.Contains("hv: domain hello stopped: stopped itself", result.Lines);
        // The hostile guest reads the first byte past its memory (0x1400000): one containment line.
        Assert.Contains("[hostile] about to read outside my memory", result.Lines);
        string contained = Assert.Single(result.Lines, l => l.StartsWith("hv: domain hostile stopped: "));
        Assert.Matches(@"^hv: domain hostile stopped: EPT violation on read \(mov, 8 bytes\) at 0x0000000001400000 \(qualification=0x[0-9a-f]+, RIP=0x00000000012000[0-9a-f]{2}, vCPU 0\)$", contained);
        Assert.DoesNotContain(result.Lines, l => l.Contains("FAILED"));
        // The SDK's probe, built for x64 unchanged: greets, ticks, reads 0x44000000 (not its memory) and is stopped.
        Assert.Contains("[intruder-probe] hello from intruder-probe: domain 2, vCPU 0 of 1", result.Lines);
        Assert.Contains("[intruder-probe] tick 2 on vCPU 0", result.Lines);
        Assert.Contains(result.Lines, l => l.StartsWith("hv: domain intruder-probe stopped: EPT violation on read (mov, 4 bytes) at 0x0000000044000000 (qualification=0x"));
        Assert.DoesNotContain(result.Lines, l => l.StartsWith("[intruder-probe] read "));
        // The probe's own verdicts: CPU_ON of a vCPU outside its domain refused; no access that must be stopped returned.
        Assert.Contains("[intruder-probe] PASS cpu-on-foreign", result.Lines);
        Assert.DoesNotContain(result.Lines, l => l.Contains("] FAIL "));
        // The hypervisor survives all of them and ends the run itself.
        Assert.Contains("hv: no domain left running, powering off", result.Lines);
        Assert.DoesNotContain(result.Lines, l => l.StartsWith("PANIC"));
    }

    [Fact]
    public void ForbiddenPortsMsrsTripleFaultsAndWildWritesStopOnlyTheirDomain()
    {
        var result = Boot("x86-faults", new Dictionary<string, byte[]>
        {
            ["porter.bin"] = TestGuests.PortIo(),
            ["crasher.bin"] = TestGuests.TripleFault(),
            ["msr.bin"] = TestGuests.ForbiddenMsr(),
            ["writer.bin"] = TestGuests.WriteOutside(),
        });

        Assert.Equal(RunOutcome.PoweredOff, result.Outcome);
        // I/O outside COM1 is refused; the domain's policy restarts it once, then stops it.
        Assert.Equal(2, result.Lines.Count(l => l == "[porter] poking I/O port 0x80"));
        Assert.Contains(result.Lines, l => l.StartsWith("hv: domain porter restarting (1 of 1): I/O port access denied (out, port 0x80) at 0x0000000000000080"));
        Assert.Contains(result.Lines, l => l.StartsWith("hv: domain porter stopped: I/O port access denied (out, port 0x80)"));
        // A triple fault (empty IDT) is an exit like any other.
        Assert.Contains(result.Lines, l => l.StartsWith("hv: domain crasher stopped: triple fault"));
        // A forbidden MSR gets #GP in the guest; with no IDT of its own that ends in a triple fault.
        Assert.Contains("hv: domain msr: RDMSR 0x3a refused (#GP injected)", result.Lines);
        Assert.Contains(result.Lines, l => l.StartsWith("hv: domain msr stopped: triple fault"));
        // A 4-byte store past its memory.
        Assert.Contains(result.Lines, l => l.StartsWith("hv: domain writer stopped: EPT violation on write (mov, 4 bytes) at 0x0000000001400010"));
        Assert.Contains("hv: no domain left running, powering off", result.Lines);
        Assert.DoesNotContain(result.Lines, l => l.StartsWith("PANIC"));
    }

    /// <summary>
    /// tests/systems/x86-sdk.yaml: the SDK's sensor example (timer callbacks, heartbeats to a watchdog) and the probe test guest
    /// on two vCPUs (the second started with PSCI CPU_ON, pinged with an IPI), unchanged, as x64
    /// guests; and a domain that never sends heartbeats.
    /// </summary>
    [Fact]
    public void TheSdkExampleServicesRunUnchangedAsX64GuestsWithTimersAndAVcpuStartedByPsci()
    {
        var result = Boot("x86-sdk", new Dictionary<string, byte[]> { ["stuck.bin"] = TestGuests.Stuck() });

        Assert.Equal(RunOutcome.PoweredOff, result.Outcome);
        // Timer interrupts: periodic callbacks through the emulated x2APIC timer.
        Assert.Contains("[sensor] sensor service up on sensor, sampling every 100 ms", result.Lines);
        Assert.Equal(8, result.Lines.Count(l => l.StartsWith("[sensor] reading ")));
        Assert.Contains("[sensor] sensor service done", result.Lines);
        // Two vCPUs: the second started with PSCI CPU_ON, both tick, vCPU 0 sends vCPU 1 an IPI ("SGI 5").
        Assert.Contains("[smp-probe] hello from smp-probe: domain 1, vCPU 0 of 2", result.Lines);
        Assert.Contains("[smp-probe] vCPU 1 running", result.Lines);
        Assert.Contains("[smp-probe] tick 3 on vCPU 1", result.Lines);
        Assert.Contains("[smp-probe] SGI 5 received on vCPU 1", result.Lines);
        foreach (var check in new[] { "cpu-on-foreign", "cpu-on", "sgi", "timer" })
            Assert.Contains($"[smp-probe] PASS {check}", result.Lines);
        Assert.DoesNotContain(result.Lines, l => l.Contains("] FAIL "));
        // The health monitor: sensor feeds its watchdog (HEARTBEAT), the stuck domain does not.
        Assert.Contains(result.Lines, l => l.StartsWith("hv: domain stuck stopped: watchdog expired: no heartbeat for ") && l.EndsWith(" ms (period 100 ms)"));
        Assert.DoesNotContain(result.Lines, l => l.StartsWith("hv: domain sensor stopped: watchdog"));
        foreach (var name in new[] { "sensor", "smp-probe" })
            Assert.Contains($"hv: domain {name} stopped: powered off (PSCI SYSTEM_OFF)", result.Lines);
        // A stopped domain's other vCPU stops with it (its core is signalled): nothing of it after the stop line.
        int stopped = result.Lines.ToList().IndexOf("hv: domain smp-probe stopped: powered off (PSCI SYSTEM_OFF)");
        Assert.DoesNotContain(result.Lines.Skip(stopped + 1), l => l.StartsWith("[smp-probe]"));
        Assert.Contains("hv: no domain left running, powering off", result.Lines);
        Assert.DoesNotContain(result.Lines, l => l.StartsWith("PANIC"));
    }

    /// <summary>tests/systems/x86-channels.yaml: the SDK's Channel API between two probe guests: shared pages mapped by the EPT, doorbells injected as the reader's interrupt.</summary>
    [Fact]
    public void ChannelsCarryAPingAndItsAnswerBetweenTwoDomainsWithDoorbells()
    {
        var result = Boot("x86-channels");

        Assert.Equal(RunOutcome.PoweredOff, result.Outcome);
        Assert.Contains("[pinger-alpha] channel 0 out at 0x4000000, channel 1 in at 0x4001000", result.Lines);
        Assert.Contains("[ponger-beta] channel 1 out at 0x4001000, channel 0 in at 0x4000000", result.Lines);
        Assert.Contains("[pinger-alpha] ping 0x1234 sent: rang", result.Lines);
        Assert.Contains("[ponger-beta] ping 0x1234 answered", result.Lines);
        Assert.Contains("[pinger-alpha] pong 0x1235", result.Lines);
        Assert.Contains("[ponger-beta] PASS ping-received", result.Lines);
        Assert.Contains("[pinger-alpha] PASS ping-pong", result.Lines);
        Assert.DoesNotContain(result.Lines, l => l.Contains("] FAIL "));
        Assert.Contains("hv: no domain left running, powering off", result.Lines);
        Assert.DoesNotContain(result.Lines, l => l.StartsWith("PANIC"));
    }

    /// <summary>
    /// tests/systems/x86-regcheck.yaml: the register contract of docs/abi.md on x86-64. Each of two
    /// domains puts patterns into every general register, the status flags, xmm0-15, MXCSR and the
    /// x87 control word, takes each kind of VM exit and judges what came back (tests/guests/regcheck-x64).
    /// </summary>
    [Fact]
    public void EveryRegisterSurvivesEveryKindOfExit()
    {
        var result = Boot("x86-regcheck");

        Assert.Equal(RunOutcome.PoweredOff, result.Outcome);
        string[] checks =
        [
            "vmcall-abi-version", "vmcall-console-write", "vmcall-domain-info", "vmcall-yield", "vmcall-heartbeat",
            "vmcall-domain-name", "vmcall-vcpu-stats", "vmcall-channel-info", "vmcall-channel-notify", "vmcall-unknown",
            "psci-version", "psci-features", "psci-affinity-info", "psci-cpu-on-already-on",
            "cpuid-leaf-0", "cpuid-leaf-1", "cpuid-hypervisor-leaf", "rdmsr-x2apic-id", "rdmsr-tsc", "wrmsr-tsc-aux",
            "in-uart-line-status", "out-uart-scratch", "hlt",
        ];
        foreach (var domain in new[] { "regs-alpha", "regs-beta" })
        {
            foreach (var check in checks) Assert.Contains($"[{domain}] PASS {check}", result.Lines);
            Assert.Equal(3, result.Lines.Count(l => l == $"[{domain}] PASS timer-interrupt-while-spinning"));
            Assert.Contains($"[{domain}] console write probe", result.Lines);
            Assert.Contains($"[{domain}] regcheck done: 0 failures", result.Lines);
            Assert.Contains($"hv: domain {domain} stopped: powered off (PSCI SYSTEM_OFF)", result.Lines);
        }
        Assert.DoesNotContain(result.Lines, l => l.Contains("] FAIL "));
        Assert.Contains("hv: no domain left running, powering off", result.Lines);
        Assert.DoesNotContain(result.Lines, l => l.StartsWith("PANIC"));
    }
}
