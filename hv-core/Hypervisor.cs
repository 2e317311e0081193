namespace Bulkhead.Core
{
    /// <summary>The portable boot flow of the hypervisor, specialized for one architecture.</summary>
    public static class Hypervisor<TArch> where TArch : struct, IArchitecture
    {
        /// <summary>The banner line, also what tests and tools wait for.</summary>
        public static string Banner(in BootInfo info, int cores)
            => string.Concat(
                string.Concat("Bulkhead ", info.Version, " (", TArch.Name),
                string.Concat(") running at ", TArch.PrivilegeLevel, " on board ", info.Board),
                string.Concat(", ", cores.ToString(), cores == 1 ? " core" : " cores"));

        /// <summary>Runs on the boot core once the architecture has set up memory and the console.</summary>
        public static void Boot(in BootInfo info)
        {
            int cores = TArch.CountCores(info.BoardCores);
            HvConsole<TArch>.WriteLine(Banner(info, cores));
        }

        /// <summary>Reports an unrecoverable hypervisor error and stops the core.</summary>
        public static void Panic(string message)
        {
            HvConsole<TArch>.WriteLine(string.Concat("PANIC: ", message));
            TArch.Halt();
        }
    }
}
