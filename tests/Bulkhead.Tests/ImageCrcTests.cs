using Bulkhead.Core.Partition;
using Bulkhead.Core.Plan;
using Xunit;

namespace Bulkhead.Tests;

public unsafe class ImageCrcTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(20001)]
    public void TableDrivenCrcEqualsThePlansBitwiseCrc(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        fixed (byte* p = data)
            Assert.Equal(PlanCrc32.Compute(p, (uint)length), ImageCrc.Compute(p, (ulong)length));
    }

    [Fact]
    public void KnownValue()
    {
        byte[] text = "123456789"u8.ToArray();
        fixed (byte* p = text) Assert.Equal(0xCBF43926u, ImageCrc.Compute(p, 9)); // the CRC-32 check value
    }
}
