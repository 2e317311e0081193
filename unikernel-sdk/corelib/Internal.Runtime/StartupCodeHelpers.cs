using System;
using System.Runtime;
using Bulkhead.Runtime;

namespace Internal.Runtime.CompilerHelpers
{
    /// <summary>
    /// Start-up work ILCompiler leaves to the runtime, and the transition helpers it calls around
    /// native-to-managed calls (no GC here, so the transitions do nothing).
    /// </summary>
    public static unsafe class StartupCodeHelpers
    {
        [RuntimeExport("RhpReversePInvoke")] private static void ReversePInvoke(IntPtr frame) { }
        [RuntimeExport("RhpReversePInvokeReturn")] private static void ReversePInvokeReturn(IntPtr frame) { }
        [RuntimeExport("RhpPInvoke")] private static void PInvoke(IntPtr frame) { }
        [RuntimeExport("RhpPInvokeReturn")] private static void PInvokeReturn(IntPtr frame) { }

        [RuntimeExport("RhpFallbackFailFast")]
        private static void FallbackFailFast() => RuntimeFailure.Fatal("fail fast", 0);

        // ReadyToRun section ids (see ILCompiler's ReadyToRunSectionType).
        private const int GCStaticRegionSection = 201;
        private const uint ReadyToRunSignature = 0x00525452; // "RTR"
        private const int Uninitialized = 1, HasPreInitializedData = 2, FlagMask = 3;

        /// <summary>
        /// Allocates the objects that hold static reference fields, copying compile-time initial
        /// values where ILCompiler provides them. Must run before any static reference field is used.
        /// </summary>
        /// <param name="modulesStart">start of the `__modules` section (pointers to ReadyToRun headers)</param>
        /// <param name="modulesEnd">end of that section</param>
        public static void InitializeModules(IntPtr* modulesStart, IntPtr* modulesEnd)
        {
            for (IntPtr* module = modulesStart; module < modulesEnd; module++)
            {
                byte* header = (byte*)*module;
                if (header == null || *(uint*)header != ReadyToRunSignature)
                    RuntimeFailure.Fatal("bad ReadyToRun header", (ulong)header);
                int sectionCount = *(ushort*)(header + 12);
                int entrySize = header[14];
                for (int i = 0; i < sectionCount; i++)
                {
                    byte* entry = header + 16 + i * entrySize;
                    if (*(int*)entry != GCStaticRegionSection) continue;
                    InitializeStatics(*(byte**)(entry + 8), *(byte**)(entry + 16));
                }
            }
        }

        private static void InitializeStatics(byte* regionStart, byte* regionEnd)
        {
            for (int* entry = (int*)regionStart; entry < (int*)regionEnd; entry++)
            {
                long* block = (long*)ReadRelative(entry);
                long blockValue = (long)ReadRelative((int*)block);
                if ((blockValue & Uninitialized) == 0) continue; // already done (shared region)
                MethodTable* type = (MethodTable*)(blockValue & ~(long)FlagMask);
                byte* obj = Heap.AllocateObject(type->BaseSize);
                *(MethodTable**)obj = type;
                if ((blockValue & HasPreInitializedData) != 0)
                {
                    byte* data = ReadRelative((int*)block + 1);
                    uint size = type->BaseSize - 16; // without header word and MethodTable pointer
                    for (uint i = 0; i < size; i++) obj[8 + i] = data[i];
                }
                *block = (long)obj;
            }
        }

        private static byte* ReadRelative(int* at) => (byte*)at + *at;
    }

