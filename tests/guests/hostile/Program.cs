// The hostile guest of the attack suite (docs/hostile-suite.md, tests/systems/hostile.yaml and
// fuzz.yaml). One service, three roles chosen by the domain's name:
//   prober*   many attacks that must be refused without ending the domain; each prints PASS/FAIL.
//             Ends with DOMAIN_RESTART under "restart: stop", which must stop it.
//   faulter*  one attack per start that must end the run (stage-2 faults, trapped registers,
//             domain-ending calls); the hypervisor's containment line follows "ATTACK name".
//   fuzz*     random hypercalls (Fuzzer.cs).
using Bulkhead.Core.Abi;
using Bulkhead.Guest;

public static unsafe class Program
{
    public static void Main()
    {
        string name = Domain.Name;
        Code.Initialize();
        Calls.Initialize();
        Catcher.Initialize();
        Reg.Initialize();
        Code.Keep();
        if (name.StartsWith("faulter")) Faulter.Run();
        else if (name.StartsWith("fuzz")) Fuzzer.Run(name);
        else Probe();
    }

    private static void Probe()
    {
        Console.WriteLine("prober starts");
        ProberCalls.Run();
        ProberPsci.Run();
        ProberSysregs.Run();
        ProberGic.Run();
        ProberContract.Run();
        ProberFloods.Run();
        Verdict.Summary("prober");
        Channel.Open(Layout.ProberToWitness, out Channel done);
        done.Write64(0, Layout.DoneMark);
        Console.WriteLine("ATTACK restart-under-policy-stop");
        Calls.Hvc(Hypercall.DomainRestart);
        Console.WriteLine("SURVIVED restart-under-policy-stop");
        Domain.PowerOff();
    }
}
