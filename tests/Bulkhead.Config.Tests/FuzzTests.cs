using System.Text.RegularExpressions;
using Bulkhead.Config.Checking;
using Bulkhead.Config.Diagnostics;
using Bulkhead.Config.Dtb;
using Bulkhead.Config.Planning;
using Bulkhead.Config.Systems;
using Bulkhead.Config.Yaml;
using Bulkhead.Core.Plan;

namespace Bulkhead.Config.Tests;

/// <summary>
/// Bounded property tests with fixed seeds: mutated configs, plans and DTBs never cause an
/// unhandled exception, and every rejection is located.
/// </summary>
public unsafe class FuzzTests
{
    static readonly Regex Located = new(@"^.+:\d+:\d+: (error|warning) BH\d{3}: .+: .+\. .+$");

    [Fact]
    public void Mutated_plans_are_rejected_or_stay_in_bounds()
    {
        var valid = PlanWriter.Write(PlanTests.Example());
        var rng = new Random(1234);
        int accepted = 0;
        for (int i = 0; i < 400; i++)
        {
            var blob = (byte[])valid.Clone();
            int kind = rng.Next(4);
            int edits = 1 + rng.Next(4);
            for (int e = 0; e < edits; e++)
            {
                // Bias towards the header and directory, where the offsets and counts live.
                int at = rng.Next(3) == 0 ? rng.Next((int)PlanFormat.HeaderSize) : rng.Next(blob.Length);
                blob[at] = kind == 0 ? (byte)rng.Next(256) : (byte)(blob[at] ^ (1 << rng.Next(8)));
            }
            if (kind == 2) blob = blob[..rng.Next(blob.Length)];
            if (kind != 1) PlanWriter.Reseal(blob);   // get past the checksum to the structural checks

            using var buffer = new GuardedBuffer(blob);
            var error = PlanReader.Open(buffer.Pointer, buffer.Length, out var r);
            Assert.False(string.IsNullOrEmpty(PlanErrors.Describe(error)));
            if (error != PlanError.None) continue;
            accepted++;
            Walk(r);   // touches every record: a stray read hits the guard page
        }
        Assert.True(accepted > 0, "no mutation survived validation: the walk was never exercised");
    }

    static void Walk(PlanReader r)
    {
        for (uint c = 0; c < r.CoreCount; c++) Assert.True(r.GetCore(c).Domain == PlanFormat.NoDomain || r.GetCore(c).Domain < r.DomainCount);
        for (uint d = 0; d < r.DomainCount; d++)
        {
            var dom = r.GetDomain(d);
            for (uint i = 0; i < PlanFormat.NameLength; i++) _ = dom.Name[i];
            for (uint i = 0; i < dom.RegionCount; i++) Assert.True(r.GetRegion(dom.FirstRegion + i).Size > 0);
            for (uint i = 0; i < dom.DeviceCount; i++) _ = r.GetDevice(dom.FirstDevice + i).Name[PlanFormat.DeviceNameLength - 1];
            for (uint i = 0; i < dom.InterruptCount; i++) Assert.InRange(r.GetInterrupt(dom.FirstInterrupt + i).IntId, 32u, PlanFormat.MaxIntId);
        }
        for (uint c = 0; c < r.ChannelCount; c++) Assert.True(r.GetChannel(c).Writer < r.DomainCount);
        for (uint v = 0; v < r.DeviceCount; v++)
        {
            var dev = r.GetDevice(v);
            for (uint i = 0; i < dev.RegionCount; i++) _ = r.GetRegion(dev.FirstRegion + i);
        }
    }

