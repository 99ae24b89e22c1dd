using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.CodeFixes.Injection;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Injection.CommandInjectionAnalyzer,
    SecureBackend.CodeFixes.Injection.CommandInjectionFixer>;

namespace SecureBackend.Tests.Injection;

/// <summary>SB1002: program names and argument strings built from non-constant strings or taken from the request.</summary>
public sealed class SB1002_CommandInjectionTests
{
    [Fact]
    public Task Flags_InterpolatedArgumentsOfProcessStart() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Diagnostics;

        class Git
        {
            void Clone(string url, string directory) => Process.Start("git", {|#0:$"clone {url} {directory}"|});
        }
        """,
        /* lang=c#-test */ """
        using System.Diagnostics;

        class Git
        {
            void Clone(string url, string directory) => Process.Start(new ProcessStartInfo("git") { ArgumentList = { "clone", url, directory } });
        }
        """,
        CommandInjectionFixer.ArgumentListKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("Process.Start", "url"));

    [Fact]
    public Task Flags_QuotedConcatenationInConstructor_QuotesDropped() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Diagnostics;

        class Converter
        {
            Process? Convert(string input, string output)
                => Process.Start(new ProcessStartInfo("ffmpeg", [|"-i \"" + input + "\" -y " + output|]) { UseShellExecute = false });
        }
        """,
        /* lang=c#-test */ """
        using System.Diagnostics;

        class Converter
        {
            Process? Convert(string input, string output)
                => Process.Start(new ProcessStartInfo("ffmpeg") { ArgumentList = { "-i", input, "-y", output }, UseShellExecute = false });
        }
        """);

    [Fact]
    public Task Flags_ArgumentsInObjectInitializer() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Diagnostics;

        class Archive
        {
            void Extract(string archive)
            {
                var info = new ProcessStartInfo
                {
                    FileName = "tar",
                    Arguments = [|"-xf " + archive|],
                    RedirectStandardOutput = true,
                };
                Process.Start(info);
            }
        }
        """,
        /* lang=c#-test */ """
        using System.Diagnostics;

        class Archive
        {
            void Extract(string archive)
            {
                var info = new ProcessStartInfo
                {
                    FileName = "tar",
                    ArgumentList = { "-xf", archive },
                    RedirectStandardOutput = true,
                };
                Process.Start(info);
            }
        }
        """);

    [Fact]
    public Task Flags_ArgumentsPropertyAssignment_NumericHoleKept() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Diagnostics;

        class Pinger
        {
            void Ping(string host, int count)
            {
                var info = new ProcessStartInfo("ping");
                info.Arguments = [|"-c " + count + " " + host|];
                Process.Start(info);
            }
        }
        """,
        /* lang=c#-test */ """
        using System.Diagnostics;

        class Pinger
        {
            void Ping(string host, int count)
            {
                var info = new ProcessStartInfo("ping");
                info.ArgumentList.Add("-c");
                info.ArgumentList.Add(count.ToString());
                info.ArgumentList.Add(host);
                Process.Start(info);
            }
        }
        """);

    [Fact]
    public Task Flags_TwoCallsInOneDocument_FixAll()
    {
        var test = new Verify.Test
        {
            TestCode = /* lang=c#-test */ """
                using System.Diagnostics;

                class Tools
                {
                    void Run(string a, string b)
                    {
                        Process.Start("convert", [|a + " " + b|]);
                        Process.Start("cp", [|$"{a} {b}"|]);
                        Process.Start("zip", [|$"-r {b}.zip {a}"|]);
                    }
                }
                """,
            FixedCode = /* lang=c#-test */ """
                using System.Diagnostics;

                class Tools
                {
                    void Run(string a, string b)
                    {
                        Process.Start(new ProcessStartInfo("convert") { ArgumentList = { a, b } });
                        Process.Start(new ProcessStartInfo("cp") { ArgumentList = { a, b } });
                        Process.Start("zip", $"-r {b}.zip {a}");
                    }
                }
                """,
        };

        // The last string glues a value to ".zip": no fix, so it stays flagged.
        test.FixedState.ExpectedDiagnostics.Add(Verify.Diagnostic().WithSpan(9, 30, 9, 47).WithArguments("Process.Start", "b"));
        return test.RunAsync();
    }

    [Fact]
    public Task Flags_RequestBoundProgramName_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System.Diagnostics;
        using Microsoft.AspNetCore.Mvc;

