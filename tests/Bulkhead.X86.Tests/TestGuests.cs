using Bulkhead.Build;
using Bulkhead.Core.Abi;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Bulkhead.X86.Tests;

/// <summary>
/// Guest images for the tests. The two hand-written ones come from hv-x86/guests (assembled by
/// the build library); the hostile variants are generated with Iced's assembler: 64-bit,
/// position-independent code entered with RSI = RAM base and RDX = RAM size (docs/x86.md).
/// </summary>
public static class TestGuests
{
    public static byte[] Handwritten(string name) =>
        File.ReadAllBytes(X86BootMedia.TestGuest(Toolchain.Locate(), X86Systems.Repo, name));

    /// <summary>Prints <paramref name="message"/>, then runs <paramref name="body"/>, then stops itself.</summary>
    public static byte[] Generate(string message, Action<Assembler> body)
    {
        var a = new Assembler(64);
        var text = a.CreateLabel();
        a.mov(r12, rsi);                        // RAM base and size, for the body
        a.mov(r13, rdx);
        a.lea(rdi, __[text]);
        a.mov(esi, message.Length);
        a.mov(eax, unchecked((int)Hypercall.ConsoleWrite));
        a.vmcall();
        a.mov(rsi, r12);
        a.mov(rdx, r13);
        body(a);
        a.mov(eax, unchecked((int)Hypercall.DomainStop));
        a.vmcall();
        a.hlt();
        a.Label(ref text);
        a.db(System.Text.Encoding.ASCII.GetBytes(message));
        using var stream = new MemoryStream();
        a.Assemble(new StreamCodeWriter(stream), 0);
        return stream.ToArray();
    }

    /// <summary>Writes to a port nobody gave it (the PC speaker / POST port 0x80).</summary>
    public static byte[] PortIo() => Generate("poking I/O port 0x80\n", a =>
    {
        a.mov(al, 0x55);
        a.@out(0x80, al);
    });

    /// <summary>Loads an empty IDT and raises an exception: #UD, then #DF, then a triple fault.</summary>
    public static byte[] TripleFault() => Generate("about to triple-fault\n", a =>
    {
        a.push(0);
        a.push(0);
        a.lidt(__[rsp + 6]);
        a.ud2();
    });

    /// <summary>Reads an MSR that is not on the allow-list (IA32_FEATURE_CONTROL): #GP, and without an IDT a triple fault.</summary>
    public static byte[] ForbiddenMsr() => Generate("reading IA32_FEATURE_CONTROL\n", a =>
    {
        a.mov(ecx, 0x3A);
        a.rdmsr();
    });

    /// <summary>Never sends a heartbeat: spins forever (its watchdog must end it).</summary>
    public static byte[] Stuck() => Generate("spinning without heartbeats\n", a =>
    {
        var loop = a.CreateLabel();
        a.Label(ref loop);
        a.pause();
        a.jmp(loop);
    });

    /// <summary>Writes into the first page past its own memory (RSI + RDX).</summary>
    public static byte[] WriteOutside() => Generate("writing outside my memory\n", a =>
    {
        a.mov(rbx, rsi);
        a.add(rbx, rdx);
        a.mov(__dword_ptr[rbx + 0x10], 0x12345678);
    });
}
