using Bulkhead.Core.Abi;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Bulkhead.X86.Tests;

/// <summary>
/// The x86 attackers of tests/systems/x86-hostile.yaml (docs/hostile-suite.md, "x86"), generated
/// with Iced because the attacks need exact instructions. The addresses are that system's.
/// <list type="bullet">
/// <item>the prober: attacks the hypervisor must refuse in place, each judged by the guest itself
/// (<c>PASS name</c> / <c>FAIL name</c>); then it marks its channel done and stops.</item>
/// <item>the faulter: one attack per start that must end its run (<c>ATTACK name</c>, then the
/// access; <c>SURVIVED name</c> if it returned). The attack number lives in the channel it writes
/// (not reloaded with the image); the last attack, CPU_OFF of its only vCPU, stops it.</item>
/// </list>
/// </summary>
public static class HostileX86Guests
{
    public const ulong WitnessRam = 0x1000000, HypervisorImage = 0x200000;
    public const ulong ProberReadOnly = 0x2100000, FaulterReadOnly = 0x3100000;
    public const ulong ProberOut = 0x4000000, WitnessOut = 0x4001000, Progress = 0x4002000;
    public const ulong DoneMark = 0xD0E;
    private const ulong BeyondRam = 0x1000000000;        // 64 GiB
    private const uint MsrFeatureControl = 0x3A, MsrApicBase = 0x1B, MsrVmxBasic = 0x480, MsrX2ApicIcr = 0x830;
    private const int VectorGp = 13;

    /// <summary>The prober's attacks, in the order it runs them (the xunit test asserts one PASS line each).</summary>
    public static readonly string[] ProberAttacks =
    [
        "console-write-other-domain", "console-write-hypervisor-image", "console-write-length-wraps",
        "console-write-address-wraps", "console-write-straddles-ram-end", "console-write-too-long",
        "domain-name-read-only-region", "domain-name-channel-it-reads", "domain-name-other-domain",
        "domain-name-hypervisor-image", "domain-name-address-wraps", "domain-name-length-wraps",
        "channel-info-index-wraps", "channel-info-not-party", "channel-notify-as-reader",
        "channel-notify-not-party", "channel-notify-index-wraps", "unknown-hypercall-ids",
        "abi-version-ignores-garbage-arguments", "cpu-on-foreign-vcpu", "cpu-on-absent-vcpu",
        "affinity-info-foreign-vcpu", "psci-cpu-suspend-refused", "psci-system-reset2-refused",
        "rdmsr-feature-control-gp", "rdmsr-vmx-basic-gp", "wrmsr-apic-base-gp", "rdmsr-unknown-gp",
        "ipi-to-absent-vcpu-gp", "ipi-vector-below-32-gp", "cpuid-hides-vmx", "cpuid-hides-xsave",
        "doorbell-flood-limited",
    ];

    /// <summary>The prober's last act, after its done mark: this line 300 times at once (over its console budget).</summary>
    public const string FloodLine = "flooding the console with this line of text, again and again and again";

