/// <summary>The few Ethernet header facts the bridge needs (frames exactly as on the wire, no FCS).</summary>
public static unsafe class EthernetFrame
{
    public const uint HeaderLength = 14;
    public const uint MaxLength = 1514;

    /// <summary>The 6 bytes at <paramref name="p"/>, big-endian in the low 48 bits.</summary>
    public static ulong ReadMac(byte* p)
    {
        ulong mac = 0;
        for (int i = 0; i < 6; i++) mac = (mac << 8) | p[i];
        return mac;
    }

    public static ulong Destination(byte* frame) => ReadMac(frame);
    public static ulong Source(byte* frame) => ReadMac(frame + 6);

    /// <summary>Broadcast and multicast: the group bit (least significant bit of the first byte).</summary>
    public static bool IsGroup(ulong mac) => (mac >> 40 & 1) != 0;

    public static string MacText(ulong mac)
    {
        string text = "";
        for (int i = 0; i < 6; i++)
        {
            byte b = (byte)(mac >> (8 * (5 - i)));
            text = string.Concat(text, i == 0 ? "" : ":", b < 16 ? "0" : "", b.ToString("x"));
        }
        return text;
    }
}
