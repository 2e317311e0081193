// IDE-only stand-in for the BoardConfig.g.cs and BoardSeams.g.cs that tools/Bulkhead.Build generates
// from the board file (BoardConstants.Source / GuestSeams). QEMU virt with GICv3, the default board:
// placeholders with the right types. tests/Bulkhead.Sdk.Tests (IdeStandInTests) fails when they drift apart.
global using ConsoleUart = Bulkhead.Drivers.Pl011;
global using Gic = Bulkhead.Guest.Platform.GicV3;

namespace Bulkhead.Generated
{
    internal static class BoardConfig
    {
        public const string Version = "ide";
        public const string Board = "qemu-virt-gicv3";
        public const ulong UartBase = 0x9000000;
        public const string ConsoleType = "pl011";
        public const int ConsoleRegShift = 0;
        public const int ConsoleRegIoWidth = 1;
        public const bool HasPsci = true;
        public const int CoreCount = 4;
        public const bool InjectFault = false;
        public const ulong GicDistributor = 0x8000000;
        public const ulong GicCpuInterface = 0x0;
        public const ulong GicHypInterface = 0x0;
        public const ulong GicVirtualCpuInterface = 0x0;
        public const ulong GicRedistributors = 0x80a0000;
        public const ulong GicRedistributorStride = 0x20000;
        public const uint MaintenanceIntId = 25;
        public const uint VirtTimerIntId = 27;
        public const uint PhysTimerIntId = 30;
        public const uint HypTimerIntId = 26;
        public const ulong LocalApic = 0x0;
        public const ulong IoApic = 0x0;
        public const ulong SmmuBase = 0x9050000;
        public const uint SmmuEventIntId = 106;
        public const uint LlcColors = 16;
        public static ulong CoreMpidr(int index) => index < CoreCount ? (ulong)index : ulong.MaxValue;
    }
}
