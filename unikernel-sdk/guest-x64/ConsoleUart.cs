using Bulkhead.Drivers;

namespace Bulkhead.Guest.Platform
{
    /// <summary>
    /// The console UART as the portable runtime names it (ARM64 images get a generated alias to the
    /// board's driver). x64 guests always print through the hypervisor: no native x64 image is
    /// built, so there is no UART to drive and bytes are dropped.
    /// </summary>
    internal struct ConsoleUart : IConsoleUart
    {
        public static void Initialize(ulong baseAddress) { }
        public static void Put(ulong baseAddress, byte value) { }
    }
}
