namespace Bulkhead.X86
{
    /// <summary>The instructions the decoder understands: the MOV forms guests use for device registers.</summary>
    internal enum Mnemonic : byte { None, Mov, Movzx, Movsx }

    /// <summary>What a decoded MOV-type instruction does (all 64-bit mode).</summary>
    internal struct DecodedInstruction
    {
        public int Length;
        public Mnemonic Mnemonic;
        /// <summary>True when the memory operand is the destination (a store).</summary>
        public bool IsStore;
        /// <summary>Bytes read or written in memory (or register size for register-only forms).</summary>
        public int AccessSize;
        /// <summary>Size of the register operand (movzx/movsx widen to it).</summary>
        public int RegisterSize;
        /// <summary>The general register operand (0 = RAX .. 15 = R15), -1 for immediate stores.</summary>
        public int Register;
        /// <summary>AH, CH, DH, BH (8-bit register 4..7 without a REX prefix).</summary>
        public bool HighByteRegister;
        public bool HasImmediate;
        public ulong Immediate;
        /// <summary>False for register-to-register forms (ModRM mod = 3): no memory access.</summary>
        public bool HasMemory;
        /// <summary>ModRM register operand in the r/m field when HasMemory is false.</summary>
        public int RmRegister;
        /// <summary>Base register (0..15), BaseRip for RIP-relative, -1 for none.</summary>
        public int Base;
        public int Index;
        public int Scale;
        public long Displacement;
        /// <summary>A moffs form (A0-A3): the absolute address is Displacement.</summary>
        public bool IsAbsolute;
        /// <summary>8 normally, 4 with the 0x67 prefix.</summary>
        public int AddressSize;
        /// <summary>4 = FS, 5 = GS, -1 otherwise (other overrides do nothing in 64-bit mode).</summary>
        public int Segment;
    }

    /// <summary>
    /// Decodes the x86-64 instructions that access memory-mapped device registers — MOV (88, 89,
    /// 8A, 8B, C6 /0, C7 /0, A0-A3) and MOVZX/MOVSX (0F B6/B7/BE/BF) with every prefix, ModRM,
    /// SIB, displacement and immediate form — to emulate an access that faulted in the EPT. Anything
    /// else is reported as not decodable. Pure code over a byte buffer: the same file is compiled
    /// into the hypervisor and into the host test that cross-checks it against Iced's decoder.
    /// </summary>
    internal static unsafe class InstructionDecoder
    {
        public const int BaseRip = 16;
        public const int MaxLength = 15;

        public static string MnemonicName(Mnemonic m) =>
            m == Mnemonic.Mov ? "mov" : m == Mnemonic.Movzx ? "movzx" : m == Mnemonic.Movsx ? "movsx" : "?";

