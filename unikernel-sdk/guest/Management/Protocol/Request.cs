namespace Bulkhead.Guest.ManagementProtocol
{
    /// <summary>The operations of the management protocol, version 1 (docs/management.md).</summary>
    public enum Operation : byte { None = 0, List, Status, Stop, Start, Restart, Console }

    /// <summary>
    /// One parsed request body: `{"v":1,"seq":N,"op":"...","domain":"...","cursor":N}`. The domain
    /// name stays in the datagram (offset and length into the body): nothing is allocated.
    /// </summary>
    public struct Request
    {
        public const ulong Version1 = 1;
        public const int MaxDomainLength = 31;

        public ulong Version;
        public ulong Seq;
        public Operation Op;
        public int DomainOffset;
        public int DomainLength;
        public ulong Cursor;
        public bool HasSeq;
        public bool HasDomain;
    }

    /// <summary>Why a body is no request: the field it concerns and what is wrong, both literals (no allocation).</summary>
    public struct RequestError
    {
        /// <summary>"v", "seq", "op", "domain", "cursor", or "body" when it is the whole object.</summary>
        public string Field;
        public string Problem;
        /// <summary>An unknown field's name (offset and length into the body), else length 0.</summary>
        public int NameOffset;
        public int NameLength;
    }
}