    public static byte[] Prober()
    {
        var g = new GuestCode();
        var a = g.A;
        InstallGpCatcher(g);

        long invalid = HypercallStatus.InvalidParameters, denied = HypercallStatus.Denied;
        Status(g, "console-write-other-domain", Hypercall.ConsoleWrite, WitnessRam, 16, invalid);
        Status(g, "console-write-hypervisor-image", Hypercall.ConsoleWrite, HypervisorImage, 16, invalid);
        OwnRam(g, "console-write-length-wraps", Hypercall.ConsoleWrite, 0, ulong.MaxValue, invalid);
        Status(g, "console-write-address-wraps", Hypercall.ConsoleWrite, ulong.MaxValue - 7, 16, invalid);
        RamEnd(g, "console-write-straddles-ram-end", Hypercall.ConsoleWrite, invalid);
        OwnRam(g, "console-write-too-long", Hypercall.ConsoleWrite, 0, Hypercall.MaxConsoleWrite + 1, invalid);
        Status(g, "domain-name-read-only-region", Hypercall.DomainName, ProberReadOnly, 32, invalid);
        Status(g, "domain-name-channel-it-reads", Hypercall.DomainName, WitnessOut, 32, invalid);
        Status(g, "domain-name-other-domain", Hypercall.DomainName, WitnessRam, 32, invalid);
        Status(g, "domain-name-hypervisor-image", Hypercall.DomainName, HypervisorImage, 32, invalid);
        Status(g, "domain-name-address-wraps", Hypercall.DomainName, ulong.MaxValue - 7, 32, invalid);
        OwnRam(g, "domain-name-length-wraps", Hypercall.DomainName, 0x1000, ulong.MaxValue, invalid);
        Status(g, "channel-info-index-wraps", Hypercall.ChannelInfo, 1UL << 32, 0, invalid);
        Status(g, "channel-info-not-party", Hypercall.ChannelInfo, 2, 0, denied);
        Status(g, "channel-notify-as-reader", Hypercall.ChannelNotify, 1, 0, denied);
        Status(g, "channel-notify-not-party", Hypercall.ChannelNotify, 2, 0, denied);
        Status(g, "channel-notify-index-wraps", Hypercall.ChannelNotify, 1UL << 32, 0, invalid);
        UnknownIds(g);
        g.Call(Hypercall.AbiVersion, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue);
        g.Verdict("abi-version-ignores-garbage-arguments", fail =>
        {
            a.test(rax, rax);
            a.jne(fail);
            a.cmp(rdi, (int)((Hypercall.VersionMajor << 16) | Hypercall.VersionMinor));
            a.jne(fail);
        });
        Psci(g, "cpu-on-foreign-vcpu", PsciFunction.CpuOn64, 1, PsciFunction.InvalidParameters);
        Psci(g, "cpu-on-absent-vcpu", PsciFunction.CpuOn64, 0xFF, PsciFunction.InvalidParameters);
        Psci(g, "affinity-info-foreign-vcpu", PsciFunction.AffinityInfo64, 5, PsciFunction.InvalidParameters);
        Status(g, "psci-cpu-suspend-refused", 0xC4000001, 0, 0, PsciFunction.NotSupported);
        Status(g, "psci-system-reset2-refused", 0xC4000012, 0, 0, PsciFunction.NotSupported);

        ExpectGp(g, "rdmsr-feature-control-gp", () => { a.mov(ecx, MsrFeatureControl); a.rdmsr(); });
        ExpectGp(g, "rdmsr-vmx-basic-gp", () => { a.mov(ecx, MsrVmxBasic); a.rdmsr(); });
        ExpectGp(g, "wrmsr-apic-base-gp", () => { a.mov(ecx, MsrApicBase); a.xor(eax, eax); a.xor(edx, edx); a.wrmsr(); });
        ExpectGp(g, "rdmsr-unknown-gp", () => { a.mov(ecx, 0x40000000); a.rdmsr(); });
        // The ICR names a vCPU of the caller's domain in bits 63:32: vCPU 3 does not exist.
        ExpectGp(g, "ipi-to-absent-vcpu-gp", () => { a.mov(ecx, MsrX2ApicIcr); a.mov(eax, 0x40); a.mov(edx, 3); a.wrmsr(); });
        ExpectGp(g, "ipi-vector-below-32-gp", () => { a.mov(ecx, MsrX2ApicIcr); a.mov(eax, 0x02); a.xor(edx, edx); a.wrmsr(); });

        a.mov(eax, 1);
        a.xor(ecx, ecx);
        a.cpuid();
        a.mov(r14d, ecx);
        g.Verdict("cpuid-hides-vmx", fail => { a.bt(r14d, 5); a.jc(fail); });
        g.Verdict("cpuid-hides-xsave", fail => { a.bt(r14d, 26); a.jc(fail); });

        // 2,000 doorbells at once: the plan's limit must refuse some (BUSY) and the witness keeps its pace.
        a.xor(r15d, r15d);
        a.mov(r14d, 2000);
        var ring = a.CreateLabel();
        var counted = a.CreateLabel();
        a.Label(ref ring);
        g.Call(Hypercall.ChannelNotify, 0);
        a.cmp(rax, (int)HypercallStatus.Busy);
        a.jne(counted);
        a.inc(r15);
        a.Label(ref counted);
        a.dec(r14d);
        a.jnz(ring);
        g.Verdict("doorbell-flood-limited", fail => { a.test(r15, r15); a.jz(fail); });

        a.mov(rbx, ProberOut);
        a.mov(rax, DoneMark);
        a.mov(__qword_ptr[rbx], rax);
        g.Print("prober done\n");

        // 300 console lines at once: over its budget it loses its own lines, nobody else's.
        a.mov(r14d, 300);
        var line = a.CreateLabel();
        a.Label(ref line);
        g.Print(FloodLine + "\n");
        a.dec(r14d);
        a.jnz(line);
        return g.Assemble();
    }

