using Bulkhead.Emulation;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>`bulkhead run --json`: each console line becomes {"domain", "text"}.</summary>
public class ConsoleLineTests
{
    [Theory]
    [InlineData("[sensor] reading 1: 20.5 C", "sensor", "reading 1: 20.5 C")]
    [InlineData("hv: domain control stopped: powered off (PSCI SYSTEM_OFF)", "hv", "hv: domain control stopped: powered off (PSCI SYSTEM_OFF)")]
    [InlineData("Bulkhead 0.1.0 (arm64) running at EL2", "hv", "Bulkhead 0.1.0 (arm64) running at EL2")]
    [InlineData("[x] ", "x", "")]
    [InlineData("[not closed", "hv", "[not closed")]
    [InlineData("[    0.000000] Booting Linux on physical CPU 0x0", "console", "[    0.000000] Booting Linux on physical CPU 0x0")]
    [InlineData("[a-name-too-long-16] x", "console", "[a-name-too-long-16] x")]
    public void LinesAreAttributedToTheirDomainOrTheHypervisor(string line, string domain, string text)
    {
        Assert.Equal(new ConsoleLine(domain, text), ConsoleLine.Parse(line));
    }

    [Fact]
    public void JsonHasDomainAndText()
    {
        using var json = System.Text.Json.JsonDocument.Parse(ConsoleLine.Parse("[sensor] reading \"1\"").ToJson());
        Assert.Equal("sensor", json.RootElement.GetProperty("domain").GetString());
        Assert.Equal("reading \"1\"", json.RootElement.GetProperty("text").GetString());
        Assert.Equal(2, json.RootElement.EnumerateObject().Count());
    }
}
