namespace Bulkhead.Core
{
    /// <summary>Facts fixed when the image was built (version, board, payload) handed to the core at boot.</summary>
    public unsafe struct BootInfo
    {
        public string Version;
        public string Board;
        /// <summary>The board's core count: the firmware is asked about this many at most.</summary>
        public int BoardCores;
        /// <summary>The partition plan embedded in the image (size 0: nothing to run).</summary>
        public byte* Plan;
        public uint PlanSize;
        /// <summary>Per domain: start and end address of its embedded guest image (0, 0 = none).</summary>
        public ulong* Images;
        public uint ImageCount;
        /// <summary>The device tree the boot loader passed (arm64 x0 from U-Boot or the RPi firmware; 0 = none). Kept for later use; nothing reads it yet.</summary>
        public ulong FirmwareDeviceTree;
    }
}
