using System;
using System.Threading;
using System.Runtime.InteropServices;

namespace Bulkhead.Guest
{
    /// <summary>Host mode: zeroed native memory, never freed (as the guest's bump allocator).</summary>
    public static unsafe class Memory
    {
        public static void* AllocateZeroed(uint bytes) => NativeMemory.AllocZeroed(bytes == 0 ? 1 : bytes);
    }
}
