namespace Bulkhead.Guest.Net
{
    /// <summary>What the stack saw and did, for services to report and tests to assert.</summary>
    public struct NetCounters
    {
        public uint FramesReceived, FramesSent, TransmitFailed;
        /// <summary>Frames whose destination MAC is neither ours nor broadcast (a filtering driver never delivers one).</summary>
        public uint FramesNotForUs;
        /// <summary>Frames dropped for a length that does not add up (truncated header, length fields past the frame).</summary>
        public uint Malformed;
        public uint BadChecksum;
        /// <summary>IPv4 fragments: not reassembled, dropped.</summary>
        public uint Fragments;
        /// <summary>EtherTypes, IP protocols or ICMP types the stack does not handle, and IP packets for another address.</summary>
        public uint Ignored;
        public uint ArpRequestsAnswered, ArpRepliesReceived;
        public uint EchoRequestsAnswered, EchoRepliesReceived;
        public uint UdpDelivered;
        /// <summary>Datagrams for a port no socket is bound to, or to a socket whose queue was full.</summary>
        public uint UdpNoSocket, UdpQueueFull;
    }
}
