namespace Bulkhead.X86
{
    /// <summary>Reads key=value words from a NUL-terminated module command line.</summary>
    internal static unsafe class CommandLine
    {
        /// <summary>Finds <paramref name="key"/>=value; returns the value's start and its length, or null.</summary>
        public static byte* Find(byte* line, string key, out int length)
        {
            length = 0;
            if (line == null) return null;
            byte* p = line;
            while (*p != 0)
            {
                while (*p == ' ') p++;
                byte* word = p;
                while (*p != 0 && *p != ' ') p++;
                int wordLength = (int)(p - word);
                if (wordLength > key.Length && word[key.Length] == '=' && Matches(word, key))
                {
                    length = wordLength - key.Length - 1;
                    return word + key.Length + 1;
                }
            }
            return null;
        }

        private static bool Matches(byte* word, string key)
        {
            for (int i = 0; i < key.Length; i++)
                if (word[i] != key[i]) return false;
            return true;
        }

        /// <summary>A number value (0x-prefixed hex or decimal), or <paramref name="fallback"/>.</summary>
        public static ulong Number(byte* line, string key, ulong fallback)
        {
            byte* value = Find(line, key, out int length);
            if (value == null || length == 0) return fallback;
            ulong result = 0;
            if (length > 2 && value[0] == '0' && (value[1] == 'x' || value[1] == 'X'))
            {
                for (int i = 2; i < length; i++)
                {
                    int c = value[i], digit;
                    if (c >= '0' && c <= '9') digit = c - '0';
                    else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
                    else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
                    else return fallback;
                    result = (result << 4) | (uint)digit;
                }
                return result;
            }
            for (int i = 0; i < length; i++)
            {
                if (value[i] < '0' || value[i] > '9') return fallback;
                result = result * 10 + (ulong)(value[i] - '0');
            }
            return result;
        }

        public static string Text(byte* line, string key, string fallback)
        {
            byte* value = Find(line, key, out int length);
            return value == null || length == 0 ? fallback : string.FromAscii(value, length);
        }
    }
}
