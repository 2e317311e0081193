using Bulkhead.Core.Abi;
using Bulkhead.Generated;
using Bulkhead.Guest.Platform;

namespace Bulkhead.Guest
{
    /// <summary>
    /// The console driver domain (system.yaml `console: driver`, docs/driver-domains.md): it owns the
    /// board's console UART and prints every client's lines, read from the rings the clients write
    /// (console.&lt;name&gt; links), as "[name] text", and the hypervisor's own lines (and those of
    /// domains that print through it), taken with CONSOLE_READ. A client has ended when it sent its
    /// end mark (an empty message, Domain.PowerOff/Stop) or the hypervisor reported it stopped; when
    /// every client has ended and nothing is left to print, the driver powers its domain off.
    /// After a restart it carries on where it stopped: the read positions live in the links. Run()
    /// sends a heartbeat every round (about every 2 ms when idle), so the domain can have a watchdog.
    /// </summary>
    public static unsafe class ConsoleServer
    {
        private const int LinesPerClientAndPump = 16;   // fairness: a flooding client cannot hold the UART
        private const uint HeldChunk = 512;
        private static MessageRingReader[] s_readers = null!;
        private static bool[] s_open = null!, s_ended = null!;
        private static byte* s_message, s_held;
        private static int s_clients;

        /// <summary>Lines printed from client rings since start (not counting the hypervisor's).</summary>
        public static int LinesPrinted;

        public static void Start()
        {
            s_clients = GuestConfig.ConsoleClientCount;
            s_readers = new MessageRingReader[s_clients];
            s_open = new bool[s_clients];
            s_ended = new bool[s_clients];
            s_message = (byte*)Memory.AllocateZeroed(256);
            s_held = (byte*)Memory.AllocateZeroed(HeldChunk);
            s_lineStart = new byte[64];
            ConsoleUart.Initialize(BoardConfig.UartBase);
            for (int i = 0; i < s_clients; i++)
                if (Connection.Open(ConsoleClients.Link(i), out Connection link)) { s_readers[i] = link.In; s_open[i] = true; }
            Say(string.Concat("console driver serving ", s_clients.ToString(), s_clients == 1 ? " domain" : " domains"));
        }

        /// <summary>Serves until every client has ended, then powers the domain off.</summary>
        public static void Run()
        {
            Start();
            while (true)
            {
                Health.Heartbeat();               // a console driver that hangs is noticed (watchdog_ms)
                bool busy = Pump();
                if (!busy && AllClientsEnded)
                {
                    Say("every client has ended: powering off");
                    Domain.PowerOff();
                }
                if (!busy) Time.Sleep(2);
            }
        }

        /// <summary>Prints what is waiting (a bounded amount per client); true when something was printed.</summary>
        public static bool Pump()
        {
            bool any = false;
            for (int i = 0; i < s_clients; i++)
            {
                if (!s_open[i]) continue;
                for (int n = 0; n < LinesPerClientAndPump; n++)
                {
                    if (!s_readers[i].TryReceive(s_message, 256, out uint length)) break;
                    any = true;
                    if (length == 0) { s_ended[i] = true; continue; }
                    PutText("[");
                    PutText(ConsoleClients.Name(i));
                    PutText("] ");
                    PutBytes(s_message, length);
                    PutText("\n");
                    LinesPrinted++;
                }
            }
            while (Cpu.Hypercall(Hypercall.ConsoleRead, (ulong)s_held, HeldChunk, 0, out HypercallResults r) == HypercallStatus.Success && r.R1 != 0)
            {
                any = true;
                for (ulong k = 0; k < r.R1; k++) { ConsoleUart.Put(BoardConfig.UartBase, s_held[k]); Watch(s_held[k]); }
            }
            return any;
        }

        /// <summary>A line of its own, as "[name] text".</summary>
        public static void Say(string text)
        {
            PutText("[");
            PutText(Domain.Name);
            PutText("] ");
            PutText(text);
            PutText("\n");
        }

        /// <summary>Every client sent its end mark or was reported stopped.</summary>
        public static bool AllClientsEnded
        {
            get
            {
                for (int i = 0; i < s_clients; i++) if (!s_ended[i]) return false;
                return true;
            }
        }

        private static void PutText(string text) => Drivers.UartText.Write<ConsoleUart>(BoardConfig.UartBase, text);

        private static void PutBytes(byte* bytes, uint length)
        {
            for (uint k = 0; k < length; k++) ConsoleUart.Put(BoardConfig.UartBase, bytes[k] < 0x80 && bytes[k] >= 0x20 ? bytes[k] : (byte)'?');
        }

        // ---- "hv: domain NAME stopped" in the hypervisor's lines ends client NAME ----

        private static byte[] s_lineStart = null!;
        private static int s_lineLength;

        private static void Watch(byte b)
        {
            if (b == (byte)'\n' || b == (byte)'\r') { if (s_lineLength != 0) EndOfHvLine(); s_lineLength = 0; return; }
            if (s_lineLength < s_lineStart.Length) s_lineStart[s_lineLength] = b;
            s_lineLength++;
        }

        private static void EndOfHvLine()
        {
            for (int i = 0; i < s_clients; i++)
                if (!s_ended[i] && StartsWithStopped(ConsoleClients.Name(i))) s_ended[i] = true;
        }

        private static bool StartsWithStopped(string name)
        {
            const string prefix = "hv: domain ", suffix = " stopped";
            int total = prefix.Length + name.Length + suffix.Length;
            if (s_lineLength < total || total > s_lineStart.Length) return false;
            for (int k = 0; k < prefix.Length; k++) if (s_lineStart[k] != prefix[k]) return false;
            for (int k = 0; k < name.Length; k++) if (s_lineStart[prefix.Length + k] != name[k]) return false;
            for (int k = 0; k < suffix.Length; k++) if (s_lineStart[prefix.Length + name.Length + k] != suffix[k]) return false;
            return true;
        }
    }
}
