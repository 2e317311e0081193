namespace Bulkhead.Arm64.Gic
{
    /// <summary>
    /// The GIC's virtual CPU interface of this core: its list registers and the underflow
    /// (maintenance) interrupt. GICv3 uses system registers (ICH_*_EL2), GICv2 the GICH frame. The
    /// version-independent queueing lives in <see cref="VirtualInterrupts"/>.
    /// </summary>
    internal interface IVirtualInterface
    {
        /// <summary>Clean list registers, no active priorities, virtual interface on.</summary>
        static abstract void InitializeCore();

        /// <summary>Puts <paramref name="intId"/> into a free list register; false when all are busy.</summary>
        static abstract bool TryWrite(uint intId, bool hardware);

        /// <summary>Asks for the maintenance interrupt when the list registers run (almost) empty.</summary>
        static abstract void SetUnderflowInterrupt(bool on);

        /// <summary>
        /// A CPU interface the guest reaches through memory (GICv2: GICV shown where the guest expects
        /// GICC); false when the guest uses system registers instead (GICv3).
        /// </summary>
        static abstract bool GuestCpuInterface(out ulong guestAddress, out ulong physicalAddress, out ulong size);
    }
}
