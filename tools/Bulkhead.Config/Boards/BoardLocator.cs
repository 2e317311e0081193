namespace Bulkhead.Config.Boards;

/// <summary>
/// Finds board files. A system names its board by id (resolved to &lt;repo&gt;/boards/&lt;id&gt;.yaml)
/// or by a path relative to the system file's folder.
/// </summary>
public static class BoardLocator
{
    /// <summary>The repository root: the nearest folder above start that holds boards/ and hv-core/.</summary>
    public static string? FindRepoRoot(string start)
    {
        var dir = new DirectoryInfo(Path.GetFullPath(start));
        for (; dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "boards")) && Directory.Exists(Path.Combine(dir.FullName, "hv-core")))
                return dir.FullName;
        return null;
    }

    public static string? BoardsFolder(string systemFolder)
    {
        string? root = FindRepoRoot(systemFolder) ?? FindRepoRoot(Directory.GetCurrentDirectory()) ?? FindRepoRoot(AppContext.BaseDirectory);
        return root is null ? null : Path.Combine(root, "boards");
    }

    /// <summary>Returns candidate paths in the order they are tried (for the "not found" message too).</summary>
    public static IReadOnlyList<string> Candidates(string reference, string systemFolder)
    {
        var list = new List<string>();
        bool looksLikePath = reference.Contains('/') || reference.Contains('\\') || reference.EndsWith(".yaml", StringComparison.Ordinal) || reference.EndsWith(".yml", StringComparison.Ordinal);
        if (looksLikePath) list.Add(Path.GetFullPath(Path.Combine(systemFolder, reference)));
        else if (BoardsFolder(systemFolder) is { } boards) list.Add(Path.Combine(boards, reference + ".yaml"));
        return list;
    }

    public static IEnumerable<string> KnownIds(string systemFolder)
    {
        var boards = BoardsFolder(systemFolder);
        if (boards is null || !Directory.Exists(boards)) return Array.Empty<string>();
        return Directory.GetFiles(boards, "*.yaml").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal);
    }
}
