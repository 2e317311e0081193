using Bulkhead.Build;
using Bulkhead.Config.Boards;
using Bulkhead.Systems;
using Bulkhead.Systems.BootMedia;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// The arm64 Image header of the built hypervisor (hv-arm64/boot/entry.S, values from link.ld),
/// read from the bytes a boot loader gets and checked against the ELF the same build wrote.
/// </summary>
[Collection("emulator")] // builds images: one build at a time
public class BootImageTests
{
    [Theory]
    [InlineData("qemu-virt-gicv3")]
    [InlineData("qemu-raspi3b")]
    public void Image_header_matches_the_elf_and_the_boards_placement(string boardId)
    {
        var board = BoardTargets.LoadBoard(TestImages.Repo, boardId);
        var image = TestImages.Hypervisor(boardId);
        var elf = ElfFile.Read(image.Elf);
        var header = Arm64ImageHeader.ReadFile(image.RawBinary);

        Assert.NotNull(header);                                            // "ARM\x64" at 0x38
        Assert.Equal(Arm64ImageHeader.Size, header.BranchTarget);          // code0 branches over the 64 bytes
        Assert.Equal(board.HypervisorLoadAddress, elf.Entry);              // _start is the first byte
        Assert.Equal(BootPlacement.TextOffset(board), header.TextOffset);
        Assert.Equal(elf.Entry, BootPlacement.ImageBase(board) + header.TextOffset); // where booti puts it is where it is linked

        // image_size covers everything the image uses after load: .bss, page tables, stacks, heap.
        ulong end = elf.Sections.Where(s => s.IsAllocated).Max(s => s.Address + s.Size);
        Assert.Equal(end - elf.Entry, header.ImageSize);
        Assert.True(header.ImageSize > (ulong)new FileInfo(image.RawBinary).Length);
        Assert.Equal(elf.Symbols["__heap_end"] - elf.Entry, header.ImageSize);

        Assert.Equal(0UL, header.Flags & Arm64ImageHeader.FlagBigEndian);
        Assert.Equal(Arm64ImageHeader.FlagPageSize4K, header.Flags & Arm64ImageHeader.FlagPageSizeMask);
        Assert.Equal(0UL, header.Flags & Arm64ImageHeader.FlagAnywhere); // linked at a fixed address
    }

    [Fact]
    public void Boards_without_a_gic_build_the_no_gic_implementations()
    {
        var facts = BoardTargets.Facts(BoardTargets.LoadBoard(TestImages.Repo, "qemu-raspi3b"));
        string hv = BoardConstants.HypervisorSeams(facts), guest = BoardConstants.GuestSeams(facts);
        Assert.Contains("PhysicalGic = Bulkhead.Arm64.Gic.NoPhysicalGic;", hv);
        Assert.Contains("BoardInterruptController = Bulkhead.Arm64.Gic.NoPhysicalGic;", hv);
        Assert.DoesNotContain("V2", hv);
        Assert.Contains("Gic = Bulkhead.Guest.Platform.NoGic;", guest);
    }

    [Fact]
    public void UBoot_format_writes_the_image_and_mkimage_scripts_for_mmc_and_tftp()
    {
        var board = BoardTargets.LoadBoard(TestImages.Repo, "qemu-virt-gicv3");
        string folder = Path.Combine(TestImages.Repo.OutputRoot, "test-boot", "bare-uboot");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        var result = BootImages.Write(board, TestImages.Hypervisor("qemu-virt-gicv3"), format: null, folder, "test");

        Assert.Equal(BootFormat.UBoot, result.Format);
        Assert.NotNull(Arm64ImageHeader.ReadFile(Path.Combine(folder, "Image")));
        foreach (var (script, loads) in new[] { ("boot.scr", "load ${devtype}"), ("boot-tftp.scr", "tftpboot ${kernel_addr_r} Image") })
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(folder, script));
            Assert.Equal(0x27051956u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes)); // legacy image magic
            Assert.Equal(6, bytes[30]);                                                                     // ih_type: script
            string text = System.Text.Encoding.ASCII.GetString(bytes);
            Assert.Contains(loads, text);
            Assert.Contains("booti ${kernel_addr_r} - ${fdtcontroladdr}", text);
        }
        Assert.Contains("boot.scr", File.ReadAllText(Path.Combine(folder, "README.txt")));

        // The legacy uImage for U-Boot builds without booti: kernel, arm64, loaded and entered at the load address.
        byte[] legacy = File.ReadAllBytes(Path.Combine(folder, "uImage"));
        Assert.Equal(0x27051956u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(legacy));
        Assert.Equal((uint)board.HypervisorLoadAddress, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(legacy.AsSpan(16))); // ih_load
        Assert.Equal((uint)board.HypervisorLoadAddress, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(legacy.AsSpan(20))); // ih_ep
        Assert.Equal(new byte[] { 5, 22, 2, 0 }, legacy[28..32]); // Linux, arm64, kernel, uncompressed
    }

    [Fact]
    public void Image_command_writes_the_boards_default_format_and_refuses_rpi_for_other_boards()
    {
        string folder = Path.Combine(TestImages.Repo.OutputRoot, "test-boot", "cli-raspi3b");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        var (exit, stdout, stderr) = BulkheadCli.Run(TestImages.Repo.Root, "image", "--board", "qemu-raspi3b", "--output", folder);
        Assert.True(exit == 0, stderr);
        Assert.Contains("image: rpi boot files for board qemu-raspi3b", stdout);
        Assert.True(File.Exists(Path.Combine(folder, "kernel8.img")));
        Assert.Contains("Bulkhead hypervisor (no domains)", File.ReadAllText(Path.Combine(folder, "config.txt")));

        (exit, _, stderr) = BulkheadCli.Run(TestImages.Repo.Root, "image", "--board", "qemu-virt-gicv3", "--format", "rpi", "--output", folder + "-wrong");
        Assert.Equal(2, exit);
        Assert.Contains("board 'qemu-virt-gicv3' is not a Raspberry Pi", stderr);
    }

    [Fact]
    public void Default_format_is_rpi_for_raspberry_pi_boards_and_uboot_otherwise()
    {
        BootFormat For(string id) => BootFormats.DefaultFor(BoardTargets.LoadBoard(TestImages.Repo, id));
        Assert.Equal(BootFormat.Rpi, For("qemu-raspi3b"));
        Assert.Equal(BootFormat.Rpi, For("rpi4b"));
        Assert.Equal(BootFormat.UBoot, For("qemu-virt-gicv3"));
        Assert.Equal(BootFormat.UBoot, For("imx8qm-mek"));
    }
}