    /// <summary>The faulter's attacks in order, each with the start of the cause the hypervisor must report.</summary>
    public static readonly (string Name, string Cause)[] FaulterAttacks =
    [
        ("write-witness-ram", "EPT violation on write (mov, 4 bytes) at 0x0000000001000000"),
        ("read-witness-ram", "EPT violation on read (mov, 8 bytes) at 0x0000000001000000"),
        ("exec-witness-code", "EPT violation on instruction fetch at 0x0000000001000000"),
        ("write-hypervisor-image", "EPT violation on write (mov, 8 bytes) at 0x0000000000200000"),
        ("read-hypervisor-image", "EPT violation on read (mov, 8 bytes) at 0x0000000000200000"),
        ("write-channel-it-reads", "EPT violation on write (mov, 8 bytes) at 0x0000000004001000"),
        ("write-read-only-region", "EPT violation on write (mov, 8 bytes) at 0x0000000003100000"),
        ("read-local-apic-mmio", "EPT violation on read (mov, 4 bytes) at 0x00000000fee00030"),
        ("read-io-apic-mmio", "EPT violation on read (mov, 4 bytes) at 0x00000000fec00000"),
        ("read-beyond-physical-ram", "EPT violation on read (mov, 8 bytes) at 0x0000001000000000"),
        ("page-tables-in-witness-ram", "EPT violation on read"),
        ("idt-in-witness-ram", "EPT violation on read"),
        ("port-pci-config", "I/O port access denied (out, port 0xcf8)"),
        ("port-pic-mask", "I/O port access denied (in, port 0x21)"),
        ("port-com1-string", "I/O port access denied (out, port 0x3f8)"),
        ("port-com1-wide", "I/O port access denied (out, port 0x3f8)"),
        ("vmread", "VMX instruction"),
        ("invept", "INVEPT"),
        ("invd", "INVD"),
        ("cr4-set-vmxe", "control register access"),
        ("hlt-with-interrupts-masked", "watchdog expired"),
        ("triple-fault", "triple fault"),
        ("cpu-off-last-vcpu", "every vCPU is off (PSCI CPU_OFF)"),
    ];

    public static byte[] Faulter()
    {
        var g = new GuestCode();
        var a = g.A;
        // The attack number: read from the progress channel, counted up for the next start.
        a.mov(rbx, Progress);
        a.mov(r15, __qword_ptr[rbx]);
        a.lea(rax, __[r15 + 1]);
        a.mov(__qword_ptr[rbx], rax);
        for (int k = 0; k < FaulterAttacks.Length; k++)
        {
            var next = a.CreateLabel();
            a.cmp(r15, k);
            a.jne(next);
            string name = FaulterAttacks[k].Name;
            g.Print($"ATTACK {name}\n");
            Attack(g, name);
            g.Print($"SURVIVED {name}\n");
            g.Call(Hypercall.DomainRestart);
            a.Label(ref next);
        }
        g.Print("faulter has no attack left\n");
        return g.Assemble();
    }

