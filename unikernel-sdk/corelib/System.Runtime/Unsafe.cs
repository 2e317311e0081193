#pragma warning disable CS0626 // extern without DllImport: ILCompiler supplies the bodies of [Intrinsic] methods.
namespace System.Runtime.CompilerServices
{
    /// <summary>Reinterpreting references and pointers. Bodies come from ILCompiler (zero cost).</summary>
    public static unsafe class Unsafe
    {
        [Intrinsic] public static extern T As<T>(object? o) where T : class?;
        [Intrinsic] public static extern ref TTo As<TFrom, TTo>(ref TFrom source);
        [Intrinsic] public static extern void* AsPointer<T>(ref T value);
        [Intrinsic] public static extern ref T AsRef<T>(void* source);
        [Intrinsic] public static extern ref T Add<T>(ref T source, int elementOffset);
        [Intrinsic] public static extern ref T Add<T>(ref T source, nint elementOffset);
        [Intrinsic] public static extern ref T AddByteOffset<T>(ref T source, nint byteOffset);
        [Intrinsic] public static extern int SizeOf<T>();
        [Intrinsic] public static extern bool AreSame<T>(ref T left, ref T right);
        [Intrinsic] public static extern bool IsNullRef<T>(ref T source);
        [Intrinsic] public static extern ref T NullRef<T>();
        [Intrinsic] public static extern T ReadUnaligned<T>(void* source);
        [Intrinsic] public static extern void WriteUnaligned<T>(void* destination, T value);
    }
}
