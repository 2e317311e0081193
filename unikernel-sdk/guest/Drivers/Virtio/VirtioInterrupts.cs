using Bulkhead.Guest;
using Bulkhead.Guest.Platform;

namespace Bulkhead.Drivers.Virtio
{
    /// <summary>
    /// The interrupt side of virtio-mmio devices: one handler for all of them that acknowledges the
    /// device behind the INTID (so the level-triggered line drops) and counts. Drivers wait for
    /// their used rings with <see cref="WaitUntil"/>, which sleeps in WFI.
    /// </summary>
    public static unsafe class VirtioInterrupts
    {
        private const int MaxDevices = 8;
        /// <summary>A sleeping driver re-checks its ring at least this often (a lost interrupt costs time, never a hang).</summary>
        public const ulong RecheckMs = 10;
        private static uint* s_intIds;
        private static ulong* s_bases;
        private static uint* s_counts;
        private static int s_devices;

        /// <summary>Delivers the device's interrupt <paramref name="intId"/> (from its `interrupts:` entry) to this vCPU.</summary>
        public static bool Attach(uint intId, ulong deviceBase)
        {
            if (s_intIds == null)
            {
                s_intIds = (uint*)Memory.AllocateZeroed(MaxDevices * sizeof(uint));
                s_bases = (ulong*)Memory.AllocateZeroed(MaxDevices * sizeof(ulong));
                s_counts = (uint*)Memory.AllocateZeroed(MaxDevices * sizeof(uint));
            }
            if (s_devices == MaxDevices) return false;
            s_intIds[s_devices] = intId;
            s_bases[s_devices] = deviceBase;
            s_devices++;
            Interrupts.Register(intId, &OnInterrupt);
            Interrupts.Enable(intId);
            Interrupts.EnableOnThisCpu();
            return true;
        }

        /// <summary>Interrupts taken for the device at <paramref name="deviceBase"/>.</summary>
        public static uint Count(ulong deviceBase)
        {
            for (int i = 0; i < s_devices; i++) if (s_bases[i] == deviceBase) return s_counts[i];
            return 0;
        }

        private static void OnInterrupt(uint intId)
        {
            for (int i = 0; i < s_devices; i++)
            {
                if (s_intIds[i] != intId) continue;
                uint causes = Device.Read32(s_bases[i] + VirtioMmio.InterruptStatus);
                if (causes != 0) Device.Write32(s_bases[i] + VirtioMmio.InterruptAck, causes);
                s_counts[i]++;
            }
        }

        /// <summary>
        /// Sleeps until <paramref name="queue"/> has a used entry or <paramref name="deadline"/> (ticks;
        /// 0 = none) passes. True when there is one.
        /// </summary>
        public static bool WaitUntil(ref Virtqueue queue, ulong deadline)
        {
            ulong recheck = RecheckMs * (Time.Frequency / 1000);
            while (true)
            {
                if (queue.HasUsed) return true;
                ulong now = Time.Ticks;
                if (deadline != 0 && now >= deadline) return false;
                // Masked, an interrupt that comes after the check still ends the WFI (it stays pending).
                Cpu.DisableInterrupts();
                if (!queue.HasUsed)
                {
                    ulong wake = now + recheck;
                    Time.WakeNoLaterThan(deadline != 0 && deadline < wake ? deadline : wake);
                    Cpu.WaitForInterrupt();
                }
                Cpu.EnableInterrupts();
            }
        }
    }
}
