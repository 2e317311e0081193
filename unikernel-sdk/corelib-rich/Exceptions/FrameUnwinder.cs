using System;
using Bulkhead.Runtime;

namespace Bulkhead.Runtime.Exceptions
{
    /// <summary>
    /// Finds the method of a code address and unwinds one frame, from the DWARF call-frame information
    /// ILCompiler emits in .eh_frame (one FDE per method body and per funclet; the FDE's LSDA points to
    /// ILCompiler's own unwind blob in .dotnet_eh_table, see MethodEhInfo). ILCompiler describes only
    /// prologues, which is all a frame stopped at a call (or a fault in its body) needs.
    /// </summary>
    internal static unsafe class FrameUnwinder
    {
        // The FDEs sorted by start address, built at the first throw.
        private static ulong[]? s_starts;
        private static ulong[]? s_fdes;

        // DWARF pointer encodings (the low nibble: format; 0x10: pc-relative).
        private const byte EncAbsolute = 0x00, EncUdata4 = 0x03, EncUdata8 = 0x04, EncSdata4 = 0x0B, EncSdata8 = 0x0C,
            EncPcRel = 0x10, EncOmit = 0xFF;

        /// <summary>The FDE covering <paramref name="pc"/>; false when it is not managed code.</summary>
        public static bool FindFde(ulong pc, out Fde fde)
        {
            ulong[]? starts = s_starts;
            ulong[]? fdes = s_fdes;
            if (starts == null || fdes == null) { BuildIndex(); starts = s_starts!; fdes = s_fdes!; }
            int lo = 0, hi = starts.Length - 1, found = -1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >> 1;
                if (starts[mid] <= pc) { found = mid; lo = mid + 1; } else hi = mid - 1;
            }
            if (found < 0) { fde = default; return false; }
            ParseFde((byte*)fdes[found], out fde);
            return pc < fde.Start + fde.Range;
        }

        private static void BuildIndex()
        {
            EhRuntime.EnsureReady();
            byte* p = (byte*)EhRuntime.EhFrameStart, limit = (byte*)EhRuntime.EhFrameEnd;
            int count = 0;
            for (byte* e = p; e + 4 <= limit;)
            {
                uint length = *(uint*)e;
                if (length == 0) break;
                if (length == 0xFFFFFFFF) Fail("64-bit .eh_frame entries are not supported", (ulong)e);
                if (*(uint*)(e + 4) != 0) count++; // CIE id 0: a CIE, otherwise an FDE
                e += 4 + length;
            }
            var starts = new ulong[count];
            var fdes = new ulong[count];
            int n = 0;
            bool sorted = true;
            for (byte* e = p; e + 4 <= limit && n < count;)
            {
                uint length = *(uint*)e;
                if (length == 0) break;
                if (*(uint*)(e + 4) != 0)
                {
                    ParseFde(e, out Fde fde);
                    starts[n] = fde.Start;
                    fdes[n] = (ulong)e;
                    if (n > 0 && starts[n] < starts[n - 1]) sorted = false;
                    n++;
                }
                e += 4 + length;
            }
            if (!sorted) Sort(starts, fdes);
            s_fdes = fdes;
            s_starts = starts; // published last: a racing vCPU builds its own identical copy
        }

        // Insertion sort: ILCompiler emits FDEs in address order, so this is the unusual path.
        private static void Sort(ulong[] keys, ulong[] values)
        {
            for (int i = 1; i < keys.Length; i++)
            {
                ulong k = keys[i], v = values[i];
                int j = i - 1;
                while (j >= 0 && keys[j] > k) { keys[j + 1] = keys[j]; values[j + 1] = values[j]; j--; }
                keys[j + 1] = k; values[j + 1] = v;
            }
        }

        /// <summary>What one FDE says, with the CIE facts needed to read it.</summary>
        public struct Fde
        {
            public ulong Start, Range, Lsda;
            public byte* Instructions, InstructionsEnd;
            public byte* CieInstructions, CieInstructionsEnd;
            public ulong CodeAlign;
            public long DataAlign;
            public int ReturnRegister;
        }

