namespace Bulkhead.Guest.ManagementProtocol
{
    /// <summary>
    /// Writes a response body (one JSON object, ASCII only: other bytes are \u00XX escapes) into a
    /// caller's buffer without allocating. Past the capacity it stops writing and sets
    /// <see cref="Overflowed"/>: the server answers too-large instead.
    /// </summary>
    public unsafe struct ResponseWriter
    {
        private byte* _buffer;
        private int _capacity;
        private bool _comma;

        public int Length;
        public bool Overflowed;

        public ResponseWriter(byte* buffer, int capacity)
        {
            _buffer = buffer;
            _capacity = capacity;
            _comma = false;
            Length = 0;
            Overflowed = false;
        }

        /// <summary>`{"v":1,"seq":N,"ok":B`: the start every answer shares.</summary>
        public void Begin(ulong seq, bool ok)
        {
            BeginObject();
            Number("v", Request.Version1);
            Number("seq", seq);
            Bool("ok", ok);
        }

        /// <summary>`{"v":1,"seq":N,"ok":false,"error":"code","message":"..."}` up to the message, which the caller writes (<see cref="BeginString"/>) and closes with <see cref="End"/>.</summary>
        public void Error(ulong seq, string code)
        {
            Begin(seq, false);
            String("error", code);
        }

        public void BeginObject() { Separator(); Byte('{'); _comma = false; }
        public void BeginObject(string key) { Key(key); Byte('{'); _comma = false; }
        public void EndObject() { Byte('}'); _comma = true; }
        public void BeginArray(string key) { Key(key); Byte('['); _comma = false; }
        public void EndArray() { Byte(']'); _comma = true; }
        /// <summary>Closes the top-level object.</summary>
        public void End() => EndObject();

        public void Number(string key, ulong value) { Key(key); Decimal(value); _comma = true; }
        public void Bool(string key, bool value) { Key(key); Ascii(value ? "true" : "false"); _comma = true; }
        public void Number(ulong value) { Separator(); Decimal(value); _comma = true; }

        public void String(string key, string value)
        {
            Key(key);
            Byte('"');
            for (int i = 0; i < value.Length; i++) Escaped(value[i] > 0xff ? '?' : value[i]);
            Byte('"');
            _comma = true;
        }

        public void String(string key, byte* value, int length)
        {
            Key(key);
            Byte('"');
            for (int i = 0; i < length; i++) Escaped(value[i]);
            Byte('"');
            _comma = true;
        }

        /// <summary>Opens a string value that <see cref="Text"/> and <see cref="TextBytes"/> append to and <see cref="EndString"/> closes.</summary>
        public void BeginString(string key) { Key(key); Byte('"'); }
        public void Text(string text) { for (int i = 0; i < text.Length; i++) Escaped(text[i] > 0xff ? '?' : text[i]); }
        public void TextBytes(byte* text, int length) { for (int i = 0; i < length; i++) Escaped(text[i]); }
        public void TextNumber(ulong value) => Decimal(value);
        public void EndString() { Byte('"'); _comma = true; }

        /// <summary>Bytes an escaped text of <paramref name="length"/> bytes at <paramref name="text"/> takes (to cut console text before writing it).</summary>
        public static int EscapedLength(byte* text, int length)
        {
            int n = 0;
            for (int i = 0; i < length; i++) n += EscapedSize(text[i]);
            return n;
        }

        public static int EscapedSize(int c) => c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' ? 2 : c < 0x20 || c > 0x7e ? 6 : 1;

        /// <summary>Room left in the buffer.</summary>
        public int Free => _capacity - Length;

        private void Key(string key)
        {
            Separator();
            Byte('"');
            Ascii(key);
            Byte('"');
            Byte(':');
        }

        private void Separator()
        {
            if (_comma) Byte(',');
            _comma = false;
        }

        private void Escaped(int c)
        {
            if (c == '"') { Byte('\\'); Byte('"'); }
            else if (c == '\\') { Byte('\\'); Byte('\\'); }
            else if (c == '\n') { Byte('\\'); Byte('n'); }
            else if (c == '\r') { Byte('\\'); Byte('r'); }
            else if (c == '\t') { Byte('\\'); Byte('t'); }
            else if (c < 0x20 || c > 0x7e)
            {
                Ascii("\\u00");
                Byte(HexDigit(c >> 4 & 15));
                Byte(HexDigit(c & 15));
            }
            else Byte(c);
        }

        private static int HexDigit(int v) => v < 10 ? '0' + v : 'a' + v - 10;

        private void Decimal(ulong value)
        {
            byte* digits = stackalloc byte[20];
            int n = 0;
            do { digits[n++] = (byte)('0' + value % 10); value /= 10; } while (value != 0);
            while (n > 0) Byte(digits[--n]);
        }

        private void Ascii(string s) { for (int i = 0; i < s.Length; i++) Byte(s[i]); }

        private void Byte(int c)
        {
            if (Length >= _capacity) { Overflowed = true; return; }
            _buffer[Length++] = (byte)c;
        }
    }
}
