using Bulkhead.Drivers;

namespace Bulkhead.Guest.Platform
{
    /// <summary>
    /// The console UART as the portable runtime names it (ARM64 images get a generated alias to the
    /// board's driver). x64 guests print through the hypervisor; only the native baseline
    /// (GuestConfig.Native, the benchmark) drives COM1 itself.
    /// </summary>
    internal struct ConsoleUart : IConsoleUart
    {
        public static void Initialize(ulong baseAddress) { }
        public static void Put(ulong baseAddress, byte value) => NativePc.Put(baseAddress, value);
    }
}
