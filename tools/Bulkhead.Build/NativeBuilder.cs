using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Bulkhead.Build;

/// <summary>
/// Builds one bare-metal image: csc (-nostdlib, our core library) -> ilc (native object) ->
/// clang (assembly files) -> ld.lld (linker script, fixed address, no PIE) -> llvm-objcopy (raw
/// binary). Skips the work when nothing that goes in has changed since the last build.
/// </summary>
public sealed class NativeBuilder(Toolchain tools, TextWriter? log = null)
{
    private readonly TextWriter _log = log ?? TextWriter.Null;

    // Warnings the core library's layout-only fields trigger by design.
    private const string SuppressedWarnings = "0169,0649,0162,0626";

    public NativeImage Build(NativeImageSpec spec)
    {
        Directory.CreateDirectory(spec.OutputDirectory);
        string Out(string ext) => Path.Combine(spec.OutputDirectory, spec.Name + ext);
        var image = new NativeImage(Out(".elf"), Out(".bin"), Out(".map.xml"), Out(".link.map"), WasUpToDate: false);

        var csharp = spec.CSharpSources.Concat(WriteGenerated(spec.OutputDirectory, spec.GeneratedSources)).ToList();
        var asmSources = spec.AsmSources.Concat(WriteGenerated(spec.OutputDirectory, spec.GeneratedAsm)).ToList();

        string stampPath = Out(".stamp");
        string stamp = InputStamp(spec, csharp, asmSources);
        if (File.Exists(stampPath) && File.ReadAllText(stampPath) == stamp && File.Exists(image.Elf) && File.Exists(image.RawBinary))
        {
            _log.WriteLine($"  {spec.Name}: up to date");
            return image with { WasUpToDate = true };
        }
        File.Delete(stampPath);

        string managedObject = CompileManaged(spec, csharp, Out(".dll"), Out(".managed.o"), image.ManagedMap);
        if (spec.TypeNameTable)
            asmSources.AddRange(WriteGenerated(spec.OutputDirectory, new Dictionary<string, string>
            {
                [TypeNameTable.FileName] = TypeNameTable.AssemblySource(Out(".dll"), image.ManagedMap, spec.Name),
            }));

        var objects = new List<string>();
        string? headers = spec.CompileCacheDirectory == null ? null : HeadersHash(spec);
        foreach (var asm in asmSources)
        {
            string obj = Path.Combine(spec.OutputDirectory, Path.GetFileNameWithoutExtension(asm) + ".o");
            objects.Add(obj);
            // The same runtime assembly goes into every image of an architecture: assembled once
            // (a clang process costs about as much as linking the image). Generated files (the
            // payload's .incbin, the domain's table) are always assembled.
            string? cached = headers == null || !spec.AsmSources.Contains(asm) ? null : Path.Combine(spec.CompileCacheDirectory!, "asm-" + Hash($"{tools.Clang}\n{spec.Arch}\n{headers}\n", asm) + ".o");
            if (cached != null && File.Exists(cached))
            {
                File.Copy(cached, obj, overwrite: true);
                continue;
            }
            _log.WriteLine($"  {spec.Name}: clang {Path.GetFileName(asm)}");
            ProcessRunner.RunChecked($"assembling {asm}", tools.Clang,
                new[] { $"--target={spec.Arch.ClangTriple()}", "-c", asm, "-o", obj }
                    .Concat(spec.IncludeDirectories.Select(d => $"-I{d}")));
            if (cached != null) CopyIntoCache(obj, cached);
        }
        objects.Add(managedObject);

        _log.WriteLine($"  {spec.Name}: ld.lld");
        ProcessRunner.RunChecked("linking (ld.lld)", tools.Lld,
            new[] { "-T", spec.LinkerScript, "--no-pie", "-static", "-nostdlib", "-o", image.Elf, $"-Map={image.LinkMap}" }
                .Concat(spec.LinkerSymbols.OrderBy(s => s.Key, StringComparer.Ordinal)
                    .Select(s => $"--defsym={s.Key}=0x{s.Value.ToString("x", CultureInfo.InvariantCulture)}"))
                .Concat(objects));

        FastPathCheck.Run(spec.Arch, image.Elf);
        ProcessRunner.RunChecked("raw binary (llvm-objcopy)", tools.Objcopy, ["-O", "binary", image.Elf, image.RawBinary]);
        File.WriteAllText(stampPath, stamp);
        return image;
    }

    /// <summary>Writes generated files (only when their text changed) and returns their paths.</summary>
    private static List<string> WriteGenerated(string directory, IReadOnlyDictionary<string, string> files)
    {
        var paths = new List<string>();
        foreach (var (fileName, text) in files.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            string path = Path.Combine(directory, fileName);
            if (!File.Exists(path) || File.ReadAllText(path) != text) File.WriteAllText(path, text);
            paths.Add(path);
        }
        return paths;
    }

