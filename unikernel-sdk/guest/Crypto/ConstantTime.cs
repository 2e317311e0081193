namespace Bulkhead.Guest.Crypto
{
    /// <summary>Comparisons whose time does not depend on where the inputs differ (a MAC check must not tell an attacker how many bytes were right).</summary>
    public static unsafe class ConstantTime
    {
        /// <summary>True when the <paramref name="length"/> bytes at a and b are equal; always reads all of them.</summary>
        public static bool Equals(byte* a, byte* b, int length)
        {
            int difference = 0;
            for (int i = 0; i < length; i++) difference |= a[i] ^ b[i];
            return difference == 0;
        }
    }
}
