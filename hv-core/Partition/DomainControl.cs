using Bulkhead.Core.Plan;
using Bulkhead.Core.Text;

namespace Bulkhead.Core.Partition
{
    /// <summary>What a core does after it checked its state.</summary>
    public enum CoreAction
    {
        /// <summary>Go back into the guest where it left off.</summary>
        Resume,
        /// <summary>Enter the guest afresh at CoreState.EntryPoint (start, CPU_ON or restart).</summary>
        Enter,
        /// <summary>Stay out of the guest and wait (domain stopped, vCPU off, or no domain).</summary>
        Park,
    }

    /// <summary>
    /// Domain lifecycle: start, stop, restart, and the per-vCPU PSCI state. Portable: the backend
    /// only enters guests, parks cores and interrupts other cores when asked.
    /// </summary>
    public static unsafe class DomainControl<TArch> where TArch : struct, IArchitecture
    {
        /// <summary>Copies and checks a domain's image and marks vCPU 0 for entry. False if the image is corrupt.</summary>
        public static bool Load(int domainIndex)
        {
            ref Domain domain = ref PartitionTable.Domains[domainIndex];
            PlanDomain plan = domain.Plan;
            if (plan.ImageKind != PlanImageKind.None)
            {
                if (domain.PayloadSize > plan.ImageSize && plan.ImageSize != 0 || !PartitionTable.OwnsRam(domainIndex, plan.ImageLoadAddress, domain.PayloadSize))
                {
                    Stop(domainIndex, "image does not fit its memory");
                    return false;
                }
                byte* from = (byte*)domain.PayloadAddress, to = (byte*)plan.ImageLoadAddress;
                for (ulong i = 0; i < domain.PayloadSize; i++) to[i] = from[i];
                if (plan.ImageCrc != 0 && ImageCrc.Compute(to, domain.PayloadSize) != plan.ImageCrc)
                {
                    Stop(domainIndex, "image checksum does not match the plan");
                    return false;
                }
            }
            domain.Status = DomainStatus.Running;
            for (int c = 0; c < PartitionTable.Cores.Length; c++)
            {
                ref CoreState core = ref PartitionTable.Cores[c];
                if (core.Domain != domainIndex) continue;
                core.Epoch = domain.Epoch;
                if (core.Vcpu == 0)
                {
                    core.Status = VcpuStatus.Starting;
                    core.EntryPoint = plan.EntryPoint;
                    core.EntryArgument = 0;
                }
                else core.Status = VcpuStatus.Off;
            }
            return true;
        }

        /// <summary>Decides what the calling core does next (after any trap or wake-up).</summary>
        public static CoreAction CheckIn(int coreIndex)
        {
            ref CoreState core = ref PartitionTable.Cores[coreIndex];
            if (core.Domain < 0) return CoreAction.Park;
            ref Domain domain = ref PartitionTable.Domains[core.Domain];
            if (domain.Status == DomainStatus.Stopped) { core.Status = VcpuStatus.Off; return CoreAction.Park; }
            if (core.Epoch != domain.Epoch)
            {
                // The domain was restarted: vCPU 0 reloads and enters, the others wait for CPU_ON.
                core.Epoch = domain.Epoch;
                core.Status = VcpuStatus.Off;
                if (core.Vcpu == 0 && Load(core.Domain))
                {
                    core.Status = VcpuStatus.Running;
                    return CoreAction.Enter;
                }
                return CoreAction.Park;
            }
            if (core.Status == VcpuStatus.Starting) { core.Status = VcpuStatus.Running; return CoreAction.Enter; }
            return core.Status == VcpuStatus.Running ? CoreAction.Resume : CoreAction.Park;
        }

        /// <summary>Stops a domain for good and tells its other cores. Prints the hypervisor line.</summary>
        public static void Stop(int domainIndex, string reason)
        {
            LineBuffer line = default;
            line.Append(reason);
            Stop(domainIndex, ref line);
        }

        public static void Stop(int domainIndex, ref LineBuffer reason)
        {
            ref Domain domain = ref PartitionTable.Domains[domainIndex];
            DomainConsole<TArch>.FlushDomain(domainIndex);
            domain.Status = DomainStatus.Stopped;
            LineBuffer line = default;
            line.Append("hv: domain ");
            line.Append(domain.Name);
            line.Append(" stopped: ");
            line.Append(ref reason);
            DomainConsole<TArch>.HvLine(ref line);
            SignalDomainCores(domainIndex);
            AfterDomainEnded();
        }

