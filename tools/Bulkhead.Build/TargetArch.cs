namespace Bulkhead.Build;

/// <summary>The CPU architectures images are built for.</summary>
public enum TargetArch { Arm64, X64 }

public static class TargetArchExtensions
{
    public static string IlcName(this TargetArch arch) => arch == TargetArch.Arm64 ? "arm64" : "x64";
    public static string ClangTriple(this TargetArch arch) => arch == TargetArch.Arm64 ? "aarch64-none-elf" : "x86_64-none-elf";
    /// <summary>ELF e_machine: EM_AARCH64 = 183, EM_X86_64 = 62.</summary>
    public static ushort ElfMachine(this TargetArch arch) => arch == TargetArch.Arm64 ? (ushort)183 : (ushort)62;
}
