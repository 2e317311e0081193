using System;
using Bulkhead.Guest;

public static class Program
{
    static int Thrower(int x)
    {
        if (x > 3) throw new InvalidOperationException("boom");
        return x + 1;
    }

    public static void Main()
    {
        int r = 0;
        try { r = Thrower(5); }
        catch (InvalidOperationException e) { Console.WriteLine(e.Message); r = -1; }
        finally { Console.WriteLine("finally"); }
        Console.WriteLine(r == -1 ? "PASS probe" : "FAIL probe");
        Domain.PowerOff();
    }
}
