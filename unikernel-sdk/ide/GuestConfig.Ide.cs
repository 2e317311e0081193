// IDE-only stand-in for the GuestConfig.g.cs that tools/Bulkhead.Build generates per domain
// (GuestBuild.GuestConfigSource). It lets a service's .csproj compile in the IDE; the native
// build never sees this folder and uses the real, board-specific values. The members must match
// the generator's: tests/Bulkhead.Sdk.Tests (IdeStandInTests) fails when they drift apart.
namespace Bulkhead.Generated
{
    internal static class GuestConfig
    {
        public const string Service = "ide";
        // QEMU virt with GICv3, the default board: placeholders with the right types.
        public const int GicVersion = 3;
        public const ulong GicDistributor = 0x8000000;
        public const ulong GicCpuInterface = 0x8010000;
        public const ulong GicRedistributor = 0x80a0000;
        public const ulong GicRedistributorStride = 0x20000;
        public const uint TimerVirtualIntId = 27;
        public const bool Native = false;
        public const ulong UartBase = 0x9000000;
    }

    internal static class ServiceEntry
    {
        // Also checks, as the native build does, that the service has Program.Main().
        public static void Run() => global::Program.Main();
    }
}
