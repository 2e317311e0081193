using Bulkhead.Core.Abi;
using Bulkhead.Guest.Platform;

/// <summary>The management hypercalls as raw numbers, for what the SDK's Management API never sends.</summary>
internal static class ManagerCalls
{
    /// <summary>MGMT_CONTROL with any action number: the hypervisor's status.</summary>
    public static long RawControl(int domain, ulong action) => Cpu.Hypercall(Hypercall.MgmtControl, (ulong)domain, action, 0, out _);
}
