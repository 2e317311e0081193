// The primitive types. ILCompiler requires each to be a struct with a single field of its own type.
namespace System
{
    public struct Void { }

    public partial struct Boolean
    {
        private bool m_value;
        public override string ToString() => m_value ? "True" : "False";
    }

    public partial struct Char
    {
        private char m_value;
        public override string ToString() => string.FromChar(m_value);
    }

    public partial struct SByte { private sbyte m_value; public override string ToString() => Number.FormatSigned(m_value); }
    public partial struct Byte { private byte m_value; public override string ToString() => Number.FormatUnsigned(m_value);
#if !BULKHEAD_RICH // the rich profile formats with .NET's format strings (corelib-rich/Text)
        public string ToString(string format) => Number.FormatUnsigned(m_value, format);
#endif
    }
    public partial struct Int16 { private short m_value; public override string ToString() => Number.FormatSigned(m_value); }
    public partial struct UInt16 { private ushort m_value; public override string ToString() => Number.FormatUnsigned(m_value);
#if !BULKHEAD_RICH // the rich profile formats with .NET's format strings (corelib-rich/Text)
        public string ToString(string format) => Number.FormatUnsigned(m_value, format);
#endif
    }
    public partial struct Int32
    {
        private int m_value;
        public const int MaxValue = 0x7fffffff;
        public const int MinValue = unchecked((int)0x80000000);
        public override string ToString() => Number.FormatSigned(m_value);
#if !BULKHEAD_RICH // the rich profile formats with .NET's format strings (corelib-rich/Text)
        public string ToString(string format) => Number.FormatUnsigned(unchecked((uint)m_value), format);
#endif
    }
    public partial struct UInt32
    {
        private uint m_value;
        public const uint MaxValue = 0xffffffff;
        public override string ToString() => Number.FormatUnsigned(m_value);
#if !BULKHEAD_RICH // the rich profile formats with .NET's format strings (corelib-rich/Text)
        public string ToString(string format) => Number.FormatUnsigned(m_value, format);
#endif
    }
    public partial struct Int64
    {
        private long m_value;
        public override string ToString() => Number.FormatSigned(m_value);
#if !BULKHEAD_RICH // the rich profile formats with .NET's format strings (corelib-rich/Text)
        public string ToString(string format) => Number.FormatUnsigned(unchecked((ulong)m_value), format);
#endif
    }
    public partial struct UInt64
    {
        private ulong m_value;
        public const ulong MaxValue = 0xffffffffffffffff;
        public override string ToString() => Number.FormatUnsigned(m_value);
#if !BULKHEAD_RICH // the rich profile formats with .NET's format strings (corelib-rich/Text)
        public string ToString(string format) => Number.FormatUnsigned(m_value, format);
#endif
    }
    public partial struct Single { private float m_value; }
    public partial struct Double { private double m_value; }

    public unsafe struct IntPtr
    {
        private void* m_value;
        public IntPtr(void* value) { m_value = value; }
        public IntPtr(long value) { m_value = (void*)value; }
        public static readonly IntPtr Zero;
        public void* ToPointer() => m_value;
        public static explicit operator IntPtr(void* value) => new IntPtr(value);
        public static explicit operator void*(IntPtr value) => value.m_value;
        public static explicit operator long(IntPtr value) => (long)value.m_value;
        public override string ToString() => Number.FormatUnsigned((ulong)m_value, "x");
    }

    public unsafe struct UIntPtr
    {
        private void* m_value;
        public UIntPtr(void* value) { m_value = value; }
        public static explicit operator UIntPtr(void* value) => new UIntPtr(value);
        public static explicit operator void*(UIntPtr value) => value.m_value;
        public override string ToString() => Number.FormatUnsigned((ulong)m_value, "x");
    }
}
