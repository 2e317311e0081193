using Bulkhead.Core.Abi;

/// <summary>Raw HVC/SMC calls with any function id and arguments, results x1..x3 kept.</summary>
public static unsafe class Calls
{
    private static delegate*<ulong, ulong, ulong, ulong, ulong*, long> s_hvc, s_smc;
    public static ulong* Results;

    public static void Initialize()
    {
        Results = (ulong*)Bulkhead.Guest.Memory.AllocateZeroed(32);
        s_hvc = Build(false);
        s_smc = Build(true);
    }

    // x0 = id, x1..x3 = arguments, x4 = where to put x1..x3 afterwards.
    private static delegate*<ulong, ulong, ulong, ulong, ulong*, long> Build(bool smc)
    {
        uint* start = Code.Begin();
        Code.Emit(A64.MovRegister(9, 4));
        Code.Emit(smc ? A64.Smc0 : A64.Hvc0);
        Code.Emit(A64.Store(8, 1, 9, 0));
        Code.Emit(A64.Store(8, 2, 9, 8));
        Code.Emit(A64.Store(8, 3, 9, 16));
        Code.Emit(A64.Ret);
        return (delegate*<ulong, ulong, ulong, ulong, ulong*, long>)(void*)start;
    }

    public static long Hvc(ulong function, ulong a1 = 0, ulong a2 = 0, ulong a3 = 0) => s_hvc(function, a1, a2, a3, Results);
    public static long Smc(ulong function, ulong a1 = 0, ulong a2 = 0, ulong a3 = 0) => s_smc(function, a1, a2, a3, Results);
    public static ulong R1 => Results[0];

    public const long Success = HypercallStatus.Success, NotSupported = HypercallStatus.NotSupported,
        Invalid = HypercallStatus.InvalidParameters, Denied = HypercallStatus.Denied, AlreadyOn = PsciFunction.AlreadyOn;
}