    /// <summary>
    /// Where ILCompiler-generated code goes when a run-time check fails: a fatal report in strict
    /// services, the .NET exception in rich ones (catchable; unhandled it is the same fatal report).
    /// </summary>
    internal static class ThrowHelpers
    {
#if BULKHEAD_RICH
        private static void ThrowOverflowException() => throw new OverflowException();
        private static void ThrowIndexOutOfRangeException() => throw new IndexOutOfRangeException();
        private static void ThrowNullReferenceException() => throw new NullReferenceException();
        private static void ThrowDivideByZeroException() => throw new DivideByZeroException();
        private static void ThrowArrayTypeMismatchException() => throw new ArrayTypeMismatchException();
        private static void ThrowInvalidCastException() => throw new InvalidCastException();
        private static void ThrowPlatformNotSupportedException() => throw new PlatformNotSupportedException();
        private static void ThrowTypeLoadException() => throw new TypeLoadException();
        private static void ThrowArgumentException() => throw new ArgumentException();
        private static void ThrowArgumentOutOfRangeException() => throw new ArgumentOutOfRangeException();
        private static void ThrowNotImplementedException() => throw new NotImplementedException();
        private static void ThrowNotSupportedException() => throw new NotSupportedException();
        private static void ThrowBadImageFormatException() => RuntimeFailure.Unsupported("bad image format");
        private static void ThrowInvalidProgramException() => throw new InvalidProgramException();
        private static void ThrowMissingMethodException() => RuntimeFailure.Unsupported("missing method");
        private static void ThrowMissingFieldException() => RuntimeFailure.Unsupported("missing field");
        private static void ThrowFeatureBodyRemoved() => RuntimeFailure.Unsupported("feature removed by the compiler");
#else
        private static void ThrowOverflowException() => RuntimeFailure.Overflow();
        private static void ThrowIndexOutOfRangeException() => RuntimeFailure.IndexOutOfRange();
        private static void ThrowNullReferenceException() => RuntimeFailure.NullReference();
        private static void ThrowDivideByZeroException() => RuntimeFailure.DivideByZero();
        private static void ThrowArrayTypeMismatchException() => RuntimeFailure.InvalidCast();
        private static void ThrowInvalidCastException() => RuntimeFailure.InvalidCast();
        private static void ThrowPlatformNotSupportedException() => RuntimeFailure.Unsupported("platform");
        private static void ThrowTypeLoadException() => RuntimeFailure.Unsupported("type load");
        private static void ThrowArgumentException() => RuntimeFailure.Fatal("bad argument", 0);
        private static void ThrowArgumentOutOfRangeException() => RuntimeFailure.IndexOutOfRange();
        private static void ThrowNotImplementedException() => RuntimeFailure.Unsupported("not implemented");
        private static void ThrowNotSupportedException() => RuntimeFailure.Unsupported("not supported");
        private static void ThrowBadImageFormatException() => RuntimeFailure.Unsupported("bad image format");
        private static void ThrowInvalidProgramException() => RuntimeFailure.Unsupported("invalid program");
        private static void ThrowMissingMethodException() => RuntimeFailure.Unsupported("missing method");
        private static void ThrowMissingFieldException() => RuntimeFailure.Unsupported("missing field");
        private static void ThrowFeatureBodyRemoved() => RuntimeFailure.Unsupported("feature removed by the compiler");
#endif
    }
}

namespace System.Runtime.CompilerServices
{
    // Runs a type's static constructor the first time ILCompiler-generated code touches the type.
    internal static unsafe class ClassConstructorRunner
    {
        private static IntPtr CheckStaticClassConstructionReturnNonGCStaticBase(StaticClassConstructionContext* context, IntPtr nonGcStaticBase)
        {
            EnsureClassConstructorRun(context);
            return nonGcStaticBase;
        }

        private static object CheckStaticClassConstructionReturnGCStaticBase(StaticClassConstructionContext* context, object gcStaticBase)
        {
            EnsureClassConstructorRun(context);
            return gcStaticBase;
        }

        private static void EnsureClassConstructorRun(StaticClassConstructionContext* context)
        {
            IntPtr cctor = context->cctorMethodAddress;
            if ((void*)cctor == null) return;
            context->cctorMethodAddress = default; // single core at this point: no race to guard
            ((delegate*<void>)(void*)cctor)();
        }
    }
}
