namespace Bulkhead.X86
{
    internal static class DomainRunner
    {
        public static void RunAll(ulong multibootInfo) { }
    }
}
