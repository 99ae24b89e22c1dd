using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace SecureBackend.Benchmarks.Corpus;

/// <summary>The kinds of vulnerability the generator seeds; one per SecureBackend rule.</summary>
public enum VulnerabilityKind
{
    SqlInjection,
    BrokenHash,
    PasswordFastHash,
    WeakKeyDerivation,
    InsecureRandomness,
    HardCodedSecret,
    NonConstantTimeComparison,
    TokenValidationDisabled,
    MissingAntiforgery,
    AntiforgeryDisabled,
    InsecureCookie,
    PermissiveCors,
    OpenRedirect,
    MissingHttpsRedirection,
    MissingHsts,
    CertificateValidationDisabled,
    ObsoleteTls,
    CleartextProtocol,
}

/// <summary>One seeded vulnerability: a finding on any of <see cref="Lines"/> (1-based) of <see cref="Path"/> counts.</summary>
public sealed record SeededVulnerability(VulnerabilityKind Kind, string Variant, string Path, IReadOnlyList<int> Lines);

/// <summary>A generated source file; <see cref="Path"/> uses forward slashes.</summary>
public sealed record CorpusFile(string Path, string Text)
{
    public int LineCount { get; } = CountLines(Text);

    private static int CountLines(string text)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                count++;
            }
        }

        return count;
    }
}

/// <summary>A set of source files and the vulnerabilities seeded in them.</summary>
public sealed class GeneratedCorpus
{
    public GeneratedCorpus(string description, IReadOnlyList<CorpusFile> files, IReadOnlyList<SeededVulnerability> seeds)
    {
        Description = description;
        Files = files;
        Seeds = seeds;
        LineCount = files.Sum(f => f.LineCount);
    }

    public string Description { get; }

    public IReadOnlyList<CorpusFile> Files { get; }

    public IReadOnlyList<SeededVulnerability> Seeds { get; }

    public int LineCount { get; }

    /// <summary>
    /// All files except top-level statements merged into one compilation unit: each file-scoped namespace becomes a
    /// block and keeps its own <c>using</c> directives inside it, so names resolve exactly as in the separate files.
    /// Seeds are not carried over.
    /// </summary>
    public string ToSingleFile()
    {
        var globalUsings = new StringBuilder();
        var body = new StringBuilder();
        foreach (var file in Files)
        {
            var lines = file.Text.Split('\n');
            var namespaceIndex = Array.FindIndex(lines, l => l.StartsWith("namespace ", StringComparison.Ordinal) && l.TrimEnd().EndsWith(';'));
            if (namespaceIndex < 0)
            {
                foreach (var line in lines)
                {
                    if (line.StartsWith("global using ", StringComparison.Ordinal))
                    {
                        globalUsings.Append(line).Append('\n');
                    }
                }

                continue; // top-level statements or global usings only
            }

            body.Append("// ").Append(file.Path).Append('\n');
            body.Append(lines[namespaceIndex].TrimEnd().TrimEnd(';')).Append('\n').Append("{\n");
            for (var i = 0; i < lines.Length; i++)
            {
                if (i == namespaceIndex)
                {
                    continue;
                }

                var line = lines[i];
                if (i < namespaceIndex && line.Length == 0)
                {
                    continue;
                }

                body.Append(line.Length == 0 ? string.Empty : "    " + line).Append('\n');
            }

            body.Append("}\n\n");
        }

        return globalUsings.Append('\n').Append(body).ToString();
    }
}

/// <summary>Small deterministic generator (SplitMix64): the same seed gives the same corpus on every runtime.</summary>
internal sealed class Prng(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A value in [0, <paramref name="exclusiveMax"/>).</summary>
    public int Next(int exclusiveMax) => (int)(NextUInt64() % (ulong)exclusiveMax);

    public bool Chance(int percent) => Next(100) < percent;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];
}

/// <summary>
/// Accumulates one file. Blocks are written with their own indentation; a line containing <c>@@SEED</c> belongs to
/// the vulnerability passed with the block (the marker is removed), and all marked lines of one block form one seed.
/// </summary>
internal sealed class SourceWriter(string path, List<SeededVulnerability> seeds)
{
    private const string Marker = "@@SEED";
    private readonly StringBuilder _text = new();
    private int _nextLine = 1;

    public string Path { get; } = path;

    public void Block(string block, int indent = 0, VulnerabilityKind? kind = null, string variant = "")
    {
        List<int>? marked = null;
        var prefix = new string(' ', indent * 4);
        foreach (var raw in block.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw;
            if (line.Contains(Marker, StringComparison.Ordinal))
            {
                line = line.Replace(" " + Marker, string.Empty, StringComparison.Ordinal).Replace(Marker, string.Empty, StringComparison.Ordinal);
                (marked ??= new List<int>()).Add(_nextLine);
            }

            _text.Append(line.Length == 0 ? string.Empty : prefix + line).Append('\n');
            _nextLine++;
        }

        if (marked is not null)
        {
            if (kind is null)
            {
                throw new InvalidOperationException("Seed marker without a vulnerability kind in " + Path);
            }

            seeds.Add(new SeededVulnerability(kind.Value, variant, Path, marked));
        }
    }

    public void Line(string line = "") => Block(line);

    public CorpusFile ToFile() => new(Path, _text.ToString());
}
