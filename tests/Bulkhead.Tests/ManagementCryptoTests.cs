using System.Security.Cryptography;
using Bulkhead.Guest.Crypto;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// unikernel-sdk/guest/Crypto on the host, against .NET's SHA256/HMACSHA256 and the RFC 4231
/// vectors: the management server authenticates requests with exactly this code.
/// </summary>
public unsafe class ManagementCryptoTests
{
    static byte[] Sha(byte[] data)
    {
        var hash = new byte[32];
        fixed (byte* d = data) fixed (byte* h = hash) Sha256.Hash(d, data.Length, h);
        return hash;
    }

    static byte[] Hmac(byte[] key, byte[] data)
    {
        var mac = new byte[32];
        fixed (byte* k = key) fixed (byte* d = data) fixed (byte* m = mac) HmacSha256.Compute(k, key.Length, d, data.Length, m);
        return mac;
    }

    [Fact]
    public void Sha256MatchesDotNetForEveryLengthAroundTheBlockBoundaries()
    {
        var random = new Random(18);
        for (int n = 0; n <= 300; n++)
        {
            var data = new byte[n];
            random.NextBytes(data);
            Assert.Equal(SHA256.HashData(data), Sha(data));
        }
        Assert.Equal(Convert.FromHexString("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), Sha([]));
        Assert.Equal(Convert.FromHexString("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), Sha("abc"u8.ToArray()));
    }

    [Fact]
    public void Sha256FedInPiecesEqualsOneCall()
    {
        var random = new Random(7);
        var data = new byte[5000];
        random.NextBytes(data);
        for (int trial = 0; trial < 50; trial++)
        {
            Sha256 s = default;
            s.Reset();
            int at = 0;
            fixed (byte* d = data)
                while (at < data.Length)
                {
                    int n = Math.Min(random.Next(0, 200), data.Length - at);
                    s.Update(d + at, n);
                    at += n;
                }
            var hash = new byte[32];
            fixed (byte* h = hash) s.Final(h);
            Assert.Equal(SHA256.HashData(data), hash);
        }
    }

    [Fact]
    public void HmacMatchesDotNetForKeysShorterLongerAndEqualToABlock()
    {
        var random = new Random(4231);
        foreach (int keyLength in new[] { 0, 1, 16, 32, 63, 64, 65, 128, 200 })
            foreach (int dataLength in new[] { 0, 1, 55, 56, 64, 119, 1400 })
            {
                var key = new byte[keyLength];
                var data = new byte[dataLength];
                random.NextBytes(key);
                random.NextBytes(data);
                Assert.Equal(HMACSHA256.HashData(key, data), Hmac(key, data));
            }
    }

    /// <summary>RFC 4231 section 4: test cases 1-7 for HMAC-SHA-256 (case 5 compares the first 128 bits, as the RFC does).</summary>
    [Theory]
    [InlineData("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")]
    [InlineData("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd", "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe")]
    [InlineData("0102030405060708090a0b0c0d0e0f10111213141516171819", "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd", "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b")]
    [InlineData("0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c", "546573742057697468205472756e636174696f6e", "a3b6167473100ee06e0c796c2955552b")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374", "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e", "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2")]
    public void HmacMatchesRfc4231(string key, string data, string expected)
    {
        var mac = Hmac(Convert.FromHexString(key), Convert.FromHexString(data));
        var want = Convert.FromHexString(expected);
        Assert.Equal(want, mac[..want.Length]);
    }

    [Fact]
    public void ConstantTimeEqualsFindsADifferenceInAnyByte()
    {
        var a = new byte[32];
        new Random(1).NextBytes(a);
        fixed (byte* pa = a)
        {
            var b = (byte[])a.Clone();
            fixed (byte* pb = b) Assert.True(ConstantTime.Equals(pa, pb, 32));
            for (int i = 0; i < 32; i++)
            {
                b = (byte[])a.Clone();
                b[i] ^= 0x01;
                fixed (byte* pb = b) Assert.False(ConstantTime.Equals(pa, pb, 32));
            }
        }
    }

    [Fact]
    public void HexRoundTripsAndRefusesNonHex()
    {
        var data = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var text = new byte[512];
        var back = new byte[256];
        fixed (byte* d = data) fixed (byte* t = text) fixed (byte* b = back)
        {
            Hex.Encode(d, 256, t);
            Assert.Equal(Convert.ToHexStringLower(data), System.Text.Encoding.ASCII.GetString(text));
            Assert.True(Hex.Decode(t, 256, b));
            Assert.Equal(data, back);
            t[17] = (byte)'g';
            Assert.False(Hex.Decode(t, 256, b));
            Assert.Equal(4, Hex.Decode("0A0b0C0d", b, 4));
            Assert.Equal(-1, Hex.Decode("0A0b0C0d0e", b, 4));
            Assert.Equal(-1, Hex.Decode("0x", b, 4));
        }
    }
}
