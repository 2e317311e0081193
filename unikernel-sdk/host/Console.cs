using System;
using System.Threading;
using System.Text;
using Bulkhead.Host;

namespace Bulkhead.Guest
{
    /// <summary>
    /// Host mode: the domain's console is the process's stdout, each complete line prefixed with
    /// `[name] ` as the hypervisor prints it (ASCII; other characters become '?').
    /// </summary>
    public static class Console
    {
        private static readonly StringBuilder s_line = new();

        /// <summary>Writes text (ASCII; other characters become '?').</summary>
        public static void Write(string text)
        {
            lock (s_line)
                foreach (char c in text)
                {
                    if (c == '\n') { HostRuntime.WriteConsoleLine(s_line.ToString()); s_line.Clear(); }
                    else s_line.Append(c < 0x80 ? c : '?');
                }
        }

        /// <summary>Writes text and ends the line.</summary>
        public static void WriteLine(string text)
        {
            Write(text);
            Write("\n");
        }

        /// <summary>The hypervisor prints an unfinished line when the domain ends; so does host mode.</summary>
        internal static void FlushPartialLine()
        {
            lock (s_line)
                if (s_line.Length > 0) { HostRuntime.WriteConsoleLine(s_line.ToString()); s_line.Clear(); }
        }
    }
}
