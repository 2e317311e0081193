using System.Text;
using Bulkhead.Core.Abi;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Bulkhead.X86.Tests;

/// <summary>
/// A generated x86-64 guest (position-independent, entered with RSI = RAM base and RDX = RAM size,
/// docs/x86.md) written with Iced's assembler, plus the few idioms every attack guest needs:
/// printing a fixed line, making a hypercall, and a PASS/FAIL verdict the guest judges itself.
/// On entry the RAM base and size are kept in R12 and R13 for the whole program.
/// </summary>
public sealed class GuestCode
{
    public Assembler A { get; } = new(64);
    private readonly List<(Label Label, byte[] Bytes)> _strings = [];

    public GuestCode()
    {
        A.mov(r12, rsi);
        A.mov(r13, rdx);
    }

    /// <summary>CONSOLE_WRITE of a fixed text (clobbers RAX, RDI, RSI, RDX).</summary>
    public void Print(string text)
    {
        var label = A.CreateLabel();
        _strings.Add((label, Encoding.ASCII.GetBytes(text)));
        A.lea(rdi, __[label]);
        A.mov(esi, text.Length);
        A.mov(eax, unchecked((int)Hypercall.ConsoleWrite));
        A.vmcall();
    }

    /// <summary>A hypercall or PSCI call with immediate arguments: RAX = status afterwards.</summary>
    public void Call(uint function, ulong a1 = 0, ulong a2 = 0, ulong a3 = 0)
    {
        A.mov(rdi, a1);
        A.mov(rsi, a2);
        A.mov(rdx, a3);
        A.mov(eax, unchecked((int)function));
        A.vmcall();
    }

    /// <summary>
    /// Prints "PASS name" when the code emitted by <paramref name="judge"/> falls through, "FAIL
    /// name" when it jumps to the label it is given.
    /// </summary>
    public void Verdict(string name, Action<Label> judge)
    {
        var fail = A.CreateLabel();
        var next = A.CreateLabel();
        judge(fail);
        Print($"PASS {name}\n");
        A.jmp(next);
        A.Label(ref fail);
        Print($"FAIL {name}\n");
        A.Label(ref next);
    }

    /// <summary>PASS when RAX equals <paramref name="status"/>.</summary>
    public void ExpectStatus(string name, long status) => Verdict(name, fail =>
    {
        A.mov(rbx, unchecked((ulong)status));
        A.cmp(rax, rbx);
        A.jne(fail);
    });

    public byte[] Assemble()
    {
        A.mov(eax, unchecked((int)Hypercall.DomainStop));
        A.vmcall();
        A.hlt();
        foreach (var (label, bytes) in _strings)
        {
            var l = label;
            A.Label(ref l);
            A.db(bytes);
        }
        using var stream = new MemoryStream();
        A.Assemble(new StreamCodeWriter(stream), 0);
        return stream.ToArray();
    }
}
