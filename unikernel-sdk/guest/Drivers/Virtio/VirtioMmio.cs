using Bulkhead.Guest;
namespace Bulkhead.Drivers.Virtio
{
    /// <summary>
    /// Register offsets and values of the virtio-mmio transport (virtio 1.x spec, section 4.2.2;
    /// legacy layout section 4.2.4). One place for all of them.
    /// </summary>
    public static class VirtioMmio
    {
        public const uint MagicValue = 0x000;
        public const uint Version = 0x004;
        public const uint DeviceId = 0x008;
        public const uint VendorId = 0x00C;
        public const uint DeviceFeatures = 0x010;
        public const uint DeviceFeaturesSel = 0x014;
        public const uint DriverFeatures = 0x020;
        public const uint DriverFeaturesSel = 0x024;
        /// <summary>Legacy only: the page size QueuePFN counts in.</summary>
        public const uint GuestPageSize = 0x028;
        public const uint QueueSel = 0x030;
        public const uint QueueNumMax = 0x034;
        public const uint QueueNum = 0x038;
        /// <summary>Legacy only: alignment of the used ring inside the queue's pages.</summary>
        public const uint QueueAlign = 0x03C;
        /// <summary>Legacy only: page number of the queue (descriptors, avail, used contiguous); 0 = none.</summary>
        public const uint QueuePfn = 0x040;
        /// <summary>Modern only: the queue is usable (after its three addresses are written).</summary>
        public const uint QueueReady = 0x044;
        public const uint QueueNotify = 0x050;
        public const uint InterruptStatus = 0x060;
        public const uint InterruptAck = 0x064;
        public const uint Status = 0x070;
        public const uint QueueDescLow = 0x080;
        public const uint QueueDescHigh = 0x084;
        public const uint QueueDriverLow = 0x090;
        public const uint QueueDriverHigh = 0x094;
        public const uint QueueDeviceLow = 0x0A0;
        public const uint QueueDeviceHigh = 0x0A4;
        public const uint ConfigGeneration = 0x0FC;
        /// <summary>Start of the device-specific configuration space.</summary>
        public const uint Config = 0x100;

        /// <summary>"virt", little-endian.</summary>
        public const uint Magic = 0x74726976;
        public const uint LegacyVersion = 1;
        public const uint ModernVersion = 2;

        public const uint DeviceIdNet = 1;
        public const uint DeviceIdBlock = 2;

        // Device status bits (section 2.1).
        public const uint StatusAcknowledge = 1;
        public const uint StatusDriver = 2;
        public const uint StatusDriverOk = 4;
        public const uint StatusFeaturesOk = 8;
        public const uint StatusNeedsReset = 64;
        public const uint StatusFailed = 128;

        /// <summary>Feature bit 32: the device is a virtio 1.x device; a modern driver must accept it.</summary>
        public const int FeatureVersion1 = 32;

        /// <summary>InterruptStatus bit 0: a used ring was updated; bit 1: the configuration changed.</summary>
        public const uint InterruptUsedRing = 1;
        public const uint InterruptConfigChange = 2;

        /// <summary>The page size a legacy device is told to use (QueuePFN units, queue alignment).</summary>
        public const uint LegacyPageSize = 4096;
    }
}
