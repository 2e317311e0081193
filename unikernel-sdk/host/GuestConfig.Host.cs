// Host-mode stand-in for the GuestConfig.g.cs the native build generates per domain (as
// unikernel-sdk/ide/GuestConfig.Ide.cs is for the IDE): a service that reads these members
// compiles on the host. HostModeApiTests fails when the IDE stand-in has a member this one lacks.
namespace Bulkhead.Generated
{
    internal static class GuestConfig
    {
        public const string Service = "host";
        public const bool Native = false;
        /// <summary>The interrupt number of the virtual timer (HostEvents delivers it): QEMU virt's PPI 27.</summary>
        public const uint TimerVirtualIntId = 27;
        /// <summary>On the host a service runs on .NET itself: its GC, exceptions and library (the rich profile's and more).</summary>
        public const bool RichProfile = true;
        /// <summary>On the host every process prints its own lines (docs/host-mode.md): never through a console driver domain.</summary>
        public const bool ConsoleThroughDriver = false;
        // Per domain (properties, never constants, as in the native build where they are link-time data).
        /// <summary>No domain RAM region on the host: a process's memory is the runtime's.</summary>
        public static ulong RamBase => 0;
        public static ulong RamSize => 0;
        public static ulong HeapSize => 0;
        // Console driver systems: on the host every process prints its own lines (docs/host-mode.md).
        public static int ConsoleLink => -1;
        public static int ConsoleClientCount => 0;
        // The management server (system.yaml 'management:', docs/management.md); here: not the server (no key).
        public static string ManagementKeyHex => "";
        public static ushort ManagementUdpPort => 0;
        public static string ManagementSystemName => "";
        public static string ManagementServerName => "";
        public static int ManagementDomainCount => 0;
        // The network (system.yaml 'network:'): a host-mode client's values come from the run
        // (BULKHEAD_HOST_NET, unikernel-sdk/host/HostNetwork.cs); its frames go over UDP on 127.0.0.1,
        // and NetworkLink is the link the plan would give it (no such channel is mapped on the host).
        public static int NetworkLink => Bulkhead.Host.HostNetwork.Link;
        public static ulong MacAddress => Bulkhead.Host.HostNetwork.Mac;
        public static uint Ipv4Address => Bulkhead.Host.HostNetwork.Ipv4;
        public static int Ipv4PrefixLength => Bulkhead.Host.HostNetwork.PrefixLength;
        public static uint Ipv4Gateway => Bulkhead.Host.HostNetwork.Gateway;
        public static int NetworkClientCount => 0;
        public static ulong NetworkDeviceBase => 0;
        public static uint NetworkDeviceIntId => 0;
    }

    /// <summary>The network driver domain's clients: none in host mode.</summary>
    internal static class NetworkClients
    {
        public static int Link(int index) => -1;
        public static ulong Mac(int index) => 0;
        public static uint RateLimit(int index) => 0;
    }

    /// <summary>The console driver domain's clients: none in host mode.</summary>
    internal static class ConsoleClients
    {
        public static int Link(int index) => -1;
        public static string Name(int index) => "";
    }

    /// <summary>The management server's table of the system's domains: none in host mode.</summary>
    internal static class ManagementDomains
    {
        public static string Name(int id) => "";
        public static int Criticality(int id) => -1;
    }
}
