namespace Bulkhead.Core
{
    /// <summary>Facts fixed when the image was built (version, board) handed to the core at boot.</summary>
    public struct BootInfo
    {
        public string Version;
        public string Board;
        /// <summary>The board's core count: the firmware is asked about this many at most.</summary>
        public int BoardCores;
    }
}
