// Test guest of tests/Bulkhead.Tests/ExclusiveConsoleRunTests.cs, two roles by domain name:
// "owner" has `console: exclusive` and writes straight to the board's PL011 (its own device now),
// four lines 20 ms apart; "neighbour" prints 25 ticks 10 ms apart through the hypervisor. While the
// owner runs, nothing but the owner may reach the UART.
using Bulkhead.Generated;
using Bulkhead.Guest;

public static class Program
{
    private const ulong Data = BoardConfig.UartBase, Flags = BoardConfig.UartBase + 0x18;
    private const uint TransmitFull = 1u << 5;

    public static void Main()
    {
        if (Domain.Name == "owner")
        {
            Time.Sleep(30);
            for (int i = 1; i <= 4; i++)
            {
                Direct(string.Concat("owner line ", i.ToString(), "\r\n"));
                Time.Sleep(20);
            }
        }
        else
        {
            for (int i = 1; i <= 25; i++)
            {
                Console.WriteLine(string.Concat("tick ", i.ToString()));
                Time.Sleep(10);
            }
        }
        Domain.PowerOff();
    }

    /// <summary>The PL011 data register, waiting while its transmit FIFO is full.</summary>
    private static void Direct(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            while ((Device.Read32(Flags) & TransmitFull) != 0) { }
            Device.Write32(Data, text[i]);
        }
    }
}
