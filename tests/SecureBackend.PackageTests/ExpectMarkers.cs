using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace SecureBackend.PackageTests;

/// <summary>A diagnostic expected or reported at a file and line.</summary>
public sealed record LineDiagnostic(string File, int Line, string Id)
{
    public override string ToString() => File + "(" + Line + "): " + Id;
}

/// <summary>
/// Reads <c>// expect: SB1001, SB2002</c> markers from sources and SB diagnostics from MSBuild output lines such as
/// <c>/path/File.cs(12,9): warning SB1001: message [/path/Project.csproj]</c>.
/// </summary>
public static partial class ExpectMarkers
{
    [GeneratedRegex(@"//\s*expect:\s*(?<ids>SB\d{4}(\s*,\s*SB\d{4})*)(?<nofix>\s*\(no fix\))?")]
    private static partial Regex MarkerPattern();

    [GeneratedRegex(@"^\s*(?<file>[^\s(][^(\r\n]*\.cs)\((?<line>\d+),(?<column>\d+)\): (?<severity>warning|error|info) (?<id>SB\d{4}):", RegexOptions.Multiline)]
    private static partial Regex BuildLinePattern();

    /// <summary>Every marker of the sources under <paramref name="directory"/>.</summary>
    public static IReadOnlyList<LineDiagnostic> FromSources(string directory) => FromSources(directory, noFixOnly: false);

    /// <summary>The markers that say <c>(no fix)</c>: diagnostics that remain after every code fix was applied.</summary>
    public static IReadOnlyList<LineDiagnostic> WithoutFix(string directory) => FromSources(directory, noFixOnly: true);

    private static IReadOnlyList<LineDiagnostic> FromSources(string directory, bool noFixOnly)
    {
        var result = new List<LineDiagnostic>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories))
        {
            if (path.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                || path.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            var lines = File.ReadAllLines(path);
            for (var i = 0; i < lines.Length; i++)
            {
                var match = MarkerPattern().Match(lines[i]);
                if (!match.Success || (noFixOnly && !match.Groups["nofix"].Success))
                {
                    continue;
                }

                foreach (var id in match.Groups["ids"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    result.Add(new LineDiagnostic(Path.GetRelativePath(directory, path), i + 1, id));
                }
            }
        }

        return Sorted(result);
    }

    /// <summary>SB diagnostics in build output, relative to <paramref name="directory"/>, de-duplicated.</summary>
    public static IReadOnlyList<LineDiagnostic> FromBuildOutput(string output, string directory, string severity = "warning")
    {
        var result = new HashSet<LineDiagnostic>();
        foreach (Match match in BuildLinePattern().Matches(output))
        {
            if (match.Groups["severity"].Value != severity)
            {
                continue;
            }

            var file = match.Groups["file"].Value.Trim();
            var relative = Path.IsPathRooted(file) ? Path.GetRelativePath(directory, file) : file;
            result.Add(new LineDiagnostic(relative, int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups["id"].Value));
        }

        return Sorted(result);
    }

    private static List<LineDiagnostic> Sorted(IEnumerable<LineDiagnostic> items)
        => items.OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
}
