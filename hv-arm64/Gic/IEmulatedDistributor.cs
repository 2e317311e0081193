namespace Bulkhead.Arm64.Gic
{
    /// <summary>
    /// The distributor (GICv3: and redistributors) a guest sees, one implementation per version,
    /// picked at build time through the generated alias <c>EmulatedDistributor</c>. The registers
    /// both versions share live in <see cref="DistributorEmulation"/>.
    /// </summary>
    internal interface IEmulatedDistributor
    {
        /// <summary>Claims the domain's emulated GIC frames in the MMIO emulation table.</summary>
        static abstract bool AddRanges(int domain);

        /// <summary>A trapped write of ICC_SGI1R_EL1 (GICv3 guests send SGIs through it).</summary>
        static abstract void SystemRegisterSgi(int core, ulong value);
    }
}
