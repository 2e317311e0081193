// The network driver domain shipped with the SDK (docs/driver-domains.md): NetDriver.cs does the work.
public static unsafe class Program
{
    public static void Main() => NetDriver.Run(null);
}