        // (Filled field by field: a struct copy or `= default` of this size is a byte loop in our core library.)
        public static void ParseFde(byte* fde, out Fde f)
        {
            f.Lsda = 0;
            uint length = *(uint*)fde;
            byte* end = fde + 4 + length;
            byte* cie = fde + 4 - *(uint*)(fde + 4);
            // CIE: length, id, version, augmentation string, code/data alignment, return register, augmentation data.
            byte* c = cie + 8;
            byte version = *c++;
            byte* augmentation = c;
            while (*c != 0) c++;
            c++;
            f.CodeAlign = ReadUleb(ref c);
            f.DataAlign = ReadSleb(ref c);
            f.ReturnRegister = version == 1 ? *c++ : (int)ReadUleb(ref c);
            byte fdeEncoding = EncAbsolute, lsdaEncoding = EncOmit;
            if (*augmentation == (byte)'z')
            {
                ulong augLength = ReadUleb(ref c);
                byte* augEnd = c + augLength;
                for (byte* a = augmentation + 1; *a != 0; a++)
                {
                    if (*a == (byte)'R') fdeEncoding = *c++;
                    else if (*a == (byte)'L') lsdaEncoding = *c++;
                    else if (*a == (byte)'P') { byte enc = *c++; ReadEncoded(ref c, enc); }
                    else break; // unknown letters: the length lets us skip the rest
                }
                c = augEnd;
            }
            else if (*augmentation != 0) Fail("unsupported .eh_frame CIE augmentation", (ulong)cie);
            f.CieInstructions = c;
            f.CieInstructionsEnd = cie + 4 + *(uint*)cie;

            byte* d = fde + 8;
            f.Start = ReadEncoded(ref d, fdeEncoding);
            f.Range = ReadEncoded(ref d, (byte)(fdeEncoding & 0x0F));
            if (*augmentation == (byte)'z')
            {
                ulong augLength = ReadUleb(ref d);
                byte* augEnd = d + augLength;
                if (lsdaEncoding != EncOmit && augLength > 0) f.Lsda = ReadEncoded(ref d, lsdaEncoding);
                d = augEnd;
            }
            f.Instructions = d;
            f.InstructionsEnd = end;
        }

        private static ulong ReadEncoded(ref byte* p, byte encoding)
        {
            if (encoding == EncOmit) return 0;
            ulong at = (ulong)p;
            ulong value;
            switch (encoding & 0x0F)
            {
                case EncAbsolute: value = *(ulong*)p; p += 8; break;
                case EncUdata4: value = *(uint*)p; p += 4; break;
                case EncUdata8: value = *(ulong*)p; p += 8; break;
                case EncSdata4: value = (ulong)(long)*(int*)p; p += 4; break;
                case EncSdata8: value = *(ulong*)p; p += 8; break;
                default: Fail("unsupported .eh_frame pointer encoding", encoding); return 0;
            }
            if ((encoding & 0x70) == EncPcRel) value += at;
            else if ((encoding & 0x70) != 0) Fail("unsupported .eh_frame pointer application", encoding);
            return value;
        }

