namespace Bulkhead.Guest
{
    /// <summary>
    /// The console driver domain's API on the host (docs/host-mode.md): each process already prints
    /// its own lines as "[name] text" on stdout, so a console driver has no client to serve here.
    /// Run() says so and powers the domain off; the rest behaves as with no clients.
    /// </summary>
    public static class ConsoleServer
    {
        public static int LinesPrinted;

        public static void Start() => Say("console driver: nothing to serve in host mode (each process prints its own lines)");

        public static void Run()
        {
            Start();
            Domain.PowerOff();
        }

        public static bool Pump() => false;

        public static void Say(string text) => Console.WriteLine(text);

        public static bool AllClientsEnded => true;
    }
}
