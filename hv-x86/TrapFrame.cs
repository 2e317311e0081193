using System.Runtime.InteropServices;

namespace Bulkhead.X86
{
    /// <summary>The context the IDT stubs save on the stack (layout must match boot/idt.S).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct TrapFrame
    {
        public ulong R15, R14, R13, R12, R11, R10, R9, R8;
        public ulong Rbp, Rdi, Rsi, Rdx, Rcx, Rbx, Rax;
        public ulong Vector, ErrorCode;
        public ulong Rip, Cs, Rflags, Rsp, Ss;
    }

    /// <summary>Names of the architectural exception vectors, for panic lines.</summary>
    internal static class ExceptionName
    {
        public static string Of(ulong vector)
        {
            switch (vector)
            {
                case 0: return "divide error";
                case 1: return "debug";
                case 2: return "NMI";
                case 3: return "breakpoint";
                case 4: return "overflow";
                case 5: return "bound range";
                case 6: return "invalid opcode";
                case 7: return "device not available";
                case 8: return "double fault";
                case 10: return "invalid TSS";
                case 11: return "segment not present";
                case 12: return "stack fault";
                case 13: return "general protection";
                case 14: return "page fault";
                case 16: return "x87 floating point";
                case 17: return "alignment check";
                case 18: return "machine check";
                case 19: return "SIMD floating point";
                case 20: return "virtualization";
                case 21: return "control protection";
                default: return "unexpected vector";
            }
        }
    }
}
