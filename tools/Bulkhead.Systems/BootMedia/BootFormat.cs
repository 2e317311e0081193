using Bulkhead.Config.Boards;

namespace Bulkhead.Systems.BootMedia;

/// <summary>What `bulkhead image` writes for a board: what its boot loader reads.</summary>
public enum BootFormat
{
    /// <summary>A Raspberry Pi SD boot folder: the stock firmware loads kernel8.img (RaspberryPiBootFolder).</summary>
    Rpi,
    /// <summary>The arm64 Image plus U-Boot boot scripts for mmc and TFTP (UBootScripts).</summary>
    UBoot,
}

public static class BootFormats
{
    public static readonly IReadOnlyDictionary<string, BootFormat> Names = new Dictionary<string, BootFormat>
    {
        ["rpi"] = BootFormat.Rpi,
        ["uboot"] = BootFormat.UBoot,
    };

    /// <summary>Raspberry Pi boards boot from the stock firmware; every other ARM64 board from U-Boot.</summary>
    public static BootFormat DefaultFor(Board board) => RaspberryPiBootFolder.ModelOf(board) is not null ? BootFormat.Rpi : BootFormat.UBoot;
}
