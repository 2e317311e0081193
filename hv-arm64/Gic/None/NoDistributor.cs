namespace Bulkhead.Arm64.Gic
{
    /// <summary>No GIC, so no distributor to emulate: a guest's accesses there are ordinary stage-2 faults.</summary>
    internal struct NoDistributor : IEmulatedDistributor
    {
        public static bool AddRanges(int domain) => true;
        public static void SystemRegisterSgi(int core, ulong value) { }
    }
}
