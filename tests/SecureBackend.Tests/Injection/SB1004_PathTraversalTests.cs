using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.CodeFixes.Injection;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Injection.PathTraversalAnalyzer,
    SecureBackend.CodeFixes.Injection.PathTraversalFixer>;

namespace SecureBackend.Tests.Injection;

/// <summary>SB1004: file-system paths that carry request input, uploaded file names or zip entry names.</summary>
public sealed class SB1004_PathTraversalTests
{
    [Fact]
    public Task Flags_UploadedFileNameCombinedIntoFileStream() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public class UploadController : Controller
        {
            private readonly string _uploads = "/var/app/uploads";

            [HttpPost]
            public async Task<IActionResult> Upload(IFormFile file)
            {
                var path = Path.Combine(_uploads, {|#1:file.FileName|});
                using var stream = new FileStream({|#0:path|}, FileMode.Create);
                await file.CopyToAsync(stream);
                return Ok();
            }
        }
        """,
        /* lang=c#-test */ """
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public class UploadController : Controller
        {
            private readonly string _uploads = "/var/app/uploads";

            [HttpPost]
            public async Task<IActionResult> Upload(IFormFile file)
            {
                var path = Path.Combine(_uploads, Path.GetFileName(file.FileName));
                using var stream = new FileStream(path, FileMode.Create);
                await file.CopyToAsync(stream);
                return Ok();
            }
        }
        """,
        PathTraversalFixer.GetFileNameKey,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("FileStream", "file.FileName"));

    [Fact]
    public Task Flags_ActionParameterInPhysicalFileAndReadAllBytes_FixAll() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.IO;
        using Microsoft.AspNetCore.Mvc;

        [ApiController, Route("docs")]
        public class DocumentsController : ControllerBase
        {
            private const string Root = "/srv/documents";

            [HttpGet("{name}")]
            public IActionResult Get(string name) => PhysicalFile([|Path.Combine(Root, name)|], "application/pdf");

            [HttpGet("raw/{name}")]
            public IActionResult Raw(string name) => Ok(System.IO.File.ReadAllBytes([|Path.Join(Root, "raw", name)|]));
        }
        """,
        /* lang=c#-test */ """
        using System.IO;
        using Microsoft.AspNetCore.Mvc;

        [ApiController, Route("docs")]
        public class DocumentsController : ControllerBase
        {
            private const string Root = "/srv/documents";

            [HttpGet("{name}")]
            public IActionResult Get(string name) => PhysicalFile(Path.Combine(Root, Path.GetFileName(name)), "application/pdf");

            [HttpGet("raw/{name}")]
            public IActionResult Raw(string name) => Ok(System.IO.File.ReadAllBytes(Path.Join(Root, "raw", Path.GetFileName(name))));
        }
        """);

    [Fact]
    public Task Flags_BoundModelPropertyInDirectoryCreate() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.IO;
        using Microsoft.AspNetCore.Mvc;

        public class FolderRequest { public string Name { get; set; } = ""; }

        [ApiController, Route("folders")]
        public class FoldersController : ControllerBase
        {
            private readonly string _root = "/data";

            [HttpPost]
            public IActionResult Create(FolderRequest request)
            {
                Directory.CreateDirectory([|Path.Combine(_root, request.Name)|]);
                return Ok();
            }
        }
        """,
        /* lang=c#-test */ """
        using System.IO;
        using Microsoft.AspNetCore.Mvc;

        public class FolderRequest { public string Name { get; set; } = ""; }

        [ApiController, Route("folders")]
        public class FoldersController : ControllerBase
        {
            private readonly string _root = "/data";

            [HttpPost]
            public IActionResult Create(FolderRequest request)
            {
                Directory.CreateDirectory(Path.Combine(_root, Path.GetFileName(request.Name)));
                return Ok();
            }
        }
        """);

    [Fact]
    public Task Flags_ZipSlip_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System.IO;
        using System.IO.Compression;

        class Importer
        {
            void Extract(ZipArchive archive, string destination)
            {
                foreach (var entry in archive.Entries)
                {
                    var target = Path.Combine(destination, entry.FullName);
                    Directory.CreateDirectory([|Path.GetDirectoryName(target)|]);
                    entry.ExtractToFile({|#0:target|}, overwrite: true);
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("ZipFileExtensions.ExtractToFile", "entry.FullName"));

    [Fact]
    public Task Flags_QueryValueConcatenatedIntoDelete_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        public class CleanupController : Controller
        {
            public IActionResult Delete()
            {
                System.IO.File.Delete([|"/tmp/exports/" + Request.Query["file"]|]);
                return Ok();
            }
        }
        """);

    [Fact]
    public Task Flags_InterpolatedPathAndWholeParameter_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System.IO;
        using Microsoft.AspNetCore.Mvc;

        public class ReportsController : Controller
        {
            public string Read(string name) => System.IO.File.ReadAllText([|$"/srv/reports/{name}.txt"|]);

            public string Open(string path)
            {
                using var reader = new StreamReader([|path|]);
                return reader.ReadToEnd();
            }
        }
        """);

    [Fact]
    public Task Flags_MinimalApiEndpointFileResult() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.IO;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        static class Endpoints
        {
            public static void Map(WebApplication app, string root)
                => app.MapGet("/files/{name}", (string name) => Results.File([|Path.Combine(root, name)|]));
        }
        """,
        /* lang=c#-test */ """
        using System.IO;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        static class Endpoints
        {
            public static void Map(WebApplication app, string root)
                => app.MapGet("/files/{name}", (string name) => Results.File(Path.Combine(root, Path.GetFileName(name))));
        }
        """);

    [Fact]
    public Task Flags_NaiveDotDotReplaceAndUnnormalizedStartsWith() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.IO;
        using Microsoft.AspNetCore.Mvc;

        public class ImagesController : Controller
        {
            private readonly string _root = "/srv/images";

            public IActionResult Show(string name)
            {
                var clean = name.Replace("..", "");
                var path = Path.Combine(_root, clean);
                if (!path.StartsWith(_root))
                {
                    return BadRequest();
                }

                return PhysicalFile([|path|], "image/png");
            }
        }
        """,
        /* lang=c#-test */ """
        using System.IO;
        using Microsoft.AspNetCore.Mvc;

        public class ImagesController : Controller
        {
            private readonly string _root = "/srv/images";

            public IActionResult Show(string name)
            {
                var clean = name.Replace("..", "");
                var path = Path.Combine(_root, Path.GetFileName(clean));
                if (!path.StartsWith(_root))
                {
                    return BadRequest();
                }

                return PhysicalFile(path, "image/png");
            }
        }
        """);

    [Fact]
    public Task Flags_MinimalApiBoundModelButNotInjectedService() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.IO;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public class Storage { public string Root { get; set; } = "/data"; public string Name { get; set; } = "a"; }
        public class SaveRequest { public string Name { get; set; } = ""; public string Text { get; set; } = ""; }

        static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/save", ([FromBody] SaveRequest request, Storage storage) =>
                {
                    System.IO.File.WriteAllText(Path.Combine(storage.Root, storage.Name), "");
                    System.IO.File.WriteAllText([|Path.Combine(storage.Root, request.Name)|], request.Text);
                    return Results.Ok();
                });
            }
        }
        """,
        /* lang=c#-test */ """
        using System.IO;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public class Storage { public string Root { get; set; } = "/data"; public string Name { get; set; } = "a"; }
        public class SaveRequest { public string Name { get; set; } = ""; public string Text { get; set; } = ""; }

        static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/save", ([FromBody] SaveRequest request, Storage storage) =>
                {
                    System.IO.File.WriteAllText(Path.Combine(storage.Root, storage.Name), "");
                    System.IO.File.WriteAllText(Path.Combine(storage.Root, Path.GetFileName(request.Name)), request.Text);
                    return Results.Ok();
                });
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_GetFileNameAndGeneratedNames() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using System.IO;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public class UploadController : Controller
        {
            private readonly string _uploads = "/var/app/uploads";

            public IActionResult Upload(IFormFile file, string name)
            {
                using var first = new FileStream(Path.Combine(_uploads, Path.GetFileName(file.FileName)), FileMode.Create);
                using var second = System.IO.File.Create(Path.Combine(_uploads, Guid.NewGuid() + Path.GetExtension(file.FileName)));
                System.IO.File.WriteAllText(Path.Combine(_uploads, Path.GetRandomFileName()), name);
                var safe = Path.GetFileNameWithoutExtension(name);
                System.IO.File.Delete(Path.Combine(_uploads, safe + ".tmp"));
                return Ok();
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_FullPathCheckedAgainstBaseDirectory() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using System.IO;
        using Microsoft.AspNetCore.Mvc;

        public class FilesController : Controller
        {
            private readonly string _root = "/srv/files/";

            public IActionResult Download(string name)
            {
                var fullPath = Path.GetFullPath(Path.Combine(_root, name));
                if (!fullPath.StartsWith(_root, StringComparison.Ordinal))
                {
                    return BadRequest();
                }

                return PhysicalFile(fullPath, "application/octet-stream");
            }

            public IActionResult Preview(string name)
            {
                var candidate = Path.Combine(_root, name);
                if (!Path.GetFullPath(candidate).StartsWith(_root, StringComparison.Ordinal))
                {
                    return BadRequest();
                }

                return Ok(System.IO.File.ReadAllText(candidate));
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_PathsFromConfigurationConstantsAndNumbers() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using System.IO;
        using Microsoft.AspNetCore.Mvc;

        public class StorageOptions { public string Root { get; set; } = ""; }

        public class ExportController : Controller
        {
            private readonly StorageOptions _options = new();

            public IActionResult Export(int id, Guid batch, DateTime day)
            {
                var folder = Path.Combine(_options.Root, "exports", day.ToString("yyyyMMdd"));
                Directory.CreateDirectory(folder);
                System.IO.File.WriteAllText(Path.Combine(folder, id + ".json"), "{}");
                System.IO.File.WriteAllText(Path.Combine(folder, $"{batch}.csv"), "");
                return PhysicalFile(Path.Combine(AppContext.BaseDirectory, "static", "export.zip"), "application/zip");
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_HelperMethodParametersAndNonActionMembers() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.IO;
        using Microsoft.AspNetCore.Mvc;

        public class FileStore
        {
            public string Read(string relativePath) => File.ReadAllText(Path.Combine("/data", relativePath));
        }

        public class HomeController : Controller
        {
            [NonAction]
            public string Load(string name) => System.IO.File.ReadAllText(Path.Combine("/data", name));

            private string Cache(string key) => System.IO.File.ReadAllText("/cache/" + key);
        }
        """);

    [Fact]
    public Task DoesNotFlag_ZipExtractToDirectoryAndEntryFileName() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.IO;
        using System.IO.Compression;

        class Importer
        {
            void Extract(string archivePath, string destination)
            {
                ZipFile.ExtractToDirectory(archivePath, destination);
                using var archive = ZipFile.OpenRead(archivePath);
                foreach (var entry in archive.Entries)
                {
                    entry.ExtractToFile(Path.Combine(destination, Path.GetFileName(entry.FullName)));
                }
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_HalfTypedCode()
    {
        var source = /* lang=c#-test */ """
            using System.IO;

            class Store
            {
                void Save(string name)
                {
                    File.WriteAllText(Path.Combine(missing, ), );
                    new FileStream(;
                }
            }
            """;
        return new Verify.Test { TestCode = source, FixedCode = source, CompilerDiagnostics = CompilerDiagnostics.None }.RunAsync();
    }
}
