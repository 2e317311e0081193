using Bulkhead.Core.Text;

namespace Bulkhead.Core
{
    // unsafe: the atomic primitives take pointers to lock words.
    /// <summary>
    /// What the portable core needs from a CPU architecture backend (hv-arm64, hv-x86). The boot
    /// flow, domain lifecycle, guest PSCI, hypercalls, watchdogs and fault reports live in hv-core;
    /// a backend supplies only these primitives. The core is generic over a struct implementing
    /// this, so ILCompiler specializes every call at compile time: no interface dispatch at run time.
    /// </summary>
    public unsafe interface IArchitecture
    {
        /// <summary>Short architecture name for the banner, e.g. "arm64".</summary>
        static abstract string Name { get; }

        /// <summary>Privilege level the hypervisor runs at, e.g. "EL2" or "VMX root".</summary>
        static abstract string PrivilegeLevel { get; }

        /// <summary>Writes one byte to the hypervisor's console, waiting until the UART accepts it.</summary>
        static abstract void ConsolePut(byte value);

        /// <summary>Number of physical cores the firmware reports, at most <paramref name="limit"/>.</summary>
        static abstract int CountCores(int limit);

        /// <summary>Switches the machine off (PSCI SYSTEM_OFF, ACPI, emulator port). Does not return.</summary>
        static abstract void PowerOff();

        /// <summary>Stops this core for good, with interrupts masked.</summary>
        static abstract void Halt();

        /// <summary>Index of the physical core running this code (0 = boot core).</summary>
        static abstract int CurrentCore { get; }

        /// <summary>Bytes of the hypervisor heap in use (it only grows while booting; reported to prove it).</summary>
        static abstract ulong HeapUsed { get; }

        // ---- synchronisation ----

        /// <summary>Atomically stores <paramref name="value"/> and returns what was there (acquire + release).</summary>
        static abstract unsafe uint AtomicSwap(uint* location, uint value);

        /// <summary>Stores with release semantics: earlier writes are visible to a core that sees this one.</summary>
        static abstract unsafe void StoreRelease(uint* location, uint value);

        // ---- time ----

        /// <summary>Nanoseconds since reset from the CPU's counter, converted with the frequency read at boot.</summary>
        static abstract ulong NowNs { get; }

        /// <summary>Arms this core's hypervisor timer: <see cref="Partition.WatchdogMonitor{TArch}.OnTimer"/> runs at <paramref name="deadlineNs"/>.</summary>
        static abstract void ArmWatchdog(int core, ulong deadlineNs);

        /// <summary>Disarms this core's hypervisor timer.</summary>
        static abstract void DisarmWatchdog(int core);

        // ---- partition ----

        /// <summary>Architecture tables the partition needs before domains are built (interrupt controller, per-core state).</summary>
        static abstract void PreparePartition(int domains, int cores);

        /// <summary>Builds a domain's address space (stage-2 tables, EPT) from its plan regions.</summary>
        static abstract void BuildAddressSpace(int domain);

        /// <summary>
        /// Makes guest memory the hypervisor has just written (an image, a kernel, a DTB) visible to a
        /// guest that starts with its MMU and caches off: on arm64 its accesses bypass the caches, where
        /// the copy may still sit; clean it to the point of coherency and drop stale instructions.
        /// </summary>
        static abstract void PublishToGuest(ulong address, ulong size);

        /// <summary>Starts physical core <paramref name="core"/> into the hypervisor. Null, or why it did not start.</summary>
        static abstract string? StartCore(int core);

        /// <summary>Runs this core's vCPU for good (prepares the core, checks in, enters or parks). Does not return.</summary>
        static abstract void RunCore(int core);

        /// <summary>Interrupts another core so it re-reads its state (domain stopped, vCPU started ...).</summary>
        static abstract void SignalCore(int core);

        /// <summary>Raises a domain interrupt of the plan (a channel doorbell) in its owner; <paramref name="callerCore"/> raised it.</summary>
        static abstract void RaiseInterrupt(int callerCore, uint intId);

        /// <summary>
        /// The vCPU index a guest names in PSCI CPU_ON/AFFINITY_INFO (its virtual MPIDR on arm64),
        /// or -1 when the value is not a vCPU id at all (e.g. higher affinity fields set).
        /// </summary>
        static abstract int VcpuOfTargetId(ulong targetId);

        /// <summary>Appends the registers that locate a guest fault, e.g. "ESR=0x.., PC=0x..".</summary>
        static abstract void AppendFaultRegisters(ref LineBuffer line, ulong syndrome, ulong pc);
    }
}
