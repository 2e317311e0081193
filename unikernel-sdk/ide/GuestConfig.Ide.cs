// IDE-only stand-in for the GuestConfig.g.cs that tools/Bulkhead.Build generates per service and
// board (GuestBuild.GuestConfigSource; the per-domain values are properties reading link-time data). It lets a service's .csproj compile in the IDE; the native
// build never sees this folder and uses the real, board-specific values. The members must match
// the generator's: tests/Bulkhead.Sdk.Tests (IdeStandInTests) fails when they drift apart.
namespace Bulkhead.Generated
{
    internal static class GuestConfig
    {
        public const string Service = "ide";
        public const bool Native = false;
        public const bool RichProfile = false;
        public const uint TimerVirtualIntId = BoardConfig.VirtTimerIntId;
        public const bool ConsoleThroughDriver = false;
        // Per domain: link-time data in the native build (properties, never constants).
        public static ulong RamBase => 0x40400000;
        public static ulong RamSize => 0x1000000;
        public static ulong HeapSize => 0x0;
        // The network (system.yaml 'network:', docs/driver-domains.md); here: a domain without one.
        public static int NetworkLink => -1;
        public static ulong MacAddress => 0;
        public static uint Ipv4Address => 0;
        public static int Ipv4PrefixLength => 0;
        public static uint Ipv4Gateway => 0;
        public static int NetworkClientCount => 0;
        public static ulong NetworkDeviceBase => 0;
        public static uint NetworkDeviceIntId => 0;
        public static int ConsoleLink => -1;
        public static int ConsoleClientCount => 0;
        // The management server (system.yaml 'management:', docs/management.md); here: not the server (no key).
        public static string ManagementKeyHex => "";
        public static ushort ManagementUdpPort => 0;
        public static string ManagementSystemName => "";
        public static string ManagementServerName => "";
        public static int ManagementDomainCount => 0;
    }

    /// <summary>The network driver domain's clients (none here).</summary>
    internal static class NetworkClients
    {
        public static int Link(int index) => -1;
        public static ulong Mac(int index) => 0;
        public static uint RateLimit(int index) => 0;
    }

    internal static class ConsoleClients
    {
        public static int Link(int index) => -1;
        public static string Name(int index) => "";
    }

    /// <summary>The management server's table of the system's domains (empty here).</summary>
    internal static class ManagementDomains
    {
        public static string Name(int id) => "";
        public static int Criticality(int id) => -1;
    }

    internal static class ServiceEntry
    {
        // Also checks, as the native build does, that the service has Program.Main().
        public static void Run() => global::Program.Main();
    }
}
