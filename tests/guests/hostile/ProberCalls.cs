using Bulkhead.Core.Abi;
using Bulkhead.Guest;
using static Layout;

/// <summary>Every hypercall with hostile arguments: other domains, the hypervisor, read-only targets, wrapping, out-of-range indices.</summary>
public static unsafe class ProberCalls
{
    private const ulong OwnEnd = ProberRam + ProberRamSize;

    public static void Run()
    {
        byte* text = (byte*)Memory.AllocateZeroed(512);
        for (int i = 0; i < 512; i++) text[i] = (byte)'.';
        ulong buffer = (ulong)text;

        Verdict.Status("console-write-other-domain", Calls.Hvc(Hypercall.ConsoleWrite, WitnessRam, 16), Calls.Invalid);
        Verdict.Status("console-write-hypervisor-image", Calls.Hvc(Hypercall.ConsoleWrite, HypervisorImage, 16), Calls.Invalid);
        Verdict.Status("console-write-length-wraps", Calls.Hvc(Hypercall.ConsoleWrite, buffer, ~0UL), Calls.Invalid);
        Verdict.Status("console-write-address-wraps", Calls.Hvc(Hypercall.ConsoleWrite, ~0UL - 15, 32), Calls.Invalid);
        Verdict.Status("console-write-too-long", Calls.Hvc(Hypercall.ConsoleWrite, buffer, 257), Calls.Invalid);
        Verdict.Status("console-write-straddles-ram-end", Calls.Hvc(Hypercall.ConsoleWrite, OwnEnd - 8, 16), Calls.Invalid);
        Verdict.Status("console-write-beyond-ipa", Calls.Hvc(Hypercall.ConsoleWrite, BeyondIpa, 8), Calls.Invalid);

        NameInto("domain-name-read-only-region", ProberReadOnly, 32, Calls.Invalid);
        Channel.Open(WitnessToOthers, out Channel input);
        NameInto("domain-name-channel-it-reads", input.Base, 32, Calls.Invalid);
        Verdict.Status("domain-name-other-domain", Calls.Hvc(Hypercall.DomainName, WitnessRam, 32), Calls.Invalid);
        Verdict.Status("domain-name-hypervisor-image", Calls.Hvc(Hypercall.DomainName, HypervisorImage, 32), Calls.Invalid);
        Verdict.Status("domain-name-address-wraps", Calls.Hvc(Hypercall.DomainName, ~0UL - 7, 32), Calls.Invalid);
        Verdict.Status("domain-name-length-wraps", Calls.Hvc(Hypercall.DomainName, buffer, ~0UL), Calls.Invalid);
        StraddlingName();
        NameInto("domain-name-into-rw-region", ProberNoExecute, 32, Calls.Success);

        Verdict.Status("channel-info-index-wraps", Calls.Hvc(Hypercall.ChannelInfo, 1UL << 32), Calls.Invalid);
        Verdict.Status("channel-info-index-max", Calls.Hvc(Hypercall.ChannelInfo, ~0UL), Calls.Invalid);
        Verdict.Status("channel-info-not-party", Calls.Hvc(Hypercall.ChannelInfo, FaulterProgress), Calls.Denied);
        Verdict.Status("channel-notify-as-reader", Calls.Hvc(Hypercall.ChannelNotify, WitnessToOthers), Calls.Denied);
        Verdict.Status("channel-notify-not-party", Calls.Hvc(Hypercall.ChannelNotify, FaulterProgress), Calls.Denied);
        Verdict.Status("channel-notify-index-wraps", Calls.Hvc(Hypercall.ChannelNotify, (1UL << 32) | ProberToWitness), Calls.Invalid);

        UnknownIds();
        ManagementDenied();
        long status = Calls.Hvc(Hypercall.AbiVersion, ~0UL, ~0UL, ~0UL);
        Verdict.Check("abi-version-ignores-garbage-arguments", status == 0 && Calls.R1 == ((Hypercall.VersionMajor << 16) | Hypercall.VersionMinor), string.Concat("status ", status.ToString(), ", x1 0x", Calls.R1.ToString("x")));
        var odd = Code.CallRoutine(false, 0x1234);
        status = odd(Hypercall.DomainInfo, 0, 0, 0);
        Verdict.Check("hvc-nonzero-immediate", status == 0 || status == Calls.NotSupported, string.Concat("status ", status.ToString()));
        Verdict.Status("smc-psci-version", Calls.Smc(PsciFunction.Version), PsciFunction.Version1_1);
        Verdict.Status("smc-sip-service-refused", Calls.Smc(0xC2000000), Calls.NotSupported);
        Verdict.Status("smc-trusted-os-refused", Calls.Smc(0xB2000000), Calls.NotSupported);
        Verdict.Status("smc-cpu-on-physical-core", Calls.Smc(PsciFunction.CpuOn64, 3, ProberRam, 0), Calls.Invalid);
    }

