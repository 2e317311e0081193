namespace Bulkhead.Core.Interrupts
{
    /// <summary>
    /// What the portable core needs from the board's interrupt controller (GICv2, GICv3, the x86
    /// local APIC). The backend picks one implementation at build time (a <c>global using</c> alias in
    /// the generated board constants); like <see cref="IArchitecture"/> it is a struct with static
    /// abstract members, so every call is a direct call.
    /// </summary>
    public interface IInterruptController
    {
        /// <summary>Interrupts another core so it re-reads its state (domain stopped, vCPU started ...).</summary>
        static abstract void SignalCore(int core);

        /// <summary>Raises interrupt <paramref name="intId"/> of the plan in the domain that owns it (a channel doorbell).</summary>
        /// <param name="callerCore">the core whose guest rang it (the owner may run there too)</param>
        static abstract void RaiseDomainInterrupt(int callerCore, uint intId);
    }
}
