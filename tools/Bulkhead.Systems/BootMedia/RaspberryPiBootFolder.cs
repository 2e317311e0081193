using System.Text;
using Bulkhead.Build;
using Bulkhead.Config.Boards;

namespace Bulkhead.Systems.BootMedia;

/// <summary>The Raspberry Pi generation a board is, and what its stock firmware needs on the SD card's FAT partition.</summary>
public sealed record RaspberryPiModel(string Name, string Soc, IReadOnlyList<string> FirmwareFiles, string Dtb);

/// <summary>
/// A Raspberry Pi SD boot folder: the stock firmware reads config.txt, loads kernel8.img at
/// kernel_address and enters it at EL2 on the boot core, holding the other cores in spin tables
/// (Pi 3, Pi 4) or behind PSCI (Pi 5, TF-A). The folder holds what Bulkhead generates; the
/// firmware files are Raspberry Pi's and are listed in README.txt to be copied next to them.
/// </summary>
public static class RaspberryPiBootFolder
{
    public const string KernelFile = "kernel8.img";

    /// <summary>The Pi generation, from the board's device tree name (or id); null for other boards.</summary>
    public static RaspberryPiModel? ModelOf(Board board)
    {
        string key = (board.Source ?? "") + " " + board.Id;
        string dtb = board.Source is { } s ? Path.GetFileName(s) : "";
        if (key.Contains("bcm2837", StringComparison.Ordinal) || key.Contains("raspi3", StringComparison.Ordinal) || key.Contains("rpi3", StringComparison.Ordinal))
            // The firmware looks for its own (downstream) name of the Pi 3 device trees: bcm2710-*, not Linux's bcm2837-*.
            return new("Raspberry Pi 3", "BCM2837", ["bootcode.bin", "start.elf", "fixup.dat"],
                dtb.StartsWith("bcm2837-", StringComparison.Ordinal) ? "bcm2710-" + dtb["bcm2837-".Length..] : "bcm2710-rpi-3-b.dtb");
        if (key.Contains("bcm2711", StringComparison.Ordinal) || key.Contains("rpi4", StringComparison.Ordinal))
            return new("Raspberry Pi 4", "BCM2711", ["start4.elf", "fixup4.dat"], dtb.Length > 0 ? dtb : "bcm2711-rpi-4-b.dtb");
        if (key.Contains("bcm2712", StringComparison.Ordinal) || key.Contains("rpi5", StringComparison.Ordinal))
            return new("Raspberry Pi 5", "BCM2712", [], dtb.Length > 0 ? dtb : "bcm2712-rpi-5-b.dtb"); // its boot loader lives in EEPROM
        return null;
    }

    /// <summary>Writes kernel8.img, config.txt and README.txt into <paramref name="folder"/>; returns the files written.</summary>
    public static IReadOnlyList<string> Write(Board board, string rawImage, string folder, string what)
    {
        var model = ModelOf(board) ?? throw new BuildException(
            $"{board.File}: board '{board.Id}' is not a Raspberry Pi (its device tree '{board.Source}' names no BCM2837/2711/2712): use --format uboot");
        Directory.CreateDirectory(folder);
        string kernel = Path.Combine(folder, KernelFile), config = Path.Combine(folder, "config.txt"), readme = Path.Combine(folder, "README.txt");
        File.Copy(rawImage, kernel, overwrite: true);
        File.WriteAllText(config, ConfigTxt(board, model, what));
        File.WriteAllText(readme, Readme(board, model, what));
        return [kernel, config, readme];
    }

    public static string ConfigTxt(Board board, RaspberryPiModel model, string what)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# {what} for board {board.Id} ({model.Name}), written by `bulkhead image`.");
        sb.AppendLine("# The firmware loads the hypervisor and enters it at EL2 (no armstub override: the stock");
        sb.AppendLine("# one keeps the secondary cores in their spin tables until the hypervisor releases them).");
        sb.AppendLine("arm_64bit=1");
        sb.AppendLine($"kernel={KernelFile}");
        sb.AppendLine($"kernel_address=0x{board.HypervisorLoadAddress:x}");
        sb.AppendLine("# The console UART, set up by the firmware at 115200 8N1 (the hypervisor does not program the baud rate).");
        sb.AppendLine("enable_uart=1");
        if (board.ConsoleType == UartKind.Pl011 && model.Soc is "BCM2837" or "BCM2711")
        {
            sb.AppendLine("# The board's console is the PL011 (uart0): move Bluetooth off it so it drives GPIO 14/15.");
            sb.AppendLine("dtoverlay=disable-bt");
        }
        return sb.ToString();
    }

    private static string Readme(Board board, RaspberryPiModel model, string what)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{what} for board {board.Id} ({model.Name}, {model.Soc}): Raspberry Pi SD boot folder");
        sb.AppendLine();
        sb.AppendLine("1. Format the SD card's first partition FAT32 (or use a Raspberry Pi OS card's boot partition).");
        sb.AppendLine($"2. Copy {KernelFile} and config.txt from this folder to it (replace the existing ones).");
        if (model.FirmwareFiles.Count > 0)
        {
            sb.AppendLine("3. Add the Raspberry Pi firmware files from https://github.com/raspberrypi/firmware (folder boot/):");
            sb.AppendLine($"     {string.Join(" ", model.FirmwareFiles)}");
            sb.AppendLine($"   and the device tree {model.Dtb} (the firmware reads it; the hypervisor takes its address in x0).");
        }
        else
        {
            sb.AppendLine($"3. The {model.Name} boot loader is in its EEPROM: add only the device tree {model.Dtb}");
            sb.AppendLine("   from https://github.com/raspberrypi/firmware (folder boot/).");
        }
        if (board.ConsoleType == UartKind.Pl011 && model.FirmwareFiles.Count > 0)
            sb.AppendLine("   config.txt uses dtoverlay=disable-bt: copy overlays/disable-bt.dtbo from the same folder too.");
        sb.AppendLine($"4. Connect a 3.3 V serial adapter to GPIO 14 (TXD) / 15 (RXD) and GND, 115200 8N1; power on.");
        sb.AppendLine($"   The first line is \"Bulkhead ... running at EL2 on board {board.Id}\".");
        sb.AppendLine();
        sb.AppendLine($"kernel8.img is loaded at 0x{board.HypervisorLoadAddress:x} (kernel_address); it is also an arm64 Image (header at offset 0).");
        return sb.ToString();
    }
}
