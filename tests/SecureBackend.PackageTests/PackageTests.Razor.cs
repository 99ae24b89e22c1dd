using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace SecureBackend.PackageTests;

/// <summary>
/// SB1003 in a Razor view, through the package: the Razor source generator compiles the <c>.cshtml</c> to C#, and the
/// build reports the finding at the view's file and line (the generated code's <c>#line</c> mapping), not in the
/// generated file; a <c>#pragma</c> in the view silences it, and no other rule reports in the generated code.
/// </summary>
public sealed partial class PackageTests
{
    [GeneratedRegex(@"^\s*(?<file>[^\s(][^(\r\n]*)\((?<line>\d+),(?<column>\d+)\): warning (?<id>SB\d{4}):", RegexOptions.Multiline)]
    private static partial Regex AnyWarningLine();

    [Fact]
    public void Build_ReportsSB1003AtTheCshtmlLine()
    {
        var consumer = _package.CreateWorkspace("razor", Path.Combine(AppContext.BaseDirectory, "RazorConsumer"));
        SetPackageVersion(consumer);
        var build = ProcessRunner.Dotnet(consumer, "build");

        Assert.True(build.ExitCode == 0, build.ToString());
        AssertLoadsCleanly(build);
        var reported = AnyWarningLine().Matches(build.Output)
            .Select(m => Path.GetRelativePath(consumer, m.Groups["file"].Value.Trim()).Replace('\\', '/') + "(" + m.Groups["line"].Value + "): " + m.Groups["id"].Value)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.True(
            reported.SequenceEqual(new[] { "Views/Comments/Show.cshtml(3): SB1003" }),
            "expected exactly Views/Comments/Show.cshtml(3): SB1003, got:\n  " + string.Join("\n  ", reported) + "\n" + build);
        Assert.Contains("'Model.Comment'", build.Output, StringComparison.Ordinal);
    }
}
