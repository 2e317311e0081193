namespace Bulkhead.Systems.BootMedia;

/// <summary>Debian's U-Boot build for QEMU virt (U-Boot 2023.01 in bookworm): the boot loader the U-Boot CI runs use.</summary>
public static class UBootFirmware
{
    public const string DebianPackage = "u-boot-qemu";
    public const string QemuArm64 = "/usr/lib/u-boot/qemu_arm64/u-boot.bin";
}
