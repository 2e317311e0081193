using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Bulkhead.Host
{
    /// <summary>
    /// A host-mode network client's wire (docs/host-mode.md): Ethernet frames as UDP datagrams on
    /// 127.0.0.1 to and from the bridge that `bulkhead run --host` runs in place of the network driver
    /// domain. BULKHEAD_HOST_NET = "mac:ipv4:prefix:gateway:bridge-port:link" (numbers in decimal, the
    /// MAC and addresses as the generated GuestConfig has them). Opening a port registers its MAC with
    /// the bridge (a 6-byte datagram) so frames for it arrive before it sent any.
    /// </summary>
    internal static class HostNetwork
    {
        public static readonly bool Configured;
        public static readonly ulong Mac;
        public static readonly uint Ipv4, Gateway;
        public static readonly int PrefixLength, Link = -1;
        private static readonly int BridgePort;

        private static readonly List<Port> Ports = new List<Port>();

        static HostNetwork()
        {
            string? spec = Environment.GetEnvironmentVariable("BULKHEAD_HOST_NET");
            if (string.IsNullOrEmpty(spec)) return;
            string[] f = spec.Split(':');
            if (f.Length != 6) throw new InvalidOperationException("BULKHEAD_HOST_NET: expected mac:ipv4:prefix:gateway:bridge-port:link, got " + spec);
            Mac = ulong.Parse(f[0], CultureInfo.InvariantCulture);
            Ipv4 = uint.Parse(f[1], CultureInfo.InvariantCulture);
            PrefixLength = int.Parse(f[2], CultureInfo.InvariantCulture);
            Gateway = uint.Parse(f[3], CultureInfo.InvariantCulture);
            BridgePort = int.Parse(f[4], CultureInfo.InvariantCulture);
            Link = int.Parse(f[5], CultureInfo.InvariantCulture);
            Configured = true;
        }

        private sealed class Port
        {
            public readonly Socket Socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            public readonly byte[] Buffer = new byte[65536];
            public uint Sent, Received;
        }

        /// <summary>A new socket on 127.0.0.1, registered with the bridge; its handle (1-based).</summary>
        public static int Open(ulong mac)
        {
            var port = new Port();
            port.Socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port.Socket.Connect(new IPEndPoint(IPAddress.Loopback, BridgePort));
            Span<byte> hello = stackalloc byte[6];
            for (int i = 0; i < 6; i++) hello[i] = (byte)(mac >> (40 - 8 * i));
            port.Socket.Send(hello);
            lock (Ports)
            {
                Ports.Add(port);
                return Ports.Count;
            }
        }

        private static Port Get(int handle) { lock (Ports) return Ports[handle - 1]; }

        public static unsafe bool Send(int handle, byte* frame, uint length)
        {
            var port = Get(handle);
            try { port.Socket.Send(new ReadOnlySpan<byte>(frame, (int)length)); }
            catch (SocketException) { return false; }   // the bridge is gone (the run ends): a lost frame
            port.Sent++;
            return true;
        }

        public static unsafe bool TryReceive(int handle, byte* buffer, uint capacity, out uint length)
        {
            length = 0;
            var port = Get(handle);
            lock (port)
            {
                try
                {
                    if (port.Socket.Available == 0) return false;
                    int n = port.Socket.Receive(port.Buffer);
                    length = (uint)n;
                    new ReadOnlySpan<byte>(port.Buffer, 0, (int)Math.Min((uint)n, capacity)).CopyTo(new Span<byte>(buffer, (int)capacity));
                }
                catch (SocketException) { return false; }   // e.g. an ICMP "port unreachable" from a bridge that ended
            }
            port.Received++;
            return true;
        }

        public static bool WaitForFrame(int handle, ulong timeoutMs)
        {
            var port = Get(handle);
            long us = timeoutMs >= int.MaxValue / 1000 ? int.MaxValue : (long)timeoutMs * 1000;
            try { return port.Socket.Poll((int)us, SelectMode.SelectRead); }
            catch (SocketException) { return false; }
        }

        public static uint Sent(int handle) => Get(handle).Sent;
        public static uint Received(int handle) => Get(handle).Received;
    }
}