        /// <summary>
        /// Applies the domain's policy after a fault: restart while under its limit, else stop.
        /// <paramref name="cause"/> is the one-line description of what happened.
        /// </summary>
        public static void Fault(int domainIndex, ref LineBuffer cause)
        {
            ref Domain domain = ref PartitionTable.Domains[domainIndex];
            PlanDomain plan = domain.Plan;
            if (plan.RestartPolicy == PlanRestartPolicy.Restart && domain.Restarts < plan.RestartLimit)
                Restart(domainIndex, ref cause);
            else
                Stop(domainIndex, ref cause);
        }

        /// <summary>Restarts a domain from its entry point (all vCPUs reset).</summary>
        public static void Restart(int domainIndex, string reason)
        {
            LineBuffer line = default;
            line.Append(reason);
            Restart(domainIndex, ref line);
        }

        public static void Restart(int domainIndex, ref LineBuffer reason)
        {
            ref Domain domain = ref PartitionTable.Domains[domainIndex];
            uint limit = domain.Plan.RestartLimit;
            if (limit != 0 && domain.Restarts >= limit)
            {
                // Requested restarts count too: a domain that keeps resetting itself ends stopped.
                LineBuffer stop = default;
                stop.Append("restart limit (");
                stop.AppendDecimal(limit);
                stop.Append(") reached: ");
                stop.Append(ref reason);
                Stop(domainIndex, ref stop);
                return;
            }
            DomainConsole<TArch>.FlushDomain(domainIndex);
            domain.Restarts++;
            LineBuffer line = default;
            line.Append("hv: domain ");
            line.Append(domain.Name);
            line.Append(" restarting (");
            line.AppendDecimal(domain.Restarts);
            line.Append(" of ");
            line.AppendDecimal(domain.Plan.RestartLimit);
            line.Append("): ");
            line.Append(ref reason);
            DomainConsole<TArch>.HvLine(ref line);
            domain.Epoch++;
            SignalDomainCores(domainIndex);
        }

        /// <summary>PSCI CPU_ON from a guest: only a vCPU of the caller's own domain that is off.</summary>
        /// <returns>a PSCI status: 0 success, -2 invalid parameters, -4 already on</returns>
        public static long CpuOn(int callerCore, ulong targetVcpu, ulong entry, ulong argument)
        {
            int domain = PartitionTable.Cores[callerCore].Domain;
            int target = PartitionTable.CoreOf(domain, (int)(targetVcpu & 0xFF));
            if (target < 0 || (targetVcpu & ~0xFFUL) != 0) return -2;
            if (!PartitionTable.OwnsRam(domain, entry, 4)) return -2;
            ref CoreState core = ref PartitionTable.Cores[target];
            if (core.Status != VcpuStatus.Off) return -4;
            core.EntryPoint = entry;
            core.EntryArgument = argument;
            core.Status = VcpuStatus.Starting;
            TArch.SignalCore(target);
            return 0;
        }

        /// <summary>PSCI AFFINITY_INFO for a vCPU of the caller's domain: 0 on, 1 off, -2 no such vCPU.</summary>
        public static long AffinityInfo(int callerCore, ulong targetVcpu)
        {
            int target = PartitionTable.CoreOf(PartitionTable.Cores[callerCore].Domain, (int)(targetVcpu & 0xFF));
            if (target < 0) return -2;
            return PartitionTable.Cores[target].Status == VcpuStatus.Off ? 1 : 0;
        }

        private static void SignalDomainCores(int domainIndex)
        {
            int self = TArch.CurrentCore;
            for (int c = 0; c < PartitionTable.Cores.Length; c++)
                if (PartitionTable.Cores[c].Domain == domainIndex && c != self) TArch.SignalCore(c);
        }

        private static void AfterDomainEnded()
        {
            if (PartitionTable.RunningDomains > 0) return;
            DomainConsole<TArch>.HvLine("hv: no domain left running, powering off");
            TArch.PowerOff();
        }
    }
}
