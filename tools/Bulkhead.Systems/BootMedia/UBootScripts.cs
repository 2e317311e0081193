using System.Text;
using Bulkhead.Build;
using Bulkhead.Config.Boards;

namespace Bulkhead.Systems.BootMedia;

/// <summary>
/// What a U-Boot board boots: the hypervisor as an arm64 Image (booti reads its header and copies it
/// to RAM base + text_offset) and two boot scripts, compiled with mkimage (Debian's u-boot-tools):
/// boot.scr, which U-Boot's distro boot finds on the boot partition of an SD card, eMMC, USB or
/// virtio disk, and boot-tftp.scr, which fetches the Image from a TFTP server.
/// </summary>
public static class UBootScripts
{
    public const string ImageFile = "Image", LegacyImageFile = "uImage", MmcScript = "boot.scr", TftpScript = "boot-tftp.scr";
    public const string MkImage = "mkimage", DebianPackage = "u-boot-tools";

    public static IReadOnlyList<string> Write(Board board, string rawImage, string folder, string what)
    {
        if (Arm64ImageHeader.ReadFile(rawImage) is null)
            throw new BuildException($"{rawImage} has no arm64 Image header: booti would refuse it (rebuild the hypervisor)");
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        string image = Path.Combine(folder, ImageFile);
        File.Copy(rawImage, image, overwrite: true);
        files.Add(image);
        if (board.HypervisorLoadAddress + (ulong)new FileInfo(rawImage).Length <= uint.MaxValue)
        {
            // For U-Boot builds without booti: a legacy uImage (32-bit load address) that bootm copies to the load address.
            string uImage = Path.Combine(folder, LegacyImageFile);
            string load = $"0x{board.HypervisorLoadAddress:x}";
            RunMkImage(["-A", "arm64", "-O", "linux", "-T", "kernel", "-C", "none", "-a", load, "-e", load, "-n", $"Bulkhead {board.Id}", "-d", rawImage, uImage], rawImage);
            files.Add(uImage);
        }
        foreach (var (source, script, text) in new[] { ("boot.cmd", MmcScript, MmcCommands(board, what)), ("boot-tftp.cmd", TftpScript, TftpCommands(board, what)) })
        {
            string cmd = Path.Combine(folder, source), scr = Path.Combine(folder, script);
            File.WriteAllText(cmd, text);
            Compile(cmd, scr, $"Bulkhead {board.Id}");
            files.Add(cmd);
            files.Add(scr);
        }
        string readme = Path.Combine(folder, "README.txt");
        File.WriteAllText(readme, Readme(board, what));
        files.Add(readme);
        return files;
    }

    /// <summary>From a disk: the partition distro boot found the script on, or mmc 0:1 when the script is run by hand.</summary>
    public static string MmcCommands(Board board, string what) => $$"""
        # {{what}} for board {{board.Id}}: load the hypervisor Image from the boot partition and start it with booti.
        # U-Boot's distro boot sets devtype/devnum/distro_bootpart/prefix when it finds this script; by hand it is mmc 0:1.
        if test -z "${devtype}"; then setenv devtype mmc; setenv devnum 0; setenv distro_bootpart 1; fi
        if test -z "${prefix}"; then setenv prefix /; fi
        echo "Bulkhead: loading ${prefix}{{ImageFile}} from ${devtype} ${devnum}:${distro_bootpart}"
        load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} ${prefix}{{ImageFile}}
        # booti copies it to RAM base + text_offset (0x{{board.HypervisorLoadAddress:x}}, where it is linked); x0 = U-Boot's device tree.
        booti ${kernel_addr_r} - ${fdtcontroladdr}

        """;

    /// <summary>From the network: Image from the TFTP server (serverip), after DHCP when no address is set.</summary>
    public static string TftpCommands(Board board, string what) => $$"""
        # {{what}} for board {{board.Id}}: fetch the hypervisor Image over TFTP and start it with booti.
        # Set serverip (and ipaddr, or leave it empty for DHCP) first; the Image sits in the TFTP root.
        setenv autoload no
        if test -z "${ipaddr}"; then dhcp; fi
        echo "Bulkhead: fetching {{ImageFile}} from ${serverip}"
        tftpboot ${kernel_addr_r} {{ImageFile}}
        booti ${kernel_addr_r} - ${fdtcontroladdr}

        """;

    /// <summary>mkimage -T script: the legacy image header U-Boot's `source` command reads.</summary>
    public static void Compile(string commands, string script, string name) =>
        RunMkImage(["-A", "arm64", "-O", "linux", "-T", "script", "-C", "none", "-n", name, "-d", commands, script], commands);

    private static void RunMkImage(IEnumerable<string> args, string input)
    {
        string tool = Toolchain.FindOnPath(MkImage) ?? throw new BuildException(
            $"'{MkImage}' was not found on PATH. Install it with: apt-get install -y {DebianPackage}  (or run ./bulkhead setup as root)");
        var result = ProcessRunner.Run(tool, args);
        if (result.ExitCode != 0) throw new BuildException($"mkimage failed for {input}:\n{result.Output}");
    }

    private static string Readme(Board board, string what) => $$"""
        {{what}} for board {{board.Id}}: U-Boot boot files

        Image          the hypervisor as an arm64 Image (booti places it at 0x{{board.HypervisorLoadAddress:x}})
        boot.scr       boot script for a disk (SD card, eMMC, USB): source boot.cmd
        boot-tftp.scr  boot script for the network:                 source boot-tftp.cmd
        uImage         the same hypervisor as a legacy U-Boot image, for U-Boot builds without booti:
                       load it anywhere but the load address, then  bootm <addr> - ${fdtcontroladdr}

        From an SD card or eMMC: copy Image and boot.scr to the root of the boot partition (FAT or
        ext4, the one holding U-Boot's environment or the first partition). U-Boot's distro boot finds
        boot.scr and runs it; by hand, at the U-Boot prompt:
            load mmc 0:1 ${scriptaddr} boot.scr; source ${scriptaddr}

        Over TFTP: copy Image and boot-tftp.scr to the TFTP server's root, then at the U-Boot prompt:
            setenv serverip <server>; dhcp; tftpboot ${scriptaddr} boot-tftp.scr; source ${scriptaddr}
        Or name it boot.scr.uimg in the TFTP root: U-Boot's distro boot, when it falls back to DHCP,
        fetches that file from the DHCP server's TFTP server and runs it by itself.

        The console is the board's UART at 115200 8N1 as U-Boot set it up; the first line is
        "Bulkhead ... running at EL2 on board {{board.Id}}". If booti says "Bad Linux ARM64 Image
        magic", the file is not this Image; if nothing prints, check that U-Boot runs at EL2
        (TF-A must not drop to EL1) and see docs/booting.md.

        """;
}
