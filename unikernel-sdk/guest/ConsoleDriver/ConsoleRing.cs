using Bulkhead.Generated;

namespace Bulkhead.Guest
{
    /// <summary>
    /// A console-driver client's side of its console (docs/driver-domains.md): whole lines go as ring
    /// messages over the generated link console.&lt;domain&gt; straight to the console driver domain,
    /// not through the hypervisor. A full ring (the driver is down or slow) drops the line and counts
    /// it - a bounded backlog, never a wait; the count is sent once there is room again. Only vCPU 0
    /// uses the ring (it has one writer); other vCPUs, and a handler that interrupts a send, take the
    /// hypervisor path (CONSOLE_WRITE), whose lines the driver collects with CONSOLE_READ.
    /// </summary>
    internal static unsafe class ConsoleRing
    {
        private const int LineCapacity = 240;
        private static bool s_opened, s_failed, s_busy;
        private static MessageRingWriter s_writer;
        private static byte* s_line;
        private static int s_length;
        private static uint s_dropped;

        /// <summary>False when this call must take the hypervisor path.</summary>
        public static bool TryWrite(string text)
        {
            if (!Enter()) return false;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\n') { Send(); continue; }
                if (s_length == LineCapacity) Send();
                s_line[s_length++] = c < 0x80 ? (byte)c : (byte)'?';
            }
            s_busy = false;
            return true;
        }

        /// <summary>Before the domain stops itself: the partial line, then an empty message ("no more from me").</summary>
        public static void End()
        {
            if (!Enter()) return;
            if (s_length != 0) Send();
            s_writer.TrySend(s_line, 0);
            s_busy = false;
        }

        private static bool Enter()
        {
            // ConsoleThroughDriver is a constant: without a console driver domain this method and all the ring code it uses compile to nothing.
            if (!GuestConfig.ConsoleThroughDriver || GuestConfig.ConsoleLink < 0 || s_failed || s_busy || GuestRuntime.CurrentVcpu != 0) return false;
            if (!s_opened)
            {
                if (!Connection.Open(GuestConfig.ConsoleLink, out Connection link)) { s_failed = true; return false; }
                s_writer = link.Out;
                s_line = (byte*)Memory.AllocateZeroed(LineCapacity);
                s_opened = true;
            }
            s_busy = true;
            return true;
        }

        private static void Send()
        {
            if (s_dropped != 0 && TrySendText(string.Concat("(", s_dropped.ToString(), s_dropped == 1 ? " console line dropped: the console domain was not reading)" : " console lines dropped: the console domain was not reading)")))
                s_dropped = 0;
            if (s_dropped != 0 || !s_writer.TrySend(s_line, (uint)s_length)) s_dropped++;
            s_length = 0;
        }

        private static bool TrySendText(string text)
        {
            byte* bytes = stackalloc byte[LineCapacity];
            int n = text.Length < LineCapacity ? text.Length : LineCapacity;
            for (int i = 0; i < n; i++) bytes[i] = (byte)text[i];
            return s_writer.TrySend(bytes, (uint)n);
        }
    }
}