    [Fact]
    public void Mutated_configs_never_crash_and_every_rejection_is_located()
    {
        var sources = new[] { "qemu-virt-gicv3.yaml", "ti-j721e.yaml" }.Select(n => (Path: TestPaths.Example(n), Text: File.ReadAllText(TestPaths.Example(n)))).ToList();
        var rng = new Random(4321);
        const string Noise = ":[]{}-#, \n\t0x7FzQ\"'&*!|>%@`";
        int rejected = 0;
        for (int i = 0; i < 250; i++)
        {
            var (path, text) = sources[i % sources.Count];
            var lines = text.Split('\n').ToList();
            switch (rng.Next(6))
            {
                case 0: lines.RemoveAt(rng.Next(lines.Count)); break;
                case 1: { int l = rng.Next(lines.Count); lines.Insert(l, lines[l]); break; }
                case 2: { int a = rng.Next(lines.Count), b = rng.Next(lines.Count); (lines[a], lines[b]) = (lines[b], lines[a]); break; }
                case 3: lines[rng.Next(lines.Count)] = Regex.Replace(lines[rng.Next(lines.Count)], @"\d+", _ => rng.Next(0, 5000).ToString()); break;
                default:
                {
                    var chars = string.Join('\n', lines).ToCharArray();
                    for (int k = 0; k < 1 + rng.Next(3); k++) chars[rng.Next(chars.Length)] = Noise[rng.Next(Noise.Length)];
                    lines = new string(chars).Split('\n').ToList();
                    break;
                }
            }
            string mutated = string.Join('\n', lines);

            var bag = new DiagnosticBag();
            var root = YamlLoader.ParseMapping(mutated, path, bag, "system");
            CheckResult result = root is null
                ? new CheckResult { Diagnostics = bag }
                : Checker.Check(SystemLoader.Read(root, path, path, bag), bag);

            Assert.InRange(result.ExitCode, 0, 2);
            foreach (var d in result.Diagnostics.Items)
            {
                Assert.True(d.Where.Line >= 1 && d.Where.Column >= 1, d.ToString());
                Assert.Matches(Located, d.ToString());
            }
            if (result.ExitCode != 0)
            {
                rejected++;
                Assert.Contains(result.Diagnostics.Items, d => d.Severity == Severity.Error);
            }
            else
            {
                Assert.NotNull(result.System);
                _ = PlanWriter.Write(result.System!);
            }
        }
        Assert.True(rejected > 20, $"only {rejected} mutations were rejected: the mutator is too weak");
    }

    [Fact]
    public void Mutated_board_files_never_crash_and_every_finding_is_located()
    {
        string path = TestPaths.Board("qemu-virt-gicv3");
        var lines = File.ReadAllLines(path);
        var rng = new Random(777);
        const string Noise = ":[]{}-#, 0xG\"'";
        for (int i = 0; i < 150; i++)
        {
            var copy = lines.ToList();
            int l = rng.Next(copy.Count);
            if (rng.Next(2) == 0) copy.RemoveAt(l);
            else if (copy[l].Length > 0)
            {
                var chars = copy[l].ToCharArray();
                chars[rng.Next(chars.Length)] = Noise[rng.Next(Noise.Length)];
                copy[l] = new string(chars);
            }
            var bag = new DiagnosticBag();
            var root = YamlLoader.ParseMapping(string.Join('\n', copy), "board.yaml", bag, "board");
            if (root is not null) Boards.BoardLoader.Read(new MapReader("board.yaml", "", root, bag), path);
            foreach (var d in bag.Items) Assert.Matches(Located, d.ToString());
        }
    }

    [Fact]
    public void Mutated_dtbs_give_a_format_error_or_a_board()
    {
        var valid = File.ReadAllBytes(TestPaths.Fixture("dtb", "qemu-virt-gicv3.dtb"));
        var rng = new Random(99);
        for (int i = 0; i < 300; i++)
        {
            var blob = (byte[])valid.Clone();
            int kind = rng.Next(3);
            if (kind == 0) blob = blob[..rng.Next(blob.Length)];
            for (int e = 0; e < 1 + rng.Next(6); e++)
            {
                int at = kind == 1 ? rng.Next(Math.Min(64, blob.Length)) : rng.Next(Math.Max(1, blob.Length));
                if (blob.Length > 0) blob[at] = (byte)rng.Next(256);
            }
            try
            {
                var board = new BoardImporter().Import(blob, "fuzz");
                Assert.NotNull(Boards.BoardWriter.Write(board));
            }
            catch (FdtFormatException e)
            {
                Assert.False(string.IsNullOrEmpty(e.Message));
                Assert.InRange(e.Offset, 0, Math.Max(0, blob.Length));
            }
        }
    }
}
