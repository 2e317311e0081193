using Bulkhead.Core.Plan;
using Bulkhead.Core.Sync;
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
    /// Every change a vCPU causes goes through the domain's lock and is dropped when the vCPU
    /// belongs to a run that already ended (its domain stopped or restarted meanwhile).
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
                if (domain.PayloadSize > plan.ImageSize && plan.ImageSize != 0
                    || !PartitionTable.OwnsRam(domainIndex, plan.ImageLoadAddress, domain.PayloadSize, 0))
                {
                    StopDomain(domainIndex, "image does not fit its memory");
                    return false;
                }
                byte* from = (byte*)domain.PayloadAddress, to = (byte*)plan.ImageLoadAddress;
                if (plan.ColorMask != 0)
                {
                    // Coloured: the image's pages are scattered over the span; check the source, copy page by page.
                    if (plan.ImageCrc != 0 && ImageCrc.Compute(from, domain.PayloadSize) != plan.ImageCrc)
                    {
                        StopDomain(domainIndex, "image checksum does not match the plan");
                        return false;
                    }
                    GuestRam.CopyOut(domainIndex, plan.ImageLoadAddress, from, domain.PayloadSize);
                    for (ulong at = plan.ImageLoadAddress & ~(GuestRam.Page - 1); at < plan.ImageLoadAddress + domain.PayloadSize; at += GuestRam.Page)
                        TArch.PublishToGuest(GuestRam.ToPhysical(domainIndex, at), GuestRam.Page);
                }
                else
                {
                    for (ulong i = 0; i < domain.PayloadSize; i++) to[i] = from[i];
                    if (plan.ImageCrc != 0 && ImageCrc.Compute(to, domain.PayloadSize) != plan.ImageCrc)
                    {
                        StopDomain(domainIndex, "image checksum does not match the plan");
                        return false;
                    }
                    TArch.PublishToGuest(plan.ImageLoadAddress, domain.PayloadSize);
                }
            }
            // Load records are copied by vCPU 0's own core when it enters (CheckIn): tens of MiB of
            // kernel never delay the other domains' start.
            domain.LoadsPending = true;
            domain.Status = DomainStatus.Running;
            domain.StartedNs = TArch.NowNs;
            // The watchdog period starts with the run, not with an entry: powering vCPU 0 off and
            // on again must not feed it.
            if (Watchdog.Enabled(domain)) Watchdog.Start(ref domain, TArch.NowNs);
            for (int c = 0; c < PartitionTable.Cores.Length; c++)
            {
                ref CoreState core = ref PartitionTable.Cores[c];
                if (core.Domain != domainIndex) continue;
                if (core.Vcpu == 0)
                {
                    core.Status = VcpuStatus.Starting;
                    core.StartEpoch = domain.Epoch;
                    core.EntryPoint = plan.EntryPoint;
                    core.EntryArgument = plan.EntryArgument;
                }
                else core.Status = VcpuStatus.Off;
            }
            return true;
        }

        /// <summary>
        /// Copies the domain's load records (Linux: Image, DTB, initramfs) from their pristine copies,
        /// 8 bytes at a time: tens of MiB at every restart. The pristine copies' CRC is checked at the
        /// first start only: no domain can reach them (the plan reader made sure), so they stay intact.
        /// </summary>
        private static bool CopyLoads(int domainIndex)
        {
            ref Domain domain = ref PartitionTable.Domains[domainIndex];
            ref PlanReader plan = ref PartitionTable.Plan;
            domain.LoadsPending = false;
            ulong startNs = TArch.NowNs, bytes = 0;
            bool checking = !domain.LoadsChecked;
            for (uint i = 0; i < plan.LoadCount && !domain.LoadsChecked; i++)
            {
                PlanLoad load = plan.GetLoad(i);
                if (load.Domain != (uint)domainIndex || load.Crc == 0) continue;
                if (ImageCrc.Compute((byte*)load.Source, load.Size) != load.Crc)
                {
                    StopDomain(domainIndex, "kernel, DTB or initramfs checksum does not match the plan");
                    return false;
                }
            }
            domain.LoadsChecked = true;
            for (uint i = 0; i < plan.LoadCount; i++)
            {
                PlanLoad load = plan.GetLoad(i);
                if (load.Domain != (uint)domainIndex) continue;
                ulong* from = (ulong*)load.Source, to = (ulong*)load.Target;
                ulong words = load.Size / 8;
                for (ulong w = 0; w < words; w++) to[w] = from[w];
                TArch.PublishToGuest(load.Target, load.Size);
                bytes += load.Size;
            }
            if (bytes == 0) return true;
            // "hv: domain linux: 46374400 bytes checked and loaded in 812 ms": the cost a (re)start adds before the kernel runs.
            LineBuffer line = default;
            line.Append("hv: domain ");
            line.Append(domain.Name);
            line.Append(": ");
            line.AppendDecimal(bytes);
            line.Append(checking ? " bytes checked and loaded in " : " bytes loaded in ");
            line.AppendDecimal((TArch.NowNs - startNs) / 1000000);
            line.Append(" ms");
            DomainConsole<TArch>.HvLine(ref line);
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
                // The domain was restarted: vCPU 0 reloads it; the others wait for its CPU_ON.
                core.Epoch = domain.Epoch;
                if (core.Vcpu == 0 && !Load(core.Domain)) return CoreAction.Park;
            }
            if (core.Status == VcpuStatus.Starting && core.StartEpoch == domain.Epoch)
            {
                if (core.Vcpu == 0 && domain.LoadsPending && !CopyLoads(core.Domain)) return CoreAction.Park;
                core.Status = VcpuStatus.Running;
                core.RunEpoch = domain.Epoch;
                return Live(coreIndex, ref domain, CoreAction.Enter);
            }
            if (core.Status == VcpuStatus.Running && core.RunEpoch == domain.Epoch) return Live(coreIndex, ref domain, CoreAction.Resume);
            core.Status = VcpuStatus.Off; // off, or what is left of an older run (whatever ended it cleared its live word)
            return CoreAction.Park;
        }

        /// <summary>
        /// The core enters or resumes its vCPU: its <see cref="CoreRun.LiveDomain"/> says so, set
        /// under the domain's lock, so a stop or restart on another core (which clears it under
        /// that lock) cannot be overtaken by a stale "live". Changed meanwhile: 0, and the signal
        /// that change sent brings the core back here.
        /// </summary>
        private static CoreAction Live(int coreIndex, ref Domain domain, CoreAction action)
        {
            SpinLock<TArch>.Enter(ref domain.Lock);
            PartitionTable.Runs[coreIndex].LiveDomain = PartitionTable.IsCurrentRun(coreIndex) ? domain.Index + 1 : 0;
            Exit(ref domain);
            return action;
        }

        /// <summary>The vCPU on <paramref name="core"/> stops its domain for good (SYSTEM_OFF, DOMAIN_STOP).</summary>
        public static void Stop(int core, string reason)
        {
            LineBuffer line = default;
            line.Append(reason);
            ref Domain domain = ref Enter(core, out bool current);
            if (current) StopLocked(ref domain, ref line);
            Exit(ref domain);
        }

        /// <summary>The vCPU on <paramref name="core"/> asks for a restart of its domain (SYSTEM_RESET, DOMAIN_RESTART).</summary>
        public static void Restart(int core, string reason)
        {
            LineBuffer line = default;
            line.Append(reason);
            ref Domain domain = ref Enter(core, out bool current);
            if (current) RestartLocked(ref domain, ref line);
            Exit(ref domain);
        }

        /// <summary>
        /// Applies the domain's policy after a fault of the vCPU on <paramref name="core"/>: restart
        /// while under its limit, else stop. <paramref name="cause"/> is the one-line description.
        /// </summary>
        public static void Fault(int core, ref LineBuffer cause)
        {
            ref Domain domain = ref Enter(core, out bool current);
            if (current) ApplyPolicy(ref domain, ref cause);
            Exit(ref domain);
        }

        /// <summary>
        /// A fault restarts the domain while its restart limit allows; else the fault stops it. Over
        /// the whole run the stop line names the fault only (as it always has); with a window, the
        /// limit is named too, since the same fault restarted the domain earlier.
        /// </summary>
        private static void ApplyPolicy(ref Domain domain, ref LineBuffer cause)
        {
            RecordFault(ref domain, ref cause);
            if (domain.Plan.RestartPolicy != PlanRestartPolicy.Restart
                || domain.Plan.RestartWindowMs == 0 && domain.Restarts >= domain.Plan.RestartLimit)
                StopLocked(ref domain, ref cause);
            else RestartLocked(ref domain, ref cause);
        }

        /// <summary>
        /// A fault of the domain as a whole (its watchdog expired) in run <paramref name="epoch"/>:
        /// the policy applies unless that run already ended. Not tied to a vCPU: vCPU 0 may be off.
        /// </summary>
        public static void FaultRun(int domainIndex, uint epoch, ref LineBuffer cause)
        {
            ref Domain domain = ref PartitionTable.Domains[domainIndex];
            SpinLock<TArch>.Enter(ref domain.Lock);
            if (domain.Status != DomainStatus.Stopped && domain.Epoch == epoch) ApplyPolicy(ref domain, ref cause);
            Exit(ref domain);
        }

        /// <summary>Counts the fault and keeps its line for the domain's managers (MGMT_STATUS).</summary>
        private static void RecordFault(ref Domain domain, ref LineBuffer cause)
        {
            domain.Faults++;
            int n = cause.Length < (int)Abi.MgmtStatusRecord.LastFaultLength - 1 ? cause.Length : (int)Abi.MgmtStatusRecord.LastFaultLength - 1;
            for (int i = 0; i < (int)Abi.MgmtStatusRecord.LastFaultLength; i++) domain.LastFault[i] = i < n ? cause[i] : (byte)0;
        }

        /// <summary>
        /// MGMT_CONTROL stop, from a manager (docs/management.md): the domain stops for good, until a
        /// start. <paramref name="reason"/> names the manager. WrongState when it is already stopped.
        /// </summary>
        public static long StopByManager(int domainIndex, ref LineBuffer reason)
        {
            ref Domain domain = ref PartitionTable.Domains[domainIndex];
            SpinLock<TArch>.Enter(ref domain.Lock);
            bool stopped = domain.Status == DomainStatus.Stopped;
            if (!stopped) StopLocked(ref domain, ref reason);
            Exit(ref domain);
            return stopped ? Abi.HypercallStatus.WrongState : Abi.HypercallStatus.Success;
        }

        /// <summary>
        /// MGMT_CONTROL start or restart, from a manager: a stopped domain starts again from its
        /// pristine image; a running one (restart only) restarts, whatever its restart policy and
        /// limit say (they govern faults; this is an operator's decision). Start of a domain that is
        /// not stopped: WrongState.
        /// </summary>
        public static long StartByManager(int domainIndex, bool restart, ref LineBuffer reason)
        {
            ref Domain domain = ref PartitionTable.Domains[domainIndex];
            SpinLock<TArch>.Enter(ref domain.Lock);
            long status = Abi.HypercallStatus.Success;
            bool stopped = domain.Status == DomainStatus.Stopped;
            if (!stopped && !restart) status = Abi.HypercallStatus.WrongState;
            else
            {
                LineBuffer line = default;
                line.Append("hv: domain ");
                line.Append(domain.Name);
                if (stopped) line.Append(" starting: ");
                else
                {
                    DomainConsole<TArch>.FlushDomain(domain.Index);
                    domain.Restarts++;
                    line.Append(" restarting (");
                    line.AppendDecimal(domain.Restarts);
                    line.Append("): ");
                }
                line.Append(ref reason);
                DomainConsole<TArch>.HvLine(ref line);
                // The next check-in of vCPU 0's core sees the new run and loads the image (CheckIn).
                domain.Status = DomainStatus.Starting;
                domain.Epoch++;
                SignalDomainCores(domain.Index);
            }
            Exit(ref domain);
            return status;
        }

        /// <summary>PSCI CPU_OFF: the vCPU on <paramref name="core"/> goes off; the last one off ends its domain.</summary>
        public static void CpuOff(int core)
        {
            ref Domain domain = ref Enter(core, out bool current);
            if (current)
            {
                PartitionTable.Cores[core].Status = VcpuStatus.Off;
                PartitionTable.Runs[core].LiveDomain = 0;
                if (!AnyVcpuOn(domain.Index))
                {
                    LineBuffer line = default;
                    line.Append("every vCPU is off (PSCI CPU_OFF)");
                    StopLocked(ref domain, ref line);
                }
            }
            Exit(ref domain);
        }

        /// <summary>PSCI CPU_ON from a guest: only a vCPU of the caller's own domain that is off.</summary>
        /// <returns>a PSCI status: 0 success, -2 no such vCPU, -4 already on, -5 on pending, -9 entry not executable RAM of the domain</returns>
        public static long CpuOn(int callerCore, ulong targetId, ulong entry, ulong argument)
        {
            int domainIndex = PartitionTable.Cores[callerCore].Domain;
            int vcpu = TArch.VcpuOfTargetId(targetId);
            int target = vcpu < 0 ? -1 : PartitionTable.CoreOf(domainIndex, vcpu);
            if (target < 0) return Abi.PsciFunction.InvalidParameters;
            if (!PartitionTable.OwnsRam(domainIndex, entry, 4, PlanRegionFlags.Execute)) return Abi.PsciFunction.InvalidAddress;
            long status = Abi.PsciFunction.Success;
            ref Domain domain = ref Enter(callerCore, out bool current);
            ref CoreState core = ref PartitionTable.Cores[target];
            if (!current) status = Abi.PsciFunction.Denied;
            else if (core.Status == VcpuStatus.Starting && core.StartEpoch == domain.Epoch) status = Abi.PsciFunction.OnPending;
            else if (core.Status != VcpuStatus.Off) status = Abi.PsciFunction.AlreadyOn;
            else
            {
                core.EntryPoint = entry;
                core.EntryArgument = argument;
                core.StartEpoch = domain.Epoch;
                core.Status = VcpuStatus.Starting;
            }
            Exit(ref domain);
            if (status == Abi.PsciFunction.Success) TArch.SignalCore(target);
            return status;
        }

        /// <summary>PSCI AFFINITY_INFO for a vCPU of the caller's domain: 0 on, 1 off, -2 no such vCPU.</summary>
        public static long AffinityInfo(int callerCore, ulong targetId)
        {
            int vcpu = TArch.VcpuOfTargetId(targetId);
            int target = vcpu < 0 ? -1 : PartitionTable.CoreOf(PartitionTable.Cores[callerCore].Domain, vcpu);
            if (target < 0) return Abi.PsciFunction.InvalidParameters;
            return PartitionTable.Cores[target].Status == VcpuStatus.Off ? 1 : 0;
        }

        /// <summary>Stops a domain from outside any of its vCPUs (its image cannot be loaded).</summary>
        private static void StopDomain(int domainIndex, string reason)
        {
            LineBuffer line = default;
            line.Append(reason);
            ref Domain domain = ref PartitionTable.Domains[domainIndex];
            SpinLock<TArch>.Enter(ref domain.Lock);
            if (domain.Status != DomainStatus.Stopped) StopLocked(ref domain, ref line);
            Exit(ref domain);
        }

        /// <summary>Takes the lock of the caller's domain; <paramref name="current"/> is false when the caller's run already ended.</summary>
        private static ref Domain Enter(int core, out bool current)
        {
            ref Domain domain = ref PartitionTable.Domains[PartitionTable.Cores[core].Domain];
            SpinLock<TArch>.Enter(ref domain.Lock);
            current = PartitionTable.IsCurrentRun(core);
            return ref domain;
        }

        private static void Exit(ref Domain domain) => SpinLock<TArch>.Exit(ref domain.Lock);

        private static void StopLocked(ref Domain domain, ref LineBuffer reason)
        {
            DomainConsole<TArch>.FlushDomain(domain.Index);
            domain.Status = DomainStatus.Stopped;
            LineBuffer line = default;
            line.Append("hv: domain ");
            line.Append(domain.Name);
            line.Append(" stopped: ");
            line.Append(ref reason);
            DomainConsole<TArch>.HvLine(ref line);
            SignalDomainCores(domain.Index);
            AfterDomainEnded();
        }

        /// <summary>
        /// Restarts while the domain is under its restart limit; requested restarts count too, and
        /// a domain whose policy is "stop" has a limit of 0, so it is stopped instead. With a window
        /// (plan 2.3) the limit counts the restarts in (now - window, now]; the number printed first
        /// counts every restart of the run. Both change under the domain's lock only: one number each.
        /// </summary>
        private static void RestartLocked(ref Domain domain, ref LineBuffer reason)
        {
            bool restarts = domain.Plan.RestartPolicy == PlanRestartPolicy.Restart;
            uint limit = restarts ? domain.Plan.RestartLimit : 0;
            uint windowMs = restarts ? domain.Plan.RestartWindowMs : 0;
            ulong nowNs = TArch.NowNs;
            bool allowed = windowMs == 0 ? domain.Restarts < limit : RestartWindow.Allows(ref domain, limit, windowMs, nowNs);
            if (!allowed)
            {
                LineBuffer stop = default;
                stop.Append("restart limit (");
                stop.AppendDecimal(limit);
                if (windowMs != 0)
                {
                    stop.Append(" in ");
                    stop.AppendDecimal(windowMs);
                    stop.Append(" ms");
                }
                stop.Append(") reached: ");
                stop.Append(ref reason);
                StopLocked(ref domain, ref stop);
                return;
            }
            DomainConsole<TArch>.FlushDomain(domain.Index);
            domain.Restarts++;
            LineBuffer line = default;
            line.Append("hv: domain ");
            line.Append(domain.Name);
            line.Append(" restarting (");
            line.AppendDecimal(domain.Restarts);
            if (windowMs == 0) line.Append(" of ");
            else
            {
                // "restarting (7, 2 of 3 in 10000 ms)": the 7th restart of the run, the 2nd in the window.
                RestartWindow.Record(ref domain, limit, nowNs);
                line.Append(", ");
                line.AppendDecimal(RestartWindow.InWindow(ref domain, windowMs, nowNs));
                line.Append(" of ");
            }
            line.AppendDecimal(limit);
            if (windowMs != 0)
            {
                line.Append(" in ");
                line.AppendDecimal(windowMs);
                line.Append(" ms");
            }
            line.Append("): ");
            line.Append(ref reason);
            DomainConsole<TArch>.HvLine(ref line);
            domain.Epoch++;
            SignalDomainCores(domain.Index);
        }

        private static bool AnyVcpuOn(int domainIndex)
        {
            for (int c = 0; c < PartitionTable.Cores.Length; c++)
                if (PartitionTable.Cores[c].Domain == domainIndex && PartitionTable.Cores[c].Status != VcpuStatus.Off) return true;
            return false;
        }

        /// <summary>After the domain stopped or restarted (under its lock): none of its vCPUs is live any more, and the others' cores come to check in.</summary>
        private static void SignalDomainCores(int domainIndex)
        {
            int self = TArch.CurrentCore;
            for (int c = 0; c < PartitionTable.Cores.Length; c++)
            {
                if (PartitionTable.Cores[c].Domain != domainIndex) continue;
                PartitionTable.Runs[c].LiveDomain = 0;
                if (c != self) TArch.SignalCore(c);
            }
        }

        private static void AfterDomainEnded()
        {
            if (PartitionTable.RunningDomains > 0) return;
            // Two domains may end at once on two cores: one of them powers the machine off.
            fixed (uint* flag = &PartitionTable.PoweringOff)
                if (TArch.AtomicSwap(flag, 1) != 0) return;
            DomainConsole<TArch>.HvLine("hv: no domain left running, powering off");
            Hypervisor<TArch>.ReportHeapAtPowerOff();
            TArch.PowerOff();
        }
    }
}
