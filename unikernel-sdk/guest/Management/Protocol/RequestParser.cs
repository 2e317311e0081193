namespace Bulkhead.Guest.ManagementProtocol
{
    /// <summary>
    /// Parses a request body: one flat JSON object, fields in any order, each at most once, values
    /// unsigned integers or short strings without escapes (names and operations are plain ASCII).
    /// Anything else is refused with the field it concerns, never read past the length, and never
    /// allocates: it runs on whatever the network delivers, in either C# profile.
    /// </summary>
    public static unsafe class RequestParser
    {
        /// <summary>True with <paramref name="request"/> filled; false with <paramref name="error"/> naming the field.</summary>
        public static bool Parse(byte* body, int length, out Request request, out RequestError error)
        {
            request = default;
            error = default;
            int p = SkipSpace(body, length, 0);
            if (p >= length || body[p] != '{') return Fail(ref error, "body", "not a JSON object");
            p = SkipSpace(body, length, p + 1);
            bool hasVersion = false, hasOp = false, hasCursor = false;
            if (p < length && body[p] == '}') p++;
            else
            {
                while (true)
                {
                    if (p >= length || body[p] != '"') return Fail(ref error, "body", "expected a field name in quotes");
                    if (!ReadString(body, length, ref p, out int nameStart, out int nameLength)) return Fail(ref error, "body", "a field name is not a plain string");
                    p = SkipSpace(body, length, p);
                    if (p >= length || body[p] != ':') return Fail(ref error, "body", "expected ':' after a field name");
                    p = SkipSpace(body, length, p + 1);
                    byte* name = body + nameStart;
                    if (Is(name, nameLength, "v"))
                    {
                        if (hasVersion) return Fail(ref error, "v", "given twice");
                        if (!ReadNumber(body, length, ref p, out request.Version)) return Fail(ref error, "v", "not an unsigned integer");
                        hasVersion = true;
                    }
                    else if (Is(name, nameLength, "seq"))
                    {
                        if (request.HasSeq) return Fail(ref error, "seq", "given twice");
                        if (!ReadNumber(body, length, ref p, out request.Seq)) return Fail(ref error, "seq", "not an unsigned 64-bit integer");
                        request.HasSeq = true;
                    }
                    else if (Is(name, nameLength, "cursor"))
                    {
                        if (hasCursor) return Fail(ref error, "cursor", "given twice");
                        if (!ReadNumber(body, length, ref p, out request.Cursor)) return Fail(ref error, "cursor", "not an unsigned 64-bit integer");
                        hasCursor = true;
                    }
                    else if (Is(name, nameLength, "op"))
                    {
                        if (hasOp) return Fail(ref error, "op", "given twice");
                        if (p >= length || body[p] != '"' || !ReadString(body, length, ref p, out int s, out int n)) return Fail(ref error, "op", "not a plain string");
                        request.Op = OperationOf(body + s, n);
                        if (request.Op == Operation.None) return Fail(ref error, "op", "not one of list, status, stop, start, restart, console");
                        hasOp = true;
                    }
                    else if (Is(name, nameLength, "domain"))
                    {
                        if (request.HasDomain) return Fail(ref error, "domain", "given twice");
                        if (p >= length || body[p] != '"' || !ReadString(body, length, ref p, out request.DomainOffset, out request.DomainLength)) return Fail(ref error, "domain", "not a plain string");
                        if (request.DomainLength == 0 || request.DomainLength > Request.MaxDomainLength) return Fail(ref error, "domain", "not a domain name (1 to 31 characters)");
                        request.HasDomain = true;
                    }
                    else
                    {
                        error.NameOffset = nameStart;
                        error.NameLength = nameLength;
                        return Fail(ref error, "body", "unknown field");
                    }
                    p = SkipSpace(body, length, p);
                    if (p < length && body[p] == ',') { p = SkipSpace(body, length, p + 1); continue; }
                    if (p < length && body[p] == '}') { p++; break; }
                    return Fail(ref error, "body", "expected ',' or '}' after a value");
                }
            }
            if (SkipSpace(body, length, p) != length) return Fail(ref error, "body", "text after the object");
            if (!hasVersion) return Fail(ref error, "v", "missing");
            if (!request.HasSeq) return Fail(ref error, "seq", "missing");
            if (!hasOp) return Fail(ref error, "op", "missing");
            if (request.Op != Operation.List && !request.HasDomain) return Fail(ref error, "domain", "missing (every operation but list names a domain)");
            return true;
        }

        /// <summary>The operation a name stands for (None when unknown).</summary>
        public static Operation OperationOf(byte* s, int n)
        {
            if (Is(s, n, "list")) return Operation.List;
            if (Is(s, n, "status")) return Operation.Status;
            if (Is(s, n, "stop")) return Operation.Stop;
            if (Is(s, n, "start")) return Operation.Start;
            if (Is(s, n, "restart")) return Operation.Restart;
            if (Is(s, n, "console")) return Operation.Console;
            return Operation.None;
        }

        public static string NameOf(Operation op) => op switch
        {
            Operation.List => "list",
            Operation.Status => "status",
            Operation.Stop => "stop",
            Operation.Start => "start",
            Operation.Restart => "restart",
            Operation.Console => "console",
            _ => "?",
        };

        private static bool Fail(ref RequestError error, string field, string problem)
        {
            error.Field = field;
            error.Problem = problem;
            return false;
        }

        /// <summary>Bytes equal to an ASCII literal.</summary>
        public static bool Is(byte* s, int n, string literal)
        {
            if (n != literal.Length) return false;
            for (int i = 0; i < n; i++) if (s[i] != literal[i]) return false;
            return true;
        }

        private static int SkipSpace(byte* b, int length, int p)
        {
            while (p < length && (b[p] == ' ' || b[p] == '\t' || b[p] == '\n' || b[p] == '\r')) p++;
            return p;
        }

        /// <summary>A string at b[p] == '"' of printable ASCII without escapes: its content's offset and length; p moves past the closing quote.</summary>
        private static bool ReadString(byte* b, int length, ref int p, out int start, out int n)
        {
            start = p + 1;
            n = 0;
            int q = start;
            while (q < length && b[q] != '"')
            {
                if (b[q] < 0x20 || b[q] > 0x7e || b[q] == '\\') return false;
                q++;
            }
            if (q >= length) return false;
            n = q - start;
            p = q + 1;
            return true;
        }

        /// <summary>A JSON unsigned integer (no sign, fraction, exponent or leading zero) that fits 64 bits.</summary>
        private static bool ReadNumber(byte* b, int length, ref int p, out ulong value)
        {
            value = 0;
            int q = p;
            while (q < length && b[q] >= '0' && b[q] <= '9')
            {
                ulong digit = (ulong)(b[q] - '0');
                if (value > (ulong.MaxValue - digit) / 10) return false;
                value = value * 10 + digit;
                q++;
            }
            if (q == p || (b[p] == '0' && q - p > 1)) return false;
            if (q < length && (b[q] == '.' || b[q] == 'e' || b[q] == 'E')) return false;
            p = q;
            return true;
        }
    }
}
