using System.Text;
using Bulkhead.Core.Text;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>The stack-only line builder the hypervisor uses after boot.</summary>
public unsafe class LineBufferTests
{
    private static string Text(ref LineBuffer line)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < line.Length; i++) sb.Append((char)line[i]);
        return sb.ToString();
    }

    [Fact]
    public void AppendsTextNumbersAndHex()
    {
        LineBuffer line = default;
        line.Append("domain ");
        line.AppendDecimal(0);
        line.Append(" ");
        line.AppendDecimal(18446744073709551615UL);
        line.Append(" ");
        line.AppendHex(0x25, 8);
        line.Append(" ");
        line.AppendHex(0xFFFFFFFFFFFFFFFFUL, 1);
        Assert.Equal("domain 0 18446744073709551615 0x00000025 0xffffffffffffffff", Text(ref line));
    }

    [Fact]
    public void GuestBytesAreSanitizedAndCapacityIsRespected()
    {
        byte[] guest = [(byte)'o', (byte)'k', 0x07, 0xFF, (byte)'!'];
        LineBuffer line = default;
        fixed (byte* p = guest) line.AppendAscii(p, (uint)guest.Length);
        Assert.Equal("ok..!", Text(ref line));

        LineBuffer full = default;
        for (int i = 0; i < 100; i++) full.Append("0123456789");
        Assert.Equal(LineBuffer.Capacity, full.Length);
    }

    [Fact]
    public void LinesNest()
    {
        LineBuffer cause = default;
        cause.Append("stage-2 fault");
        LineBuffer line = default;
        line.Append("hv: domain x stopped: ");
        line.Append(ref cause);
        Assert.Equal("hv: domain x stopped: stage-2 fault", Text(ref line));
    }
}
