namespace Bulkhead.Core
{
    // unsafe: the atomic primitives take pointers to lock words.
    /// <summary>
    /// What the portable core needs from a CPU architecture backend (hv-arm64, hv-x86).
    /// The core is generic over a struct implementing this, so ILCompiler specializes every call at
    /// compile time: no interface dispatch at run time.
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

        /// <summary>Atomically stores <paramref name="value"/> and returns what was there (acquire + release).</summary>
        static abstract unsafe uint AtomicSwap(uint* location, uint value);

        /// <summary>Stores with release semantics: earlier writes are visible to a core that sees this one.</summary>
        static abstract unsafe void StoreRelease(uint* location, uint value);

        /// <summary>Interrupts another core so it re-reads its state (domain stopped, vCPU started ...).</summary>
        static abstract void SignalCore(int core);
    }
}
