// Host-mode stand-in for the GuestConfig.g.cs the native build generates per domain (as
// unikernel-sdk/ide/GuestConfig.Ide.cs is for the IDE): a service that reads these constants
// compiles on the host. HostModeApiTests fails when its members drift from the IDE stand-in's.
namespace Bulkhead.Generated
{
    internal static class GuestConfig
    {
        public const string Service = "host";
        public const bool Native = false;
        /// <summary>The interrupt number of the virtual timer (HostEvents delivers it): QEMU virt's PPI 27.</summary>
        public const uint TimerVirtualIntId = 27;
    }
}
