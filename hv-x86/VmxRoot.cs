namespace Bulkhead.X86
{
    /// <summary>Whether this core is in VMX root operation (VMXON succeeded).</summary>
    internal static class VmxRoot
    {
        public static bool IsOn;
    }
}
