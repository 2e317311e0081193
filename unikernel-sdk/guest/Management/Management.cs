using Bulkhead.Core.Abi;
using Bulkhead.Guest.Platform;

namespace Bulkhead.Guest
{
    /// <summary>
    /// Run-time management of other domains (docs/management.md): only of those the system
    /// description lets this domain manage ('manages: [names]'); the hypervisor denies and logs the
    /// rest. Works in both C# profiles: results are values, nothing throws.
    /// </summary>
    public static unsafe class Management
    {
        /// <summary>Bit n set: this domain manages domain n (0 on a hypervisor without management).</summary>
        public static uint ManagedMask => Cpu.Hypercall(Hypercall.MgmtList, 0, 0, 0, out var r) == HypercallStatus.Success ? (uint)r.R1 : 0;

        /// <summary>How many domains the system has (ids are 0 .. DomainCount-1).</summary>
        public static int DomainCount => Cpu.Hypercall(Hypercall.MgmtList, 0, 0, 0, out var r) == HypercallStatus.Success ? (int)r.R2 : 0;

        /// <summary>The status of managed domain <paramref name="id"/>.</summary>
        public static ManagementResult Status(int id, out ManagedDomain status)
        {
            status = default;
            byte* record = stackalloc byte[(int)MgmtStatusRecord.Size];
            long s = Cpu.Hypercall(Hypercall.MgmtStatus, (ulong)id, (ulong)record, MgmtStatusRecord.Size, out _);
            if (s != HypercallStatus.Success) return Result(s);
            status.Id = id;
            status.Name = Text(record + MgmtStatusRecord.Name, 16);
            status.State = (ManagedState)record[MgmtStatusRecord.State];
            status.Criticality = record[MgmtStatusRecord.Criticality];
            status.RestartsOnFault = record[MgmtStatusRecord.RestartPolicy] == 1;
            status.VcpuCount = record[MgmtStatusRecord.VcpuCount];
            status.VcpusRunning = (int)*(uint*)(record + MgmtStatusRecord.VcpusRunning);
            status.CoreMask = *(ulong*)(record + MgmtStatusRecord.CoreMask);
            status.Restarts = *(uint*)(record + MgmtStatusRecord.Restarts);
            status.Faults = *(uint*)(record + MgmtStatusRecord.Faults);
            status.Exits = *(ulong*)(record + MgmtStatusRecord.Exits);
            status.Interrupts = *(ulong*)(record + MgmtStatusRecord.Interrupts);
            status.UptimeNs = *(ulong*)(record + MgmtStatusRecord.UptimeNs);
            status.WatchdogMs = *(uint*)(record + MgmtStatusRecord.WatchdogMs);
            status.HeartbeatAgeMs = *(uint*)(record + MgmtStatusRecord.HeartbeatAgeMs);
            status.ConsoleBytes = *(ulong*)(record + MgmtStatusRecord.ConsoleBytes);
            status.LastFault = Text(record + MgmtStatusRecord.LastFault, (int)MgmtStatusRecord.LastFaultLength);
            return ManagementResult.Ok;
        }

        /// <summary>The id of the managed domain called <paramref name="name"/>, or -1.</summary>
        public static int Find(string name)
        {
            uint mask = ManagedMask;
            for (int id = 0; id < 32; id++)
                if ((mask & (1u << id)) != 0 && Status(id, out var s) == ManagementResult.Ok && s.Name == name) return id;
            return -1;
        }

        /// <summary>Stops the domain until a <see cref="Start"/>.</summary>
        public static ManagementResult Stop(int id) => Control(id, MgmtAction.Stop);

        /// <summary>Starts a stopped domain again from its pristine image.</summary>
        public static ManagementResult Start(int id) => Control(id, MgmtAction.Start);

        /// <summary>Restarts the domain (a stopped one starts); not limited by its restart policy.</summary>
        public static ManagementResult Restart(int id) => Control(id, MgmtAction.Restart);

        /// <summary>
        /// Copies the domain's console lines from <paramref name="cursor"/> (0 = the oldest the
        /// hypervisor still holds) into <paramref name="buffer"/> and moves the cursor past them.
        /// Returns the bytes copied (whole lines, '\n'-terminated), or -1 when denied.
        /// <paramref name="lostBytes"/>: bytes that scrolled away before this read (0 when none).
        /// </summary>
        public static int ReadConsole(int id, ref ulong cursor, byte[] buffer, out ulong lostBytes)
        {
            lostBytes = 0;
            fixed (byte* b = buffer)
            {
                long s = Cpu.Hypercall(Hypercall.MgmtConsole, (ulong)id | (cursor << 8), (ulong)b, (ulong)buffer.Length, out var r);
                if (s != HypercallStatus.Success) return -1;
                if (r.R3 > cursor) lostBytes = r.R3 - cursor;
                cursor = r.R2;
                return (int)r.R1;
            }
        }

        private static ManagementResult Control(int id, ulong action) => Result(Cpu.Hypercall(Hypercall.MgmtControl, (ulong)id, action, 0, out _));

        private static ManagementResult Result(long status) => status switch
        {
            HypercallStatus.Success => ManagementResult.Ok,
            HypercallStatus.Denied => ManagementResult.Denied,
            HypercallStatus.WrongState => ManagementResult.WrongState,
            HypercallStatus.InvalidParameters => ManagementResult.InvalidParameters,
            _ => ManagementResult.NotSupported,
        };

        private static string Text(byte* p, int max)
        {
            int n = 0;
            while (n < max && p[n] != 0) n++;
            return string.FromAscii(p, n);
        }
    }
}
