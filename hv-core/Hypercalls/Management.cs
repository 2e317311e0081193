using Bulkhead.Core.Abi;
using Bulkhead.Core.Partition;
using Bulkhead.Core.Plan;
using Bulkhead.Core.Text;

namespace Bulkhead.Core.Hypercalls
{
    /// <summary>
    /// The management hypercalls (ABI 1.2, docs/management.md): a domain lists, inspects, stops,
    /// starts and restarts the domains the plan says it manages ('manages:'), and reads their recent
    /// console lines. Every other target is denied. Every stop, start and restart — and every denied
    /// attempt to change a domain — is logged on the hypervisor console with who did what.
    /// </summary>
    public static unsafe class Management<TArch> where TArch : struct, IArchitecture
    {
        /// <summary>True when <paramref name="manager"/> may manage <paramref name="target"/> (an existing domain).</summary>
        public static bool Manages(int manager, ulong target) =>
            target < (ulong)PartitionTable.Domains.Length && (PartitionTable.Domains[manager].Plan.ManagesMask & (1u << (int)target)) != 0;

        public static long List(int manager, ref HypercallFrame call)
        {
            call.R1 = PartitionTable.Domains[manager].Plan.ManagesMask;
            call.R2 = (ulong)PartitionTable.Domains.Length;
            return HypercallStatus.Success;
        }

        public static long Status(int manager, ref HypercallFrame call)
        {
            if (!Manages(manager, call.A1)) return HypercallStatus.Denied;
            if (call.A3 < MgmtStatusRecord.Size || !PartitionTable.OwnsRam(manager, call.A2, MgmtStatusRecord.Size, PlanRegionFlags.Write))
                return HypercallStatus.InvalidParameters;
            if (GuestRam.Direct(manager, call.A2, MgmtStatusRecord.Size, out byte* record)) Write((int)call.A1, record);
            else
            {
                byte* bounce = stackalloc byte[(int)MgmtStatusRecord.Size]; // coloured RAM: scattered pages
                Write((int)call.A1, bounce);
                GuestRam.CopyOut(manager, call.A2, bounce, MgmtStatusRecord.Size);
            }
            call.R1 = MgmtStatusRecord.Size;
            return HypercallStatus.Success;
        }

        public static long Control(int manager, ref HypercallFrame call)
        {
            ref Domain self = ref PartitionTable.Domains[manager];
            ulong action = call.A2;
            if (action < MgmtAction.Stop || action > MgmtAction.Restart) return HypercallStatus.InvalidParameters;
            if (!Manages(manager, call.A1))
            {
                // "hv: mgmt: domain info denied restart of domain brakes (not managed by it)"
                LineBuffer denied = default;
                denied.Append("hv: mgmt: domain ");
                denied.Append(self.Name);
                denied.Append(" denied ");
                denied.Append(ActionName(action));
                if (call.A1 < (ulong)PartitionTable.Domains.Length)
                {
                    denied.Append(" of domain ");
                    denied.Append(PartitionTable.Domains[(int)call.A1].Name);
                    denied.Append(" (not managed by it)");
                }
                else denied.Append(" of a domain that does not exist");
                DomainConsole<TArch>.HvLine(ref denied);
                return HypercallStatus.Denied;
            }
            LineBuffer reason = default;
            reason.Append(action == MgmtAction.Stop ? "stopped by manager " : action == MgmtAction.Start ? "started by manager " : "restarted by manager ");
            reason.Append(self.Name);
            int target = (int)call.A1;
            long status = action == MgmtAction.Stop
                ? DomainControl<TArch>.StopByManager(target, ref reason)
                : DomainControl<TArch>.StartByManager(target, action == MgmtAction.Restart, ref reason);
            if (status == HypercallStatus.WrongState)
            {
                LineBuffer refused = default;
                refused.Append("hv: mgmt: domain ");
                refused.Append(self.Name);
                refused.Append(": ");
                refused.Append(ActionName(action));
                refused.Append(" of domain ");
                refused.Append(PartitionTable.Domains[target].Name);
                refused.Append(action == MgmtAction.Stop ? " refused (already stopped)" : " refused (not stopped)");
                DomainConsole<TArch>.HvLine(ref refused);
            }
            return status;
        }

