using System;
using System.Collections.Generic;
using System.Text;

namespace SecureBackend.Analyzers.Infrastructure.Baseline;

/// <summary>One accepted finding: the rule, the file relative to the baseline's folder ('/' separators) and the fingerprint.</summary>
internal readonly struct BaselineEntry : IEquatable<BaselineEntry>
{
    public BaselineEntry(string rule, string file, string fingerprint)
    {
        Rule = rule;
        File = file;
        Fingerprint = fingerprint;
    }

    public string Rule { get; }

    public string File { get; }

    public string Fingerprint { get; }

    public bool Equals(BaselineEntry other)
        => string.Equals(Rule, other.Rule, StringComparison.Ordinal)
            && string.Equals(File, other.File, StringComparison.Ordinal)
            && string.Equals(Fingerprint, other.Fingerprint, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is BaselineEntry other && Equals(other);

    public override int GetHashCode()
    {
        unchecked
        {
            return (((StringComparer.Ordinal.GetHashCode(Rule) * 397) ^ StringComparer.Ordinal.GetHashCode(File)) * 397)
                ^ StringComparer.Ordinal.GetHashCode(Fingerprint);
        }
    }
}

/// <summary>
/// The findings a codebase accepted when it adopted SecureBackend: <c>securebackend.baseline.json</c>,
/// <code>
/// {
///   "version": 1,
///   "findings": [
///     { "rule": "SB1001", "file": "Data/OrderQueries.cs", "fingerprint": "9f2c61d04be3a877" }
///   ]
/// }
/// </code>
/// Files are relative to the folder that holds the baseline. Other properties are ignored, so tools may add some.
/// </summary>
internal sealed class BaselineFile
{
    public const string FileName = "securebackend.baseline.json";

    public const int CurrentVersion = 1;

    private readonly HashSet<BaselineEntry> _entries;

    private BaselineFile(HashSet<BaselineEntry> entries) => _entries = entries;

    public int Count => _entries.Count;

    public IEnumerable<BaselineEntry> Entries => _entries;

    public bool Contains(BaselineEntry entry) => _entries.Contains(entry);

    public static BaselineFile Create(IEnumerable<BaselineEntry> entries) => new(new HashSet<BaselineEntry>(entries));

    /// <summary>Reads a baseline; false with a one-line reason when the text is empty, not JSON or not a baseline.</summary>
    public static bool TryParse(string text, out BaselineFile baseline, out string error)
    {
        baseline = new BaselineFile(new HashSet<BaselineEntry>());
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the baseline file is empty";
            return false;
        }

        if (!BaselineJson.TryParse(text, out var value, out var syntaxError))
        {
            error = "the baseline file is not valid JSON: " + syntaxError;
            return false;
        }

        if (value is not Dictionary<string, object?> root
            || !root.TryGetValue("findings", out var findingsValue)
            || findingsValue is not List<object?> findings)
        {
            error = "the baseline file has no \"findings\" array";
            return false;
        }

        if (root.TryGetValue("version", out var version) && version is double number && number > CurrentVersion)
        {
            error = "the baseline file has version " + number + ", newer than this SecureBackend reads (" + CurrentVersion + ")";
            return false;
        }

        var entries = new HashSet<BaselineEntry>();
        for (var i = 0; i < findings.Count; i++)
        {
            if (findings[i] is not Dictionary<string, object?> finding
                || !TryGetString(finding, "rule", out var rule)
                || !TryGetString(finding, "file", out var file)
                || !TryGetString(finding, "fingerprint", out var fingerprint))
            {
                error = "finding " + (i + 1) + " of the baseline file lacks \"rule\", \"file\" or \"fingerprint\"";
                return false;
            }

            entries.Add(new BaselineEntry(rule, NormalizeSeparators(file), fingerprint));
        }

        baseline = new BaselineFile(entries);
        error = string.Empty;
        return true;
    }

    /// <summary>The file's text: entries sorted by file, rule and fingerprint, one per line, so diffs stay small.</summary>
    public string Serialize()
    {
        var sorted = new List<BaselineEntry>(_entries);
        sorted.Sort(static (a, b) =>
        {
            var byFile = string.CompareOrdinal(a.File, b.File);
            if (byFile != 0)
            {
                return byFile;
            }

            var byRule = string.CompareOrdinal(a.Rule, b.Rule);
            return byRule != 0 ? byRule : string.CompareOrdinal(a.Fingerprint, b.Fingerprint);
        });

        var builder = new StringBuilder();
        builder.Append("{\n  \"version\": ").Append(CurrentVersion).Append(",\n  \"findings\": [");
        for (var i = 0; i < sorted.Count; i++)
        {
            builder.Append(i == 0 ? "\n" : ",\n");
            builder.Append("    { \"rule\": ");
            AppendString(builder, sorted[i].Rule);
            builder.Append(", \"file\": ");
            AppendString(builder, sorted[i].File);
            builder.Append(", \"fingerprint\": ");
            AppendString(builder, sorted[i].Fingerprint);
            builder.Append(" }");
        }

        builder.Append(sorted.Count == 0 ? "]\n}\n" : "\n  ]\n}\n");
        return builder.ToString();
    }

    /// <summary>
    /// <paramref name="filePath"/> relative to <paramref name="baselineDirectory"/> with '/' separators; a file outside
    /// that folder keeps its full path.
    /// </summary>
    public static string RelativePath(string baselineDirectory, string filePath)
    {
        var directory = NormalizeSeparators(baselineDirectory).TrimEnd('/');
        var file = NormalizeSeparators(filePath);
        if (directory.Length > 0
            && file.Length > directory.Length + 1
            && file[directory.Length] == '/'
            && string.Compare(file, 0, directory, 0, directory.Length, StringComparison.OrdinalIgnoreCase) == 0)
        {
            return file.Substring(directory.Length + 1);
        }

        return file;
    }

    /// <summary>The folder part of <paramref name="path"/> (empty when it has none).</summary>
    public static string DirectoryOf(string path)
    {
        var last = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return last < 0 ? string.Empty : path.Substring(0, last);
    }

    private static string NormalizeSeparators(string path) => path.Replace('\\', '/');

    private static bool TryGetString(Dictionary<string, object?> finding, string name, out string value)
    {
        if (finding.TryGetValue(name, out var raw) && raw is string text && text.Length > 0)
        {
            value = text;
            return true;
        }

        value = string.Empty;
        return false;
    }

    private static void AppendString(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < ' ')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }
}
