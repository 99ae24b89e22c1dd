using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using SecureBackend.Analyzers;

namespace SecureBackend.Tests.Robustness;

/// <summary>
/// One fast run of the benchmark (bench/SecureBackend.Benchmarks) so it cannot rot: a generated app of about 2,000
/// lines and a small tree of projects measured per project and as one compilation, two repetitions of the floor and
/// SecureBackend, with the findings list and triage sheet. Runs the benchmark built in the test's configuration
/// (building it first when it is missing or older than its sources); the solution build builds it anyway.
/// </summary>
public sealed class BenchmarkSmokeTests
{
    [Fact]
    public void Benchmark_RunsGeneratedAppAndPerProjectTree()
    {
        var root = RepositoryRoot();
        var dll = BuildBenchmark(root);
        var work = Path.Combine(Path.GetTempPath(), "sb-bench-smoke-" + Guid.NewGuid().ToString("N"));
        try
        {
            var tree = Path.Combine(work, "tree");
            WriteTree(tree);
            var output = Path.Combine(work, "out");
            var (exit, log) = Run(
                dll,
                "--sizes", "2k", "--plain-sizes", "none", "--reps", "2", "--no-warmup", "--sets", "floor,securebackend", "--profile",
                "--src", tree, "--per-project", "--whole-tree",
                "--diagnostics", Path.Combine(output, "findings.txt"), "--triage", Path.Combine(output, "triage.md"),
                "--json", Path.Combine(output, "results.json"), "--markdown", Path.Combine(output, "results.md"));
            Assert.True(exit == 0, "benchmark exit code " + exit + "\n" + log);

            // Every finding as `SBxxxx file:line: message`, file relative to the folder: once per corpus (whole tree,
            // per project); the per-project run leaves the test project out.
            var findings = File.ReadAllLines(Path.Combine(output, "findings.txt"));
            var sql = RuleIds.SqlFromStrings + " Data/Data/Queries.cs:9: ";
            Assert.Equal(2, findings.Count(l => l.StartsWith(sql, StringComparison.Ordinal)));
            var perProject = findings.SkipWhile(l => !l.StartsWith("# projects:", StringComparison.Ordinal)).ToList();
            Assert.Contains(perProject, l => l.StartsWith(sql, StringComparison.Ordinal));
            Assert.DoesNotContain(perProject, l => l.Contains("Web.Tests/", StringComparison.Ordinal));

            var triage = File.ReadAllText(Path.Combine(output, "triage.md"));
            Assert.Contains("## " + RuleIds.SqlFromStrings, triage, StringComparison.Ordinal);
            Assert.Contains(">     9 ", triage, StringComparison.Ordinal);

            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json")));
            var workloads = json.RootElement.GetProperty("workloads").EnumerateArray().ToList();
            Assert.Equal(new[] { "web", "src", "projects" }, workloads.Select(w => w.GetProperty("kind").GetString()));
            var projects = workloads[2].GetProperty("projects").EnumerateArray().ToList();
            Assert.Equal(new[] { "Data", "Web" }, projects.Select(p => p.GetProperty("Name").GetString()));
            Assert.All(projects, p => Assert.True(p.GetProperty("Errors").GetInt32() == 0, "compiler errors in " + p.GetProperty("Name") + "\n" + p.GetProperty("ErrorSamples")));

            // The generated app: every seeded vulnerability found, every set measured twice (cold and warm).
            var ours = workloads[0].GetProperty("sets").EnumerateArray().Single(s => s.GetProperty("key").GetString() == "securebackend");
            Assert.Equal(2, ours.GetProperty("wallMs").GetProperty("samples").GetArrayLength());
            Assert.Equal(
                workloads[0].GetProperty("seeded").EnumerateObject().Sum(p => p.Value.GetInt32()),
                ours.GetProperty("seededFound").EnumerateObject().Sum(p => p.Value.GetInt32()));
            Assert.Equal(0, ours.GetProperty("exceptions").GetInt32());
            var markdown = File.ReadAllText(Path.Combine(output, "results.md"));
            Assert.Contains("Cold wall ms", markdown, StringComparison.Ordinal);

            // --profile: the same analyzers with every callback measured, per analyzer and action, cold and warm.
            var profiled = workloads[0].GetProperty("sets").EnumerateArray().Single(s => s.GetProperty("key").GetString() == "sb-profile");
            var profiles = profiled.GetProperty("profile").EnumerateArray().ToList();
            Assert.Equal(2, profiles.Count);
            Assert.Contains(profiles[1].EnumerateObject(), a => a.Value.EnumerateObject().Any(action => action.Value.GetProperty("Calls").GetInt64() > 0));
            Assert.Contains("Profiled callbacks", markdown, StringComparison.Ordinal);
            Assert.Contains("Set ÷ compiler, same repetition", markdown, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    /// <summary>Two projects (Web references Data), ImplicitUsings from Directory.Build.props, and a test project.</summary>
    private static void WriteTree(string tree)
    {
        void Write(string path, string text)
        {
            var full = Path.Combine(tree, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }

        Write("Directory.Build.props", "<Project><PropertyGroup><ImplicitUsings>enable</ImplicitUsings></PropertyGroup></Project>\n");
        Write("Data/Data.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"></Project>\n");
        Write("Data/Data/Queries.cs", """
            using Microsoft.Data.SqlClient;

            namespace Shop.Data;

            public sealed class Queries(SqlConnection connection)
            {
                public int CountInCategory(string category)
                {
                    using var command = new SqlCommand("SELECT COUNT(*) FROM Products WHERE Category = '" + category + "'", connection);
                    return (int)command.ExecuteScalar();
                }
            }

            """);
        Write("Web/Web.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\"><ItemGroup><ProjectReference Include=\"..\\Data\\Data.csproj\" /></ItemGroup></Project>\n");
        Write("Web/Program.cs", """
            using Shop.Data;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            var names = new List<string> { "a" };
            app.MapGet("/count", (Queries queries) => queries.CountInCategory(names.First()));
            app.Run();

            """);
        Write("Web.Tests/Web.Tests.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup><PackageReference Include=\"xunit\" Version=\"2.9.3\" /></ItemGroup></Project>\n");
        Write("Web.Tests/QueryTests.cs", """
            using Microsoft.Data.SqlClient;

            namespace Shop.Tests;

            public static class QueryTests
            {
                public static object Run(SqlConnection connection, string name) => new SqlCommand("SELECT 1 WHERE '" + name + "' = ''", connection).ExecuteScalar();
            }

            """);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SecureBackend.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The benchmark in this test run's configuration, built when missing or older than its sources.</summary>
    private static string BuildBenchmark(string root)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var project = Path.Combine(root, "bench", "SecureBackend.Benchmarks");
        var dll = Path.Combine(project, "bin", configuration, "net10.0", "SecureBackend.Benchmarks.dll");
        var newestSource = Directory.EnumerateFiles(project, "*.*", SearchOption.AllDirectories)
            .Where(p => (p.EndsWith(".cs", StringComparison.Ordinal) || p.EndsWith(".csproj", StringComparison.Ordinal))
                && !p.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !p.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Max(File.GetLastWriteTimeUtc);
        if (!File.Exists(dll) || File.GetLastWriteTimeUtc(dll) < newestSource)
        {
            var (exit, log) = Run(null, "build", project, "-c", configuration, "-v", "q", "-nologo");
            Assert.True(exit == 0, "building the benchmark failed\n" + log);
        }

        return dll;
    }

    private static (int Exit, string Log) Run(string? dll, params string[] arguments)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (dll is not null)
        {
            start.ArgumentList.Add(dll);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out\n" + stdout);
        }

        return (process.ExitCode, stdout + stderr.Result);
    }
}
