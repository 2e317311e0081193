namespace Bulkhead.Arm64
{
    /// <summary>Readable names for ESR_ELx.EC values (ARM ARM D17.2.37), for panic and fault lines (hypervisor and guests).</summary>
    public static class ExceptionClass
    {
        public const uint Unknown = 0x00;
        public const uint WfiWfe = 0x01;
        public const uint FpAccess = 0x07;
        public const uint IllegalState = 0x0E;
        public const uint Svc64 = 0x15;
        public const uint Hvc64 = 0x16;
        public const uint Smc64 = 0x17;
        public const uint SysRegister = 0x18;
        public const uint InstructionAbortLower = 0x20;
        public const uint InstructionAbortSame = 0x21;
        public const uint PcAlignment = 0x22;
        public const uint DataAbortLower = 0x24;
        public const uint DataAbortSame = 0x25;
        public const uint SpAlignment = 0x26;
        public const uint SError = 0x2F;
        public const uint Brk64 = 0x3C;

        public static string Name(uint ec)
        {
            switch (ec)
            {
                case Unknown: return "unknown / undefined instruction";
                case WfiWfe: return "WFI/WFE";
                case FpAccess: return "FP/SIMD access";
                case IllegalState: return "illegal execution state";
                case Svc64: return "SVC";
                case Hvc64: return "HVC";
                case Smc64: return "SMC";
                case SysRegister: return "system register access";
                case InstructionAbortLower: return "instruction abort from lower EL";
                case InstructionAbortSame: return "instruction abort";
                case PcAlignment: return "PC alignment fault";
                case DataAbortLower: return "data abort from lower EL";
                case DataAbortSame: return "data abort";
                case SpAlignment: return "SP alignment fault";
                case SError: return "SError";
                case Brk64: return "BRK";
                default: return "other";
            }
        }
    }
}
