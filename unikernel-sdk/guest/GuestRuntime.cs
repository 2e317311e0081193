using Bulkhead.Core.Abi;
using Bulkhead.Generated;
using Bulkhead.Guest.Platform;

namespace Bulkhead.Guest
{
    /// <summary>Starts the service on vCPU 0 and secondary entries on the others; reports fatal errors.</summary>
    public static unsafe class GuestRuntime
    {
        private const int MaxVcpus = 8;
        private static delegate*<int, void>* s_entries;

        /// <summary>The vCPU executing this code (from the virtual MPIDR the hypervisor presents).</summary>
        public static int CurrentVcpu => (int)(Cpu.CurrentVcpuId() & 0xFF);

        internal static ulong SecondaryEntryAddress => Cpu.SecondaryEntryAddress();

        /// <summary>
        /// Allocates the runtime's tables on vCPU 0 before the service starts: allocating them on
        /// first use would race when two vCPUs get there at once.
        /// </summary>
        internal static void InitializeTables()
        {
            s_entries = (delegate*<int, void>*)Memory.AllocateZeroed(MaxVcpus * (uint)sizeof(nuint));
            Interrupts.InitializeTable();
            Time.InitializeTables();
        }

        internal static void SetVcpuEntry(int vcpu, delegate*<int, void> entry)
        {
            if ((uint)vcpu < MaxVcpus) s_entries[vcpu] = entry;
        }

        internal static void RunVcpu(int vcpu)
        {
            if (vcpu == 0) ServiceEntry.Run();
            else if (s_entries != null && (uint)vcpu < MaxVcpus && s_entries[vcpu] != null) s_entries[vcpu](vcpu);
            // A vCPU whose work is done idles; interrupts (e.g. timer ticks) still run.
            while (true) Cpu.WaitForInterrupt();
        }

        /// <summary>Reports an unrecoverable error to the hypervisor, which stops or restarts the domain.</summary>
        public static void Fatal(string message, ulong address)
        {
            if (GuestConfig.Native)
            {
                Console.WriteLine(string.Concat("FATAL: ", message, " at 0x", address.ToString("x")));
                Domain.PowerOff();
            }
            byte* buffer = stackalloc byte[128];
            int n = 0;
            for (; n < message.Length && n < 128; n++) buffer[n] = message[n] < 0x80 ? (byte)message[n] : (byte)'?';
            Cpu.Hypercall(Hypercall.FatalError, (ulong)buffer, (ulong)n, address, out _);
            while (true) Cpu.WaitForInterrupt();
        }
    }
}
