using Bulkhead.Core;

namespace Bulkhead.X86
{
    /// <summary>
    /// Builds every domain (EPT, VMCS, image) and runs them on the boot core. Bochs' test
    /// configuration has one core, so domains run one after the other, each until it stops; with
    /// more cores each domain would get its own (see docs/x86.md). A stopped domain never takes
    /// the hypervisor or another domain with it.
    /// </summary>
    internal static unsafe class DomainRunner
    {
        private static Domain[] s_domains = new Domain[0];
        private static int s_count;

        public static void RunAll(ulong multibootInfo)
        {
            s_domains = new Domain[DomainLoader.MaxDomains];
            s_count = DomainLoader.Load(multibootInfo, s_domains);
            if (s_count == 0)
            {
                HvConsole<X64Architecture>.WriteLine("hv: no domains (no multiboot modules), powering off");
                return;
            }
            for (int i = 0; i < s_count; i++)
            {
                Domain d = s_domains[i];
                d.EptPointer = Ept.Create();
                Ept.Map(d.EptPointer, d.MemoryBase, d.MemoryBase, d.MemorySize, Ept.Read | Ept.Write | Ept.Execute);
                d.Registers = (VcpuRegisters*)PageAllocator.Allocate();
                if (!VcpuSetup.Create(d))
                {
                    Stop(d, "could not create its VMCS");
                    continue;
                }
                Start(d);
                HvConsole<X64Architecture>.Write(string.Concat("hv: domain ", d.Name, " ready: memory "));
                HvConsole<X64Architecture>.WriteHex(d.MemoryBase, 1);
                HvConsole<X64Architecture>.Write("-");
                HvConsole<X64Architecture>.WriteHex(d.MemoryEnd - 1, 1);
                HvConsole<X64Architecture>.Write(", entry ");
                HvConsole<X64Architecture>.WriteHex(d.Entry, 1);
                HvConsole<X64Architecture>.WriteLine(", EPT identity");
            }

            for (int i = 0; i < s_count; i++)
                if (s_domains[i].State == DomainState.Ready) Run(s_domains[i]);
            HvConsole<X64Architecture>.WriteLine("hv: no domain left running, powering off");
        }

        /// <summary>(Re)loads the image and resets the vCPU to the entry point. The domain's VMCS must be current.</summary>
        private static void Start(Domain d)
        {
            GuestImage.Load(d, copy: true);
            ulong cr3 = GuestPaging.Build(d);
            VcpuSetup.ResetGuest(d, cr3);
            d.State = DomainState.Ready;
        }

        private static void Run(Domain d)
        {
            if (Vmx.Load(d.Vmcs) != 0) { Stop(d, "VMPTRLD failed"); return; }
            d.State = DomainState.Running;
            HvConsole<X64Architecture>.WriteLine(string.Concat("hv: domain ", d.Name, " running on core 0"));
            while (d.State == DomainState.Running)
            {
                int status = Vmx.Run(d.Registers, d.Launched ? 1UL : 0UL);
                if (status != 0)
                {
                    ulong error = status == 2 ? Vmx.Read(Vmcs.InstructionError) : 0;
                    Stop(d, string.Concat(d.Launched ? "VMRESUME" : "VMLAUNCH", " failed, VM-instruction error ", ((int)error).ToString()));
                    return;
                }
                d.Launched = true;
                ExitHandler.Handle(d);
            }
        }

        /// <summary>Stops the domain for good and reports it in one line.</summary>
        public static void Stop(Domain d, string cause)
        {
            if (d.LineLength > 0) DomainConsole.Flush(d);
            d.State = DomainState.Stopped;
            HvConsole<X64Architecture>.WriteLine(string.Concat("hv: domain ", d.Name, " stopped: ", cause));
        }

        /// <summary>A fault: restart while the domain's restart budget lasts, else stop.</summary>
        public static void Fault(Domain d, string cause)
        {
            if (d.Restarts < d.RestartLimit) Restart(d, cause);
            else Stop(d, cause);
        }

        /// <summary>Restarts from the entry point with a fresh image; counts toward the restart limit.</summary>
        public static void Restart(Domain d, string reason)
        {
            if (d.Restarts >= d.RestartLimit)
            {
                Stop(d, string.Concat(reason, "; restart limit reached (", ((int)d.RestartLimit).ToString(), ")"));
                return;
            }
            if (d.LineLength > 0) DomainConsole.Flush(d);
            d.Restarts++;
            HvConsole<X64Architecture>.WriteLine(string.Concat(
                string.Concat("hv: domain ", d.Name, " restarting (", ((int)d.Restarts).ToString()),
                string.Concat(" of ", ((int)d.RestartLimit).ToString(), "): ", reason)));
            Start(d);
            d.State = DomainState.Running;
        }
    }
}