        public static long Console(int manager, ref HypercallFrame call)
        {
            ulong target = call.A1 & 0xFF, cursor = call.A1 >> 8;
            if (!Manages(manager, target)) return HypercallStatus.Denied;
            if (!PartitionTable.OwnsRam(manager, call.A2, call.A3, PlanRegionFlags.Write)) return HypercallStatus.InvalidParameters;
            ConsoleHistory history = PartitionTable.Domains[(int)target].History!;
            DomainConsole<TArch>.Locked(true);
            if (GuestRam.Direct(manager, call.A2, call.A3, out byte* text)) call.R1 = history.Read(cursor, text, call.A3, out call.R2);
            else
            {
                // Coloured RAM: one bounce buffer's worth per call; the manager continues from the returned cursor.
                const int Bounce = 512;
                byte* bounce = stackalloc byte[Bounce];
                ulong want = call.A3 < Bounce ? call.A3 : Bounce;
                call.R1 = history.Read(cursor, bounce, want, out call.R2);
                GuestRam.CopyOut(manager, call.A2, bounce, call.R1 <= want ? call.R1 : want);
            }
            call.R3 = history.Oldest;
            DomainConsole<TArch>.Locked(false);
            return HypercallStatus.Success;
        }

        private static string ActionName(ulong action) =>
            action == MgmtAction.Stop ? "stop" : action == MgmtAction.Start ? "start" : "restart";

        /// <summary>Fills one MgmtStatusRecord (docs/abi.md) for <paramref name="index"/>.</summary>
        private static void Write(int index, byte* r)
        {
            ref Domain d = ref PartitionTable.Domains[index];
            for (uint i = 0; i < MgmtStatusRecord.Size; i++) r[i] = 0;
            for (int i = 0; i < d.Name.Length && i < (int)PlanFormat.NameLength; i++) r[MgmtStatusRecord.Name + i] = (byte)d.Name[i];
            r[MgmtStatusRecord.State] = d.Status == DomainStatus.Stopped ? MgmtState.Stopped : d.Status == DomainStatus.Running ? MgmtState.Running : MgmtState.Starting;
            r[MgmtStatusRecord.Criticality] = (byte)d.Plan.Criticality;
            r[MgmtStatusRecord.RestartPolicy] = (byte)d.Plan.RestartPolicy;
            r[MgmtStatusRecord.VcpuCount] = (byte)d.VcpuCount;
            uint running = 0;
            ulong exits = 0, interrupts = 0;
            for (int c = 0; c < PartitionTable.Cores.Length; c++)
            {
                ref CoreState core = ref PartitionTable.Cores[c];
                if (core.Domain != index) continue;
                if (core.Status == VcpuStatus.Running && d.Status != DomainStatus.Stopped) running++;
                exits += PartitionTable.Runs[c].Traps;
                interrupts += core.Interrupts;
            }
            ulong now = TArch.NowNs;
            Put32(r + MgmtStatusRecord.VcpusRunning, running);
            Put64(r + MgmtStatusRecord.CoreMask, d.Plan.CoreMask);
            Put32(r + MgmtStatusRecord.Restarts, d.Restarts);
            Put32(r + MgmtStatusRecord.Faults, d.Faults);
            Put64(r + MgmtStatusRecord.Exits, exits);
            Put64(r + MgmtStatusRecord.Interrupts, interrupts);
            Put64(r + MgmtStatusRecord.UptimeNs, d.Status == DomainStatus.Stopped || now < d.StartedNs ? 0 : now - d.StartedNs);
            Put32(r + MgmtStatusRecord.WatchdogMs, d.Plan.WatchdogMs);
            ulong ageMs = now > d.LastHeartbeatNs ? (now - d.LastHeartbeatNs) / 1000000 : 0;
            Put32(r + MgmtStatusRecord.HeartbeatAgeMs, d.Plan.WatchdogMs == 0 ? 0xFFFFFFFF : ageMs > 0xFFFFFFFE ? 0xFFFFFFFE : (uint)ageMs);
            Put64(r + MgmtStatusRecord.ConsoleBytes, d.History == null ? 0 : d.History.Written);
            for (uint i = 0; i < MgmtStatusRecord.LastFaultLength; i++) r[MgmtStatusRecord.LastFault + i] = d.LastFault[i];
        }

        private static void Put32(byte* p, uint v) { for (int i = 0; i < 4; i++) p[i] = (byte)(v >> (8 * i)); }
        private static void Put64(byte* p, ulong v) { for (int i = 0; i < 8; i++) p[i] = (byte)(v >> (8 * i)); }
    }
}
