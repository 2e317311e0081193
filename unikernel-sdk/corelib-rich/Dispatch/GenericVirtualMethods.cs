using System;
using Bulkhead.Runtime;

namespace System.Runtime
{
    /// <summary>
    /// Generic virtual methods (virtual M&lt;T&gt;() overridden, or an interface's M&lt;T&gt;()) that ILCompiler
    /// cannot resolve at compile time. It devirtualizes a call whenever whole-program analysis proves the
    /// target (one implementing type, a sealed receiver, an exact type); otherwise it calls this helper
    /// with the object and a RuntimeMethodHandle, and NativeAOT's type loader answers from ILCompiler's
    /// GVM hash tables and exact-instantiation tables (NativeFormat blobs). This runtime does not read
    /// those tables yet, so such a call stops the domain with a clear message instead of misbehaving.
    /// </summary>
    internal static class TypeLoaderExports
    {
        public static IntPtr GVMLookupForSlot(object obj, RuntimeMethodHandle slot)
        {
            RuntimeFailure.Unsupported("generic virtual method call (virtual or interface M<T>(): this runtime does not read ILCompiler's GVM tables)");
            return IntPtr.Zero;
        }
    }
}