        public static ulong ReadUleb(ref byte* p)
        {
            ulong result = 0;
            int shift = 0;
            while (true)
            {
                byte b = *p++;
                result |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0) return result;
                shift += 7;
            }
        }

        public static long ReadSleb(ref byte* p)
        {
            long result = 0;
            int shift = 0;
            byte b;
            do
            {
                b = *p++;
                result |= (long)(b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            if (shift < 64 && (b & 0x40) != 0) result |= -1L << shift;
            return result;
        }

        // Register rules: a register is either unchanged or saved at CFA + offset. Offsets live in a
        // stack array (only the slots whose Saved bit is set are meaningful), so nothing large is copied.
        private struct Rules
        {
            public int CfaRegister;
            public long CfaOffset;
            public ulong Saved;            // bit per context slot (Ctx.Gpr.. / Ctx.Fpr..)
            public long* Offset;
        }

        /// <summary>
        /// Unwinds the frame in <paramref name="ctx"/> (pc inside the method of <paramref name="fde"/>) to
        /// its caller: the caller's pc, sp and callee-saved registers.
        /// </summary>
        public static void Unwind(ulong* ctx, Fde* fde)
        {
            ulong target = ctx[Ctx.Pc] - 1; // a return address belongs to the call before it
            long* offsets = stackalloc long[2 * Ctx.Size];
            Rules initial;
            initial.CfaRegister = -1;
            initial.CfaOffset = 0;
            initial.Saved = 0;
            initial.Offset = offsets + Ctx.Size;
            Run(fde->CieInstructions, fde->CieInstructionsEnd, fde, &initial, &initial, fde->Start, ulong.MaxValue);
            Rules rules;
            rules.CfaRegister = initial.CfaRegister;
            rules.CfaOffset = initial.CfaOffset;
            rules.Saved = initial.Saved;
            rules.Offset = offsets;
            for (int i = 0; i < Ctx.Size; i++) offsets[i] = initial.Offset[i];
            Run(fde->Instructions, fde->InstructionsEnd, fde, &rules, &initial, fde->Start, target);

            if (rules.CfaRegister < 0) Fail("no CFA rule for the frame at pc", ctx[Ctx.Pc]);
            if (rules.CfaRegister != EhRuntime.SpRegister && Slot(rules.CfaRegister) < 0) Fail("CFA based on an untracked register at pc", ctx[Ctx.Pc]);
            ulong cfaBase = rules.CfaRegister == EhRuntime.SpRegister ? ctx[Ctx.Sp] : ctx[Slot(rules.CfaRegister)];
            ulong cfa = (ulong)((long)cfaBase + rules.CfaOffset);
            if (cfa <= ctx[Ctx.Sp] || (cfa & 7) != 0) Fail("unwinding went nowhere (bad CFA) at pc", ctx[Ctx.Pc]);

            for (int slot = Ctx.Gpr; slot < Ctx.Flags; slot++)
                if ((rules.Saved & (1UL << slot)) != 0) ctx[slot] = *(ulong*)((long)cfa + rules.Offset[slot]);
            ctx[Ctx.Pc] = ctx[Slot(fde->ReturnRegister)];
            ctx[Ctx.Sp] = cfa;
            ctx[Ctx.Flags] = 0;
        }

        /// <summary>The context slot of a DWARF register number (general registers 0-31, arm64 d8-d15).</summary>
        private static int Slot(int dwarf)
        {
            if (dwarf >= 0 && dwarf < Ctx.GprCount) return Ctx.Gpr + dwarf;
            if (dwarf >= Ctx.DwarfD8 && dwarf < Ctx.DwarfD8 + Ctx.FprCount) return Ctx.Fpr + (dwarf - Ctx.DwarfD8);
            return -1;
        }

        private static void SetSaved(Rules* rules, int dwarf, long offset)
        {
            int slot = Slot(dwarf);
            if (slot < 0) return; // a register the context does not track (caller-saved vector halves)
            rules->Saved |= 1UL << slot;
            rules->Offset[slot] = offset;
        }

        private static void Restore(Rules* rules, Rules* initial, int dwarf)
        {
            int slot = Slot(dwarf);
            if (slot < 0) return;
            ulong bit = 1UL << slot;
            rules->Saved = (rules->Saved & ~bit) | (initial->Saved & bit);
            rules->Offset[slot] = initial->Offset[slot];
        }

        // Runs call-frame instructions up to (and including) the row for `target`. ILCompiler describes
        // prologues only: remember/restore_state (epilogue descriptions) are refused, not guessed at.
        private static void Run(byte* p, byte* end, Fde* fde, Rules* rules, Rules* initial, ulong location, ulong target)
        {
            ulong codeAlign = fde->CodeAlign;
            long dataAlign = fde->DataAlign;
            while (p < end)
            {
                byte op = *p++;
                int high = op & 0xC0, low = op & 0x3F;
                if (high == 0x40) { location += (ulong)low * codeAlign; if (location > target) return; continue; }
                if (high == 0x80) { SetSaved(rules, low, (long)ReadUleb(ref p) * dataAlign); continue; }
                if (high == 0xC0) { Restore(rules, initial, low); continue; }
                switch (op)
                {
                    case 0x00: break; // nop
                    case 0x02: location += *p * codeAlign; p += 1; if (location > target) return; break;
                    case 0x03: location += *(ushort*)p * codeAlign; p += 2; if (location > target) return; break;
                    case 0x04: location += *(uint*)p * codeAlign; p += 4; if (location > target) return; break;
                    case 0x05: { int r = (int)ReadUleb(ref p); SetSaved(rules, r, (long)ReadUleb(ref p) * dataAlign); break; }
                    case 0x06: Restore(rules, initial, (int)ReadUleb(ref p)); break;
                    case 0x07: // undefined
                    case 0x08: // same value
                        { int slot = Slot((int)ReadUleb(ref p)); if (slot >= 0) rules->Saved &= ~(1UL << slot); break; }
                    case 0x0C: rules->CfaRegister = (int)ReadUleb(ref p); rules->CfaOffset = (long)ReadUleb(ref p); break;
                    case 0x0D: rules->CfaRegister = (int)ReadUleb(ref p); break;
                    case 0x0E: rules->CfaOffset = (long)ReadUleb(ref p); break;
                    case 0x11: { int r = (int)ReadUleb(ref p); SetSaved(rules, r, ReadSleb(ref p) * dataAlign); break; }
                    case 0x12: rules->CfaRegister = (int)ReadUleb(ref p); rules->CfaOffset = ReadSleb(ref p) * dataAlign; break;
                    case 0x13: rules->CfaOffset = ReadSleb(ref p) * dataAlign; break;
                    case 0x2E: ReadUleb(ref p); break; // GNU_args_size: nothing to restore here
                    default: Fail("unsupported call-frame instruction", op); break;
                }
            }
        }

        public static void Fail(string what, ulong detail) =>
            RuntimeFailure.Fatal(string.Concat("exception dispatch: ", what), detail);
    }
}
