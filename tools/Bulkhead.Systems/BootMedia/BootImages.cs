using Bulkhead.Build;
using Bulkhead.Config.Boards;

namespace Bulkhead.Systems.BootMedia;

/// <summary>Builds what a user copies to a board (`bulkhead image`): the built hypervisor in the board's boot format.</summary>
public static class BootImages
{
    public sealed record Result(BootFormat Format, string Folder, IReadOnlyList<string> Files);

    /// <param name="what">names the content in the generated files, e.g. "Bulkhead system 'demo'"</param>
    public static Result Write(Board board, NativeImage image, BootFormat? format, string folder, string what)
    {
        if (board.IsX86) throw new BuildException($"{board.File}: board '{board.Id}' is x86-64: its boot media are made by `bulkhead build` (GRUB ISO), not `bulkhead image`");
        var chosen = format ?? BootFormats.DefaultFor(board);
        var files = chosen switch
        {
            BootFormat.Rpi => RaspberryPiBootFolder.Write(board, image.RawBinary, folder, what),
            _ => UBootScripts.Write(board, image.RawBinary, folder, what),
        };
        return new Result(chosen, folder, files);
    }

    /// <summary>out/boot/&lt;name&gt;-&lt;format&gt;</summary>
    public static string DefaultFolder(RepoLayout repo, string name, BootFormat format) =>
        Path.Combine(repo.OutputRoot, "boot", $"{name}-{format.ToString().ToLowerInvariant()}");
}
