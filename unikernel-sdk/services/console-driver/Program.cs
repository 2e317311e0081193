// The console driver domain the SDK ships (docs/driver-domains.md): give a domain `console: driver`
// and `image: { builtin: console-driver }`; it prints every other domain's lines and the hypervisor's.
using Bulkhead.Guest;

public static class Program
{
    public static void Main() => ConsoleServer.Run();
}