    /// <summary>csc + ilc, or the cached object of an identical earlier compilation.</summary>
    private string CompileManaged(NativeImageSpec spec, List<string> csharp, string dll, string managedObject, string managedMap)
    {
        string? cached = null;
        if (spec.CompileCacheDirectory != null)
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            sha.AppendData(Encoding.UTF8.GetBytes($"{tools.IlcVersion}\n{spec.Name}\n{spec.Arch}\n{string.Join(";", spec.Defines)}\n"));
            foreach (var file in csharp.Concat(spec.Analyzers))
            {
                sha.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n"));
                sha.AppendData(File.ReadAllBytes(file));
            }
            Directory.CreateDirectory(spec.CompileCacheDirectory);
            cached = Path.Combine(spec.CompileCacheDirectory, Convert.ToHexString(sha.GetHashAndReset())[..24]);
            // The assembly is kept too: the type-name table is built from its metadata.
            if (File.Exists(cached + ".o") && File.Exists(cached + ".map.xml") && (!spec.TypeNameTable || File.Exists(cached + ".dll")))
            {
                File.Copy(cached + ".o", managedObject, overwrite: true);
                File.Copy(cached + ".map.xml", managedMap, overwrite: true);
                if (spec.TypeNameTable) File.Copy(cached + ".dll", dll, overwrite: true);
                _log.WriteLine($"  {spec.Name}: managed code from the compile cache");
                return managedObject;
            }
        }

        _log.WriteLine($"  {spec.Name}: csc ({csharp.Count} files)");
        ProcessRunner.RunChecked("C# compilation (csc)", tools.Dotnet,
            new[] { tools.Csc, "-nologo", "-nostdlib", "-noconfig", "-unsafe", "-optimize+", "-deterministic",
                    "-langversion:latest", "-nullable:enable", "-runtimemetadataversion:v4.0.30319",
                    "-target:library", $"-nowarn:{SuppressedWarnings}", $"-out:{dll}" }
                .Concat(spec.Defines.Select(d => $"-define:{d}"))
                .Concat(spec.Analyzers.Select(a => $"-analyzer:{a}"))
                .Concat(csharp));

        _log.WriteLine($"  {spec.Name}: ilc {tools.IlcVersion} ({spec.Arch.IlcName()})");
        ProcessRunner.RunChecked("native compilation (ILCompiler)", tools.Ilc,
            [dll, $"--systemmodule:{spec.Name}", "--targetos:linux", $"--targetarch:{spec.Arch.IlcName()}",
             "-O", "--nativelib", "-o", managedObject, "--map", managedMap]);
        if (cached != null)
        {
            // The object last: its presence is what says "cached". Each file is copied under a
            // name of this process and then renamed, so a build running beside this one never
            // takes a half-written file.
            if (spec.TypeNameTable) CopyIntoCache(dll, cached + ".dll");
            CopyIntoCache(managedMap, cached + ".map.xml");
            CopyIntoCache(managedObject, cached + ".o");
        }
        return managedObject;
    }

    /// <summary>A hash of the headers an assembly file may include (the include directories' .h and .inc files).</summary>
    private static string HeadersHash(NativeImageSpec spec)
    {
        var headers = spec.IncludeDirectories.Where(Directory.Exists)
            .SelectMany(dir => Directory.GetFiles(dir).Where(f => f.EndsWith(".h") || f.EndsWith(".inc")).Order(StringComparer.Ordinal));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var header in headers)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(header + "\n"));
            sha.AppendData(File.ReadAllBytes(header));
        }
        sha.AppendData(Encoding.UTF8.GetBytes(string.Join("\n", spec.IncludeDirectories)));
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    /// <summary>A short hash of a text and a file's bytes (cache file names).</summary>
    private static string Hash(string text, string file)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(text));
        sha.AppendData(File.ReadAllBytes(file));
        return Convert.ToHexString(sha.GetHashAndReset())[..24];
    }

    private static void CopyIntoCache(string file, string cachedFile)
    {
        string partial = $"{cachedFile}.{Environment.ProcessId}.partial";
        File.Copy(file, partial, overwrite: true);
        File.Move(partial, cachedFile, overwrite: true);
    }

    /// <summary>A hash of every input: sources, linker script, symbols and tool versions.</summary>
    private string InputStamp(NativeImageSpec spec, IEnumerable<string> csharp, IEnumerable<string> asm)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string s) => sha.AppendData(Encoding.UTF8.GetBytes(s + "\n"));
        Add(tools.IlcVersion); Add(tools.Csc); Add(spec.Arch.ToString()); Add(string.Join(";", spec.Defines));
        foreach (var file in csharp.Concat(asm).Concat(spec.ExtraInputs).Concat(spec.Analyzers).Append(spec.LinkerScript))
        {
            Add(file);
            sha.AppendData(File.ReadAllBytes(file));
        }
        foreach (var dir in spec.IncludeDirectories.Where(Directory.Exists))
            foreach (var header in Directory.GetFiles(dir).Where(f => f.EndsWith(".h") || f.EndsWith(".inc")).Order(StringComparer.Ordinal))
            {
                Add(header);
                sha.AppendData(File.ReadAllBytes(header));
            }
        foreach (var (k, v) in spec.LinkerSymbols.OrderBy(s => s.Key, StringComparer.Ordinal)) Add($"{k}={v}");
        return Convert.ToHexString(sha.GetHashAndReset());
    }
}
