namespace Bulkhead.Guest
{
    /// <summary>
    /// Host mode (docs/host-mode.md): a process has no hypervisor that could stop or start other
    /// domains, so it manages none; every call answers NotSupported (a manager tested on the host
    /// exercises its own logic with these answers).
    /// </summary>
    public static class Management
    {
        public static uint ManagedMask => 0;
        public static int DomainCount => 1;
        public static ManagementResult Status(int id, out ManagedDomain status) { status = default; return ManagementResult.NotSupported; }
        public static int Find(string name) => -1;
        public static ManagementResult Stop(int id) => ManagementResult.NotSupported;
        public static ManagementResult Start(int id) => ManagementResult.NotSupported;
        public static ManagementResult Restart(int id) => ManagementResult.NotSupported;
        public static int ReadConsole(int id, ref ulong cursor, byte[] buffer, out ulong lostBytes) { lostBytes = 0; return -1; }
    }
}
