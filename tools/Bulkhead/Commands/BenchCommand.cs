using System.CommandLine;
using Bulkhead.Build;
using Bulkhead.Cli;
using Bulkhead.Systems.Bench;

namespace Bulkhead.Cli.Commands;

/// <summary>`bulkhead bench`: deterministic figures under QEMU -icount, hypervisor against native.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var json = new Option<FileInfo?>("--json")
        {
            Description = "Write the figures as JSON to this file; without a file, print only the JSON on stdout",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var quick = new Option<bool>("--quick") { Description = "One run only (skips the determinism check)" };
        var only = new Option<BenchParts[]>("--only")
        {
            Description = "Measure only these groups: Arm64 (QEMU virt), Network (rings and the driver domain), X86 (Bochs); default all",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("bench", "Measure hypercall cost, interrupt latency, exits, boot time and sizes, against a native baseline (see docs/performance.md)");
        command.Options.Add(json);
        command.Options.Add(quick);
        command.Options.Add(only);
        command.SetAction(parse =>
        {
            var repo = CommonOptions.Repo();
            var parts = parse.GetValue(only) is { Length: > 0 } chosen ? chosen.Aggregate((a, b) => a | b) : BenchParts.All;
            var report = BenchRunner.Run(repo, parse.GetValue(quick), Terminal.Progress, parts);
            bool jsonOnStdout = parse.GetResult(json) is not null && parse.GetValue(json) is null;
            if (jsonOnStdout) Console.WriteLine(report.ToJson());
            else Console.Write(report.ToTable());
            if (parse.GetValue(json) is FileInfo file) File.WriteAllText(file.FullName, report.ToJson());
            return report.Deterministic ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }
}