        [ApiController, Route("tools")]
        public class ToolsController : ControllerBase
        {
            [HttpPost]
            public IActionResult Run(string program)
            {
                Process.Start({|#0:program|});
                return Ok();
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("Process.Start", "program"));

    [Fact]
    public Task Flags_RequestQueryAsWholeArguments_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System.Diagnostics;
        using Microsoft.AspNetCore.Mvc;

        public class ReportController : Controller
        {
            public IActionResult Export()
            {
                var info = new ProcessStartInfo("report-tool") { Arguments = [|Request.Query["args"]|] };
                Process.Start(info);
                return Ok();
            }
        }
        """);

    [Fact]
    public Task Flags_StringBuilderAndFormat_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System.Diagnostics;
        using System.Text;

        class Backup
        {
            void Run(string database, string user)
            {
                var builder = new StringBuilder("--db ");
                builder.Append(database);
                Process.Start("pg_dump", [|builder.ToString()|]);
                Process.Start("pg_dump", [|string.Format("--username {0}", user)|]);
            }
        }
        """);

    [Fact]
    public Task Flags_AppendedArgumentsAndBuiltFileName_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System.Diagnostics;

        class Runner
        {
            void Run(string toolDirectory, string extra)
            {
                var info = new ProcessStartInfo { FileName = [|toolDirectory + "/tool"|], Arguments = "--quiet" };
                info.Arguments += [|" " + extra|];
                Process.Start(info);
            }
        }
        """);

    [Fact]
    public Task Flags_ValueGluedToOption_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System.Diagnostics;

        class Renderer
        {
            void Render(string output) => Process.Start("wkhtmltopdf", [|$"--output={output}"|]);
        }
        """);

    [Fact]
    public Task DoesNotFlag_ConstantsAndConstantConcatenation() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Diagnostics;

        class Tools
        {
            private const string Program = "dotnet";
            private const string Flags = "--nologo";

            void Run()
            {
                Process.Start(Program, "build " + Flags);
                Process.Start(new ProcessStartInfo(Program, $"test {Flags}"));
                var info = new ProcessStartInfo { FileName = "git", Arguments = "status --short" };
                info.Arguments = Flags + " -v";
                Process.Start(info);
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_NumericEnumAndGuidHoles() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using System.Diagnostics;

        enum Level { Low, High }

        class Tools
        {
            void Run(int port, Level level, Guid id, long size)
            {
                Process.Start("server", $"--port {port} --level {level} --id {id}");
                Process.Start("truncate", "-s " + size + " data.bin");
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_TemporaryAndRandomNamesTheSystemMakes() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using System.Diagnostics;
        using System.IO;

        class Diagnoser
        {
            void Dump(string tool)
            {
                var tempPath = Path.Combine(Path.GetTempPath(), Path.GetTempFileName());
                using var process = new Process();
                process.StartInfo.Arguments = $"collect -p {Environment.ProcessId} -o {tempPath}";
                process.StartInfo.FileName = tool;
                process.Start();
                Process.Start("gzip", "-k " + Path.Combine(Path.GetTempPath(), Path.GetRandomFileName()));
            }
        }
        """);

    [Fact]
    public Task Flags_TemporaryDirectoryJoinedWithAParameter() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System.Diagnostics;
        using System.IO;

        class Archiver
        {
            void Pack(string name)
            {
                var target = Path.Combine(Path.GetTempPath(), name);
                Process.Start("tar", [|$"-czf {target}.tgz data"|]);
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_ArgumentListAndNonRequestValuesPassedWhole() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Diagnostics;

        class Tools
        {
            private readonly string _program;

            Tools(string program) => _program = program;

            void Run(string file, string arguments)
            {
                var info = new ProcessStartInfo(_program);
                info.ArgumentList.Add("--input");
                info.ArgumentList.Add(file);
                Process.Start(info);
                Process.Start(_program, arguments);
                Process.Start(_program, new[] { "--input", file });
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_HalfTypedCode()
    {
        var source = /* lang=c#-test */ """
            using System.Diagnostics;

            class Tools
            {
                void Run(string a)
                {
                    Process.Start(missing + a, );
                    var info = new ProcessStartInfo { Arguments = };
                }
            }
            """;
        return new Verify.Test { TestCode = source, FixedCode = source, CompilerDiagnostics = CompilerDiagnostics.None }.RunAsync();
    }
}
