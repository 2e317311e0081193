using Bulkhead.Generated;

namespace Bulkhead.Guest.Net
{
    // Guest-only (reads the generated GuestConfig): the host tests compile IpStack without it.
    public sealed partial class IpStack
    {
        /// <summary>A stack on <paramref name="nic"/> with this domain's address, prefix and gateway from system.yaml `network: clients:`.</summary>
        public static IpStack FromPlan(NetworkInterface nic) =>
            new IpStack(nic, GuestConfig.Ipv4Address, GuestConfig.Ipv4PrefixLength, GuestConfig.Ipv4Gateway);
    }
}
