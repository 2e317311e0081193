namespace Bulkhead.Core
{
    /// <summary>Fixed-size ASCII fields (names in the plan) to strings, in the bare-metal subset.</summary>
    public static unsafe class Ascii
    {
        /// <summary>The text up to the first NUL or <paramref name="maxLength"/> bytes.</summary>
        public static string FromField(byte* field, uint maxLength)
        {
            string result = "";
            for (uint i = 0; i < maxLength && field[i] != 0; i++)
                result = string.Concat(result, ((char)field[i]).ToString());
            return result;
        }

        public static bool FieldEquals(byte* field, uint maxLength, string text)
        {
            uint i = 0;
            for (; i < maxLength && field[i] != 0; i++)
                if (i >= (uint)text.Length || field[i] != text[(int)i]) return false;
            return i == (uint)text.Length;
        }
    }
}