    private static void Attack(GuestCode g, string name)
    {
        var a = g.A;
        switch (name)
        {
            case "write-witness-ram": a.mov(rbx, WitnessRam); a.mov(__dword_ptr[rbx], 0x0BADC0DE); break;
            case "read-witness-ram": a.mov(rbx, WitnessRam); a.mov(rax, __qword_ptr[rbx]); break;
            case "exec-witness-code": a.mov(rbx, WitnessRam); a.jmp(rbx); break;
            case "write-hypervisor-image": a.mov(rbx, HypervisorImage); a.mov(__qword_ptr[rbx], rbx); break;
            case "read-hypervisor-image": a.mov(rbx, HypervisorImage); a.mov(rax, __qword_ptr[rbx]); break;
            case "write-channel-it-reads": a.mov(rbx, WitnessOut); a.mov(__qword_ptr[rbx], rbx); break;
            case "write-read-only-region": a.mov(rbx, FaulterReadOnly); a.mov(__qword_ptr[rbx], rbx); break;
            case "read-local-apic-mmio": a.mov(ebx, 0xFEE00030); a.mov(eax, __dword_ptr[rbx]); break;
            case "read-io-apic-mmio": a.mov(ebx, 0xFEC00000); a.mov(eax, __dword_ptr[rbx]); break;
            case "read-beyond-physical-ram":
                // Its own page tables may map anything; the EPT must not: PDPT entry 64 (linear 64 GiB)
                // becomes a 1 GiB page at physical 64 GiB, far past the board's RAM.
                a.mov(rax, cr3);
                a.and(rax, -0x1000);
                a.mov(rcx, BeyondRam | 0x83);               // present, writable, 1 GiB page
                a.mov(__qword_ptr[rax + 0x1000 + 64 * 8], rcx);
                a.mov(cr3, rax);                            // flush the TLB
                a.mov(rbx, BeyondRam);
                a.mov(rax, __qword_ptr[rbx]);
                break;
            case "page-tables-in-witness-ram": a.mov(rax, WitnessRam); a.mov(cr3, rax); a.nop(); break;
            case "idt-in-witness-ram":
                a.lea(rbx, __[r12 + 0x20000]);
                a.mov(__word_ptr[rbx], 0xFFF);
                a.mov(rax, WitnessRam);
                a.mov(__qword_ptr[rbx + 2], rax);
                a.lidt(__[rbx]);
                a.int3();
                break;
            case "port-pci-config": a.mov(edx, 0xCF8); a.mov(eax, 0x80000000); a.@out(dx, eax); break;
            case "port-pic-mask": a.@in(al, 0x21); break;
            case "port-com1-string": a.mov(edx, 0x3F8); a.lea(rsi, __[r12]); a.mov(ecx, 4); a.rep.outsb(); break;
            case "port-com1-wide": a.mov(edx, 0x3F8); a.mov(eax, 0x41414141); a.@out(dx, eax); break;
            case "vmread": a.xor(ebx, ebx); a.vmread(rax, rbx); break;
            case "invept": a.lea(rbx, __[r12 + 0x20000]); a.mov(eax, 2); a.invept(rax, __xmmword_ptr[rbx]); break;
            case "invd": a.invd(); break;
            case "cr4-set-vmxe": a.mov(rax, cr4); a.bts(rax, 13); a.mov(cr4, rax); break;
            case "hlt-with-interrupts-masked": a.cli(); a.hlt(); break;
            case "triple-fault":
                a.push(0);
                a.push(0);
                a.lidt(__[rsp + 6]);
                a.ud2();
                break;
            case "cpu-off-last-vcpu":
                a.mov(rbx, Progress);
                a.mov(rax, DoneMark);
                a.mov(__qword_ptr[rbx + 8], rax);
                g.Call(PsciFunction.CpuOff);
                break;
            default: throw new ArgumentException($"no attack named {name}");
        }
    }

    // ---- prober helpers ----

    private static void Status(GuestCode g, string name, uint function, ulong a1, ulong a2, long expected)
    {
        g.Call(function, a1, a2);
        g.ExpectStatus(name, expected);
    }

    private static void Psci(GuestCode g, string name, uint function, ulong target, long expected)
    {
        g.A.mov(rdi, target);
        g.A.mov(rsi, r12);                                   // an entry point in its own RAM
        g.A.xor(edx, edx);
        g.A.mov(eax, unchecked((int)function));
        g.A.vmcall();
        g.ExpectStatus(name, expected);
    }

    /// <summary>A call whose buffer is at <paramref name="offset"/> in its own RAM.</summary>
    private static void OwnRam(GuestCode g, string name, uint function, ulong offset, ulong length, long expected)
    {
        g.A.lea(rdi, __[r12 + (long)offset]);
        g.A.mov(rsi, length);
        g.A.mov(eax, unchecked((int)function));
        g.A.vmcall();
        g.ExpectStatus(name, expected);
    }

