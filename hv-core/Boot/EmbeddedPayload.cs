using System.Runtime;
using System.Runtime.CompilerServices;

namespace Bulkhead.Core.Boot
{
    /// <summary>
    /// What the build embeds in every hypervisor image (the generated payload.S, the same symbols
    /// on every architecture): the partition plan and the guest images. Bare metal only: the host
    /// tests build <see cref="BootInfo"/> themselves.
    /// </summary>
    public static unsafe class EmbeddedPayload
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "hv_payload_plan_start")]
        private static extern ulong PlanStart();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "hv_payload_plan_size")]
        private static extern ulong PlanSize();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "hv_payload_image_table")]
        private static extern ulong ImageTable();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "hv_payload_image_count")]
        private static extern ulong ImageCount();

        /// <summary>The boot facts of this image: build constants plus the embedded payload.</summary>
        public static BootInfo Describe(string version, string board, int boardCores)
        {
            BootInfo info;
            info.Version = version;
            info.Board = board;
            info.BoardCores = boardCores;
            info.Plan = (byte*)PlanStart();
            info.PlanSize = (uint)PlanSize();
            info.Images = (ulong*)ImageTable();
            info.ImageCount = (uint)ImageCount();
            info.FirmwareDeviceTree = 0;
            return info;
        }
    }
}
