using Bulkhead.Guest;
using Bulkhead.Guest.Platform;

namespace Bulkhead.Drivers.Virtio
{
    /// <summary>
    /// One virtio-mmio device: the legacy (version 1, QueuePFN) and the modern (version 2, three
    /// queue addresses, FEATURES_OK) register layouts as QEMU offers them. Device drivers
    /// (<see cref="VirtioBlock"/>, <see cref="VirtioNet"/>) sit on top.
    /// </summary>
    public unsafe struct VirtioTransport
    {
        public ulong Base;
        /// <summary>1 = legacy, 2 = modern.</summary>
        public uint Version;
        public uint DeviceId;
        /// <summary>The features both sides agreed on (bits 0-63).</summary>
        public ulong Features;

        public bool IsLegacy => Version == VirtioMmio.LegacyVersion;

        private const int MaxResetPolls = 100000;

        /// <summary>
        /// Looks at the device at <paramref name="baseAddress"/> (a passthrough device of this domain).
        /// False when it is no virtio-mmio device or no device sits behind the transport (device id 0).
        /// </summary>
        public static bool Probe(ulong baseAddress, out VirtioTransport transport)
        {
            transport = default;
            transport.Base = baseAddress;
            if (Device.Read32(baseAddress + VirtioMmio.MagicValue) != VirtioMmio.Magic) return false;
            transport.Version = Device.Read32(baseAddress + VirtioMmio.Version);
            if (transport.Version != VirtioMmio.LegacyVersion && transport.Version != VirtioMmio.ModernVersion) return false;
            transport.DeviceId = Device.Read32(baseAddress + VirtioMmio.DeviceId);
            return transport.DeviceId != 0;
        }

        public uint Read(uint register) => Device.Read32(Base + register);
        public void Write(uint register, uint value) => Device.Write32(Base + register, value);

        public byte ReadConfig8(uint offset) => Device.Read8(Base + VirtioMmio.Config + offset);

        /// <summary>A 32-bit configuration field (little-endian; the transport is little-endian on both layouts here).</summary>
        public uint ReadConfig32(uint offset) => Device.Read32(Base + VirtioMmio.Config + offset);

        /// <summary>A 64-bit configuration field read as two halves, retried while the configuration generation changes (modern).</summary>
        public ulong ReadConfig64(uint offset)
        {
            while (true)
            {
                uint generation = IsLegacy ? 0 : Read(VirtioMmio.ConfigGeneration);
                ulong value = ReadConfig32(offset) | ((ulong)ReadConfig32(offset + 4) << 32);
                if (IsLegacy || Read(VirtioMmio.ConfigGeneration) == generation) return value;
            }
        }

        /// <summary>
        /// Reset, ACKNOWLEDGE, DRIVER, then the features: the device's offer AND <paramref name="wanted"/>
        /// (VERSION_1 is added for a modern device). Modern devices must confirm FEATURES_OK.
        /// False (and status FAILED) when the device refuses.
        /// </summary>
        public bool Initialize(ulong wanted)
        {
            Write(VirtioMmio.Status, 0);
            // The reset is done when the status reads 0; a device that never gets there is given up.
            int polls = 0;
            while (Read(VirtioMmio.Status) != 0)
                if (++polls == MaxResetPolls) return false;
            Write(VirtioMmio.Status, VirtioMmio.StatusAcknowledge);
            Write(VirtioMmio.Status, VirtioMmio.StatusAcknowledge | VirtioMmio.StatusDriver);
            if (!IsLegacy) wanted |= 1UL << VirtioMmio.FeatureVersion1;
            Write(VirtioMmio.DeviceFeaturesSel, 0);
            ulong offered = Read(VirtioMmio.DeviceFeatures);
            Write(VirtioMmio.DeviceFeaturesSel, 1);
            offered |= (ulong)Read(VirtioMmio.DeviceFeatures) << 32;
            Features = offered & wanted;
            Write(VirtioMmio.DriverFeaturesSel, 0);
            Write(VirtioMmio.DriverFeatures, (uint)Features);
            Write(VirtioMmio.DriverFeaturesSel, 1);
            Write(VirtioMmio.DriverFeatures, (uint)(Features >> 32));
            if (IsLegacy)
            {
                Write(VirtioMmio.GuestPageSize, VirtioMmio.LegacyPageSize);
                return true;
            }
            if ((Features & (1UL << VirtioMmio.FeatureVersion1)) == 0) return Fail();
            Write(VirtioMmio.Status, Read(VirtioMmio.Status) | VirtioMmio.StatusFeaturesOk);
            if ((Read(VirtioMmio.Status) & VirtioMmio.StatusFeaturesOk) == 0) return Fail();
            return true;
        }

        public bool HasFeature(int bit) => (Features & (1UL << bit)) != 0;

        /// <summary>
        /// Gives queue <paramref name="index"/> its memory. False when the device has no such queue
        /// or it is smaller than the queue.
        /// </summary>
        public bool SetUpQueue(uint index, ref Virtqueue queue)
        {
            Write(VirtioMmio.QueueSel, index);
            uint max = Read(VirtioMmio.QueueNumMax);
            if (max == 0 || max < queue.Size) return false;
            if (IsLegacy ? Read(VirtioMmio.QueuePfn) != 0 : Read(VirtioMmio.QueueReady) != 0) return false;
            Write(VirtioMmio.QueueNum, queue.Size);
            Cpu.DeviceBarrier();
            if (IsLegacy)
            {
                Write(VirtioMmio.QueueAlign, VirtioMmio.LegacyPageSize);
                Write(VirtioMmio.QueuePfn, (uint)((ulong)queue.Descriptors / VirtioMmio.LegacyPageSize));
            }
            else
            {
                WriteAddress(VirtioMmio.QueueDescLow, (ulong)queue.Descriptors);
                WriteAddress(VirtioMmio.QueueDriverLow, (ulong)queue.Avail);
                WriteAddress(VirtioMmio.QueueDeviceLow, (ulong)queue.Used);
                Write(VirtioMmio.QueueReady, 1);
            }
            queue.Index = index;
            queue.NotifyRegister = Base + VirtioMmio.QueueNotify;
            return true;
        }

        /// <summary>All queues set up: the device may start.</summary>
        public void Start() => Write(VirtioMmio.Status, Read(VirtioMmio.Status) | VirtioMmio.StatusDriverOk);

        /// <summary>Reads and acknowledges the interrupt causes (from the device's interrupt handler).</summary>
        public uint AcknowledgeInterrupt()
        {
            uint causes = Read(VirtioMmio.InterruptStatus);
            if (causes != 0) Write(VirtioMmio.InterruptAck, causes);
            return causes;
        }

        private void WriteAddress(uint lowRegister, ulong address)
        {
            Write(lowRegister, (uint)address);
            Write(lowRegister + 4, (uint)(address >> 32));
        }

        private bool Fail()
        {
            Write(VirtioMmio.Status, Read(VirtioMmio.Status) | VirtioMmio.StatusFailed);
            return false;
        }
    }
}
