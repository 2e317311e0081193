using Bulkhead.Core;
using Bulkhead.Core.Abi;

namespace Bulkhead.X86
{
    /// <summary>
    /// VMCALL: the hypercall ABI of docs/abi.md. Function id in RAX, arguments in RDI, RSI, RDX,
    /// R10, R8, R9; status back in RAX, results in RDI, RSI, RDX. Buffers are guest-physical and
    /// must lie inside the caller's memory (identity map: GPA == HPA), else -2 and nothing is read.
    /// </summary>
    internal static unsafe class Hypercalls
    {
        public static void Handle(Domain d)
        {
            VcpuRegisters* r = d.Registers;
            ExitHandler.Advance(); // calls that return resume after the VMCALL
            switch (r->Rax)
            {
                case Hypercall.AbiVersion:
                    r->Rdi = (Hypercall.VersionMajor << 16) | Hypercall.VersionMinor;
                    Return(r, HypercallStatus.Success);
                    return;
                case Hypercall.ConsoleWrite:
                    ConsoleWrite(d, r);
                    return;
                case Hypercall.DomainInfo:
                    r->Rdi = d.Id;
                    r->Rsi = 0;
                    r->Rdx = 1;
                    Return(r, HypercallStatus.Success);
                    return;
                case Hypercall.Yield:
                case Hypercall.Heartbeat:
                    Return(r, HypercallStatus.Success);
                    return;
                case Hypercall.DomainStop:
                    DomainRunner.Stop(d, "DOMAIN_STOP hypercall");
                    return;
                case Hypercall.DomainRestart:
                    DomainRunner.Restart(d, "DOMAIN_RESTART hypercall");
                    return;
                case Hypercall.FatalError:
                    FatalError(d, r);
                    return;
                case Hypercall.DomainName:
                    DomainName(d, r);
                    return;
                default:
                    Return(r, HypercallStatus.NotSupported);
                    return;
            }
        }

        private static void Return(VcpuRegisters* r, long status) => r->Rax = (ulong)status;

        private static void ConsoleWrite(Domain d, VcpuRegisters* r)
        {
            ulong buffer = r->Rdi, length = r->Rsi;
            if (length > Hypercall.MaxConsoleWrite) length = Hypercall.MaxConsoleWrite;
            if (!d.Owns(buffer, length)) { Return(r, HypercallStatus.InvalidParameters); return; }
            for (ulong i = 0; i < length; i++) DomainConsole.Put(d, ((byte*)buffer)[i]);
            r->Rdi = length;
            Return(r, HypercallStatus.Success);
        }

        private static void DomainName(Domain d, VcpuRegisters* r)
        {
            ulong buffer = r->Rdi, length = r->Rsi;
            if (!d.Owns(buffer, length)) { Return(r, HypercallStatus.InvalidParameters); return; }
            for (int i = 0; i < d.Name.Length && (ulong)i < length; i++) ((byte*)buffer)[i] = (byte)d.Name[i];
            r->Rdi = (ulong)d.Name.Length;
            Return(r, HypercallStatus.Success);
        }

        /// <summary>The guest runtime's own fatal report: printed, then stop or restart per policy.</summary>
        private static void FatalError(Domain d, VcpuRegisters* r)
        {
            ulong message = r->Rdi, length = r->Rsi, address = r->Rdx;
            if (length > Hypercall.MaxConsoleWrite) length = Hypercall.MaxConsoleWrite;
            string text = d.Owns(message, length) ? string.FromAscii((byte*)message, (int)length) : "(message outside the domain's memory)";
            DomainRunner.Fault(d, string.Concat("fatal error: ", text, " address=0x", address.ToString("x")));
        }
    }
}
