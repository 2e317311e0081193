using System.Runtime.CompilerServices;

namespace System.Threading
{
    /// <summary>Volatile loads and stores (device registers, flags shared between cores).</summary>
    public static class Volatile
    {
        private struct Cell32 { public volatile uint Value; }
        private struct Cell64 { public volatile nuint Value; } // 64-bit targets only
        private struct Cell8 { public volatile byte Value; }

        public static uint Read(ref uint location) => Unsafe.As<uint, Cell32>(ref location).Value;
        public static void Write(ref uint location, uint value) => Unsafe.As<uint, Cell32>(ref location).Value = value;
        public static ulong Read(ref ulong location) => (ulong)Unsafe.As<ulong, Cell64>(ref location).Value;
        public static void Write(ref ulong location, ulong value) => Unsafe.As<ulong, Cell64>(ref location).Value = (nuint)value;
        public static byte Read(ref byte location) => Unsafe.As<byte, Cell8>(ref location).Value;
        public static void Write(ref byte location, byte value) => Unsafe.As<byte, Cell8>(ref location).Value = value;
    }
}