    /// <summary>DOMAIN_NAME into a region: the expected status, and for a refusal the region is unchanged.</summary>
    private static void NameInto(string attack, ulong target, ulong length, long expected)
    {
        ulong before = *(ulong*)target;
        long status = Calls.Hvc(Hypercall.DomainName, target, length);
        ulong after = *(ulong*)target;
        if (status != expected) Verdict.Fail(attack, string.Concat("status ", status.ToString(), ", expected ", expected.ToString()));
        else if (expected != Calls.Success && before != after) Verdict.Fail(attack, string.Concat("memory changed to 0x", after.ToString("x")));
        else if (expected == Calls.Success && *(byte*)target != (byte)'p') Verdict.Fail(attack, "name not written");
        else Verdict.Pass(attack);
    }

    /// <summary>A name buffer running past the end of the domain's RAM: refused, and its first bytes untouched.</summary>
    private static void StraddlingName()
    {
        uint* last = (uint*)(OwnEnd - 4);
        uint saved = *last;
        *last = 0x5A5A5A5A;
        long status = Calls.Hvc(Hypercall.DomainName, OwnEnd - 4, 32);
        uint after = *last;
        *last = saved;
        Verdict.Check("domain-name-straddles-ram-end", status == Calls.Invalid && after == 0x5A5A5A5A,
            string.Concat("status ", status.ToString(), ", last word 0x", after.ToString("x")));
    }

    /// <summary>The prober manages nobody: every management call on any domain (itself, 0-31, beyond) is denied.</summary>
    private static void ManagementDenied()
    {
        long list = Calls.Hvc(Hypercall.MgmtList, 0, 0, 0);
        ulong managed = Calls.R1;
        for (ulong d = 0; d < 40; d++)
        {
            long stop = Calls.Hvc(Hypercall.MgmtControl, d, 1, 0), restart = Calls.Hvc(Hypercall.MgmtControl, d, 3, 0);
            long status = Calls.Hvc(Hypercall.MgmtStatus, d, OwnEnd - 4096, 4096), console = Calls.Hvc(Hypercall.MgmtConsole, d, OwnEnd - 4096, 4096);
            if (stop != Calls.Denied || restart != Calls.Denied || status != Calls.Denied || console != Calls.Denied)
            {
                Verdict.Fail("management-denied", string.Concat("domain ", d.ToString(), ": stop ", stop.ToString(), ", restart ", restart.ToString(),
                    ", status ", status.ToString(), ", console ", console.ToString()));
                return;
            }
        }
        Verdict.Check("management-denied", list == Calls.Success && managed == 0, string.Concat("MGMT_LIST returned ", list.ToString(), ", mask 0x", managed.ToString("x")));
    }

    private static void UnknownIds()
    {
        ulong* ids = stackalloc ulong[] { 0xC6000011, 0xC600001F, 0xC60000FF, 0xC600FFFF, 0xC6010000, 0xC7000000, 0x86000001, 0xC5000000, 0x8600000B };
        for (int i = 0; i < 9; i++)
        {
            long status = Calls.Hvc(ids[i], 1, 2, 3);
            if (status != Calls.NotSupported)
            {
                Verdict.Fail("unknown-hypercall-ids", string.Concat("0x", ids[i].ToString("x"), " returned ", status.ToString()));
                return;
            }
        }
        Verdict.Pass("unknown-hypercall-ids");
    }
}
