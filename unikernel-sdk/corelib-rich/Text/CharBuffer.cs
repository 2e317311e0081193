// A fixed character buffer on the stack for building one formatted number: no allocation until
// the final string.
using System.Runtime.CompilerServices;

namespace System.Text
{
    internal unsafe struct CharBuffer
    {
        public const int Capacity = 1200;
        private fixed char _chars[Capacity];
        public int Length;

        public void Append(char c) { if (Length < Capacity) _chars[Length++] = c; }
        public void Append(string s) { for (int i = 0; i < s.Length; i++) Append(s[i]); }
        public void Append(char c, int count) { for (int i = 0; i < count; i++) Append(c); }
        public char this[int i] => _chars[i];

        public override string ToString()
        {
            string s = string.FastAllocate(Length);
            for (int i = 0; i < Length; i++) Unsafe.Add(ref s.FirstChar, i) = _chars[i];
            return s;
        }
    }
}