        /// <summary>Decodes the instruction at <paramref name="code"/>; false if it is not a supported, valid one.</summary>
        public static bool Decode(byte* code, int available, out DecodedInstruction insn)
        {
            insn = default;
            insn.Base = -1; insn.Index = -1; insn.Register = -1; insn.RmRegister = -1; insn.Segment = -1; insn.AddressSize = 8;
            if (available > MaxLength) available = MaxLength;
            int i = 0;
            bool operandSize16 = false, addressSize32 = false, lockPrefix = false;
            int rex = 0;

            // Legacy prefixes, then an optional REX immediately before the opcode.
            while (true)
            {
                if (i >= available) return false;
                byte b = code[i];
                if (b == 0x66) operandSize16 = true;
                else if (b == 0x67) addressSize32 = true;
                else if (b == 0xF0) lockPrefix = true;
                else if (b == 0xF2 || b == 0xF3) { }
                else if (b == 0x2E || b == 0x36 || b == 0x3E || b == 0x26) { }
                else if (b == 0x64) insn.Segment = 4;
                else if (b == 0x65) insn.Segment = 5;
                else if (b >= 0x40 && b <= 0x4F) rex = b;
                else break;
                if (b < 0x40 || b > 0x4F) rex = 0; // a legacy prefix after REX cancels the REX
                i++;
            }
            if (lockPrefix) return false; // LOCK MOV is #UD
            bool rexW = (rex & 8) != 0, rexR = (rex & 4) != 0, rexX = (rex & 2) != 0, rexB = (rex & 1) != 0;
            if (addressSize32) insn.AddressSize = 4;
            int operandSize = rexW ? 8 : operandSize16 ? 2 : 4;

            byte op = code[i++];
            bool hasModRm = true;
            int immediateSize = 0;
            switch (op)
            {
                case 0x88: Set(ref insn, Mnemonic.Mov, true, 1, 1); break;
                case 0x89: Set(ref insn, Mnemonic.Mov, true, operandSize, operandSize); break;
                case 0x8A: Set(ref insn, Mnemonic.Mov, false, 1, 1); break;
                case 0x8B: Set(ref insn, Mnemonic.Mov, false, operandSize, operandSize); break;
                case 0xC6: Set(ref insn, Mnemonic.Mov, true, 1, 1); immediateSize = 1; break;
                case 0xC7: Set(ref insn, Mnemonic.Mov, true, operandSize, operandSize); immediateSize = operandSize == 2 ? 2 : 4; break;
                case 0xA0: case 0xA1: case 0xA2: case 0xA3:
                {
                    int size = (op & 1) == 0 ? 1 : operandSize;
                    Set(ref insn, Mnemonic.Mov, op >= 0xA2, size, size);
                    hasModRm = false;
                    break;
                }
                case 0x0F:
                {
                    if (i >= available) return false;
                    byte op2 = code[i++];
                    if (op2 == 0xB6 || op2 == 0xBE) Set(ref insn, op2 == 0xB6 ? Mnemonic.Movzx : Mnemonic.Movsx, false, 1, operandSize);
                    else if (op2 == 0xB7 || op2 == 0xBF) Set(ref insn, op2 == 0xB7 ? Mnemonic.Movzx : Mnemonic.Movsx, false, 2, operandSize);
                    else return false;
                    break;
                }
                default:
                    return false;
            }

            if (!hasModRm)
            {
                // moffs: an absolute address of the address size, register = AL/AX/EAX/RAX.
                int width = insn.AddressSize;
                if (i + width > available) return false;
                ulong address = 0;
                for (int k = 0; k < width; k++) address |= (ulong)code[i + k] << (8 * k);
                i += width;
                insn.IsAbsolute = true;
                insn.HasMemory = true;
                insn.Displacement = (long)address;
                insn.Register = 0;
                insn.Length = i;
                return true;
            }

            if (i >= available) return false;
            byte modrm = code[i++];
            int mod = modrm >> 6, reg = (modrm >> 3) & 7, rm = modrm & 7;
            if ((op == 0xC6 || op == 0xC7) && reg != 0) return false; // only /0 is MOV (C6 F8 / C7 F8 are XABORT / XBEGIN)

            if (op != 0xC6 && op != 0xC7)
            {
                insn.Register = reg | (rexR ? 8 : 0);
                // Byte registers 4..7 are AH..BH unless any REX prefix is present (then SPL..DIL).
                if (insn.RegisterSize == 1 && rex == 0 && reg >= 4) insn.HighByteRegister = true;
            }

            if (mod == 3)
            {
                insn.HasMemory = false;
                insn.RmRegister = rm | (rexB ? 8 : 0);
            }
            else
            {
                insn.HasMemory = true;
                int displacementSize = mod == 1 ? 1 : mod == 2 ? 4 : 0;
                if (rm == 4)
                {
                    if (i >= available) return false;
                    byte sib = code[i++];
                    int scale = sib >> 6, index = ((sib >> 3) & 7) | (rexX ? 8 : 0), sibBase = sib & 7;
                    insn.Scale = 1 << scale;
                    if (index != 4) insn.Index = index;
                    if (sibBase == 5 && mod == 0) { insn.Base = -1; displacementSize = 4; }
                    else insn.Base = sibBase | (rexB ? 8 : 0);
                }
                else if (rm == 5 && mod == 0)
                {
                    insn.Base = BaseRip;
                    displacementSize = 4;
                }
                else
                {
                    insn.Base = rm | (rexB ? 8 : 0);
                }
                if (insn.Scale == 0) insn.Scale = 1;
                if (i + displacementSize > available) return false;
                if (displacementSize == 1) insn.Displacement = (sbyte)code[i];
                else if (displacementSize == 4) insn.Displacement = *(int*)(code + i);
                i += displacementSize;
            }

            if (immediateSize != 0)
            {
                if (i + immediateSize > available) return false;
                ulong value = 0;
                for (int k = 0; k < immediateSize; k++) value |= (ulong)code[i + k] << (8 * k);
                i += immediateSize;
                // imm32 of a 64-bit store is sign-extended.
                if (immediateSize == 4 && operandSize == 8) value = (ulong)(long)(int)(uint)value;
                insn.HasImmediate = true;
                insn.Immediate = value;
            }
            insn.Length = i;
            return true;
        }

        private static void Set(ref DecodedInstruction insn, Mnemonic mnemonic, bool store, int accessSize, int registerSize)
        {
            insn.Mnemonic = mnemonic;
            insn.IsStore = store;
            insn.AccessSize = accessSize;
            insn.RegisterSize = registerSize;
        }
    }
}
