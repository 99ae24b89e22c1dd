using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace SecureBackend.Tests.Infrastructure;

/// <summary>The .NET Framework 4.8 references come from the restored reference-assembly package and compile classic code.</summary>
public sealed class NetFramework48ReferenceTests
{
    [Fact]
    public void NetFramework48_ComesFromTheRecordedPackageFolder()
    {
        var paths = TestReferences.NetFramework48.OfType<PortableExecutableReference>().Select(r => r.FilePath!).ToList();
        Assert.Contains(paths, p => Path.GetFileName(p) == "mscorlib.dll");
        Assert.Contains(paths, p => Path.GetFileName(p) == "System.Web.dll");
        Assert.All(paths, p => Assert.Contains("microsoft.netframework.referenceassemblies.net48", p, System.StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public Task ClassicCode_Compiles() => AnalyzerVerifier<EmptyDiagnosticAnalyzer>.NetFramework48Async(
        /* lang=c#-test */ """
        using System.Configuration;
        using System.Linq;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using System.Web;

        public class Handler : IHttpHandler
        {
            public bool IsReusable => true;

            public void ProcessRequest(HttpContext context)
            {
                var cookie = new HttpCookie("theme", context.Request.QueryString["t"]) { Secure = true, SameSite = SameSiteMode.Lax };
                context.Response.Cookies.Add(cookie);
                var setting = ConfigurationManager.AppSettings["key"];
                using (var sha = new SHA256Cng()) { sha.ComputeHash(new byte[] { 1 }); }
                var total = Enumerable.Range(0, 3).Sum();
                Task.Run(() => total).Wait();
            }
        }
        """);
}