    /// <summary>A buffer that starts 8 bytes before the end of its RAM and runs 16 bytes past it.</summary>
    private static void RamEnd(GuestCode g, string name, uint function, long expected)
    {
        g.A.lea(rdi, __[r12 + r13 - 8]);
        g.A.mov(esi, 16);
        g.A.mov(eax, unchecked((int)function));
        g.A.vmcall();
        g.ExpectStatus(name, expected);
    }

    /// <summary>Every id past the ABI's last function in its range, and a few far beyond: all NOT_SUPPORTED.</summary>
    private static void UnknownIds(GuestCode g)
    {
        var a = g.A;
        g.Verdict("unknown-hypercall-ids", fail =>
        {
            var loop = a.CreateLabel();
            a.mov(r15d, Hypercall.ServiceBase | (Hypercall.LastFunction + 1));
            a.Label(ref loop);
            a.mov(eax, r15d);
            a.vmcall();
            a.cmp(rax, -1);
            a.jne(fail);
            a.inc(r15d);
            a.cmp(r15d, unchecked((int)(Hypercall.ServiceBase | 0x100)));
            a.jb(loop);
            foreach (uint id in new uint[] { 0xC600FFFF, 0xC6010000, 0xC7000000, 0x86000001, 0xFFFFFFFF })
            {
                a.mov(eax, unchecked((int)id));
                a.vmcall();
                a.cmp(rax, -1);
                a.jne(fail);
            }
        });
    }

    /// <summary>
    /// A GDT (the guest is entered with CS 0x08 / SS 0x10 but no descriptor table, which delivering
    /// an exception needs) and an IDT whose #GP entry records the vector in R14 and skips the 2-byte
    /// RDMSR/WRMSR that raised it (every other vector is absent: anything else ends in a triple fault).
    /// </summary>
    private static void InstallGpCatcher(GuestCode g)
    {
        var a = g.A;
        var handler = a.CreateLabel();
        var over = a.CreateLabel();
        a.lea(rbx, __[r12 + 0x82000]);                     // null, 64-bit code (0x08), data (0x10)
        a.mov(__qword_ptr[rbx], 0);
        a.mov(rax, 0x00AF9A000000FFFFUL);
        a.mov(__qword_ptr[rbx + 8], rax);
        a.mov(rax, 0x00CF92000000FFFFUL);
        a.mov(__qword_ptr[rbx + 16], rax);
        a.lea(rcx, __[r12 + 0x83000]);
        a.mov(__word_ptr[rcx], 23);
        a.mov(__qword_ptr[rcx + 2], rbx);
        a.lgdt(__[rcx]);
        a.lea(rdi, __[r12 + 0x80000]);                     // the IDT page, zeroed: no vector present
        a.xor(eax, eax);
        a.mov(ecx, 512);
        a.rep.stosq();
        a.lea(rbx, __[r12 + 0x80000 + VectorGp * 16]);
        a.lea(rax, __[handler]);
        a.mov(__word_ptr[rbx], ax);
        a.mov(cx, cs);
        a.mov(__word_ptr[rbx + 2], cx);
        a.mov(__word_ptr[rbx + 4], 0x8E00);                // present 64-bit interrupt gate, DPL 0
        a.shr(rax, 16);
        a.mov(__word_ptr[rbx + 6], ax);
        a.shr(rax, 16);
        a.mov(__dword_ptr[rbx + 8], eax);
        a.mov(__dword_ptr[rbx + 12], 0);
        a.lea(rbx, __[r12 + 0x81000]);
        a.mov(__word_ptr[rbx], 0xFFF);
        a.lea(rax, __[r12 + 0x80000]);
        a.mov(__qword_ptr[rbx + 2], rax);
        a.lidt(__[rbx]);
        a.jmp(over);
        a.Label(ref handler);
        a.add(rsp, 8);                                     // the error code
        a.add(__qword_ptr[rsp], 2);                        // past RDMSR/WRMSR
        a.mov(r14d, VectorGp);
        a.iretq();
        a.Label(ref over);
    }

    private static void ExpectGp(GuestCode g, string name, Action access)
    {
        var a = g.A;
        a.xor(r14d, r14d);
        access();
        g.Verdict(name, fail => { a.cmp(r14d, VectorGp); a.jne(fail); });
    }
}
