using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.CodeFixes.Forgery;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Forgery.OpenRedirectAnalyzer,
    SecureBackend.CodeFixes.Forgery.OpenRedirectFixer>;

namespace SecureBackend.Tests.Forgery;

public sealed class SB3005_OpenRedirectTests
{
    [Fact]
    public Task Flags_ControllerRedirectsToActionParameters_FixUsesLocalRedirect() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        public class LoginModel { public string? ReturnUrl { get; set; } }

        public class AccountController : Controller
        {
            [HttpPost, ValidateAntiForgeryToken]
            public IActionResult Login(LoginModel model, string? returnUrl)
            {
                if (string.IsNullOrEmpty(returnUrl))
                {
                    return RedirectToAction("Index", "Home");
                }

                if (model.ReturnUrl is not null)
                {
                    return {|#0:RedirectPermanent(model.ReturnUrl)|};
                }

                return {|#1:Redirect(returnUrl)|};
            }

            public IActionResult Next(string next) => {|#2:this.RedirectPreserveMethod(url: next)|};
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        public class LoginModel { public string? ReturnUrl { get; set; } }

        public class AccountController : Controller
        {
            [HttpPost, ValidateAntiForgeryToken]
            public IActionResult Login(LoginModel model, string? returnUrl)
            {
                if (string.IsNullOrEmpty(returnUrl))
                {
                    return RedirectToAction("Index", "Home");
                }

                if (model.ReturnUrl is not null)
                {
                    return LocalRedirectPermanent(model.ReturnUrl);
                }

                return LocalRedirect(returnUrl);
            }

            public IActionResult Next(string next) => this.LocalRedirectPreserveMethod(localUrl: next);
        }
        """,
        OpenRedirectFixer.LocalRedirectKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("RedirectPermanent", "model.ReturnUrl"),
        Verify.Diagnostic().WithLocation(1).WithArguments("Redirect", "returnUrl"),
        Verify.Diagnostic().WithLocation(2).WithArguments("RedirectPreserveMethod", "next"));

    [Fact]
    public Task Flags_RazorPageHandlerAndBoundProperty() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.RazorPages;

        public class LogoutModel : PageModel
        {
            [BindProperty(SupportsGet = true)]
            public string? ReturnUrl { get; set; }

            public IActionResult OnGet() => {|#0:Redirect(ReturnUrl!)|};

            public IActionResult OnPost(string target) => {|#1:RedirectPermanentPreserveMethod(target)|};
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.RazorPages;

        public class LogoutModel : PageModel
        {
            [BindProperty(SupportsGet = true)]
            public string? ReturnUrl { get; set; }

            public IActionResult OnGet() => LocalRedirect(ReturnUrl!);

            public IActionResult OnPost(string target) => LocalRedirectPermanentPreserveMethod(target);
        }
        """,
        OpenRedirectFixer.LocalRedirectKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("Redirect", "ReturnUrl"),
        Verify.Diagnostic().WithLocation(1).WithArguments("RedirectPermanentPreserveMethod", "target"));

    [Fact]
    public Task Flags_MinimalApiResultsAndQueryValues() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Links
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/go", (string to) => {|#0:Results.Redirect(to)|});
                app.MapGet("/out", (HttpContext context) =>
                {
                    var next = context.Request.Query["next"].ToString();
                    return {|#1:TypedResults.Redirect($"{next}?ref=shop", permanent: true)|};
                });
                app.MapPost("/form", (HttpRequest request) => {|#2:Results.Redirect(url: request.Form["back"]!)|});
            }
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Links
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/go", (string to) => Results.LocalRedirect(to));
                app.MapGet("/out", (HttpContext context) =>
                {
                    var next = context.Request.Query["next"].ToString();
                    return TypedResults.LocalRedirect($"{next}?ref=shop", permanent: true);
                });
                app.MapPost("/form", (HttpRequest request) => Results.LocalRedirect(localUrl: request.Form["back"]!));
            }
        }
        """,
        OpenRedirectFixer.LocalRedirectKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("Redirect", "to"),
        Verify.Diagnostic().WithLocation(1).WithArguments("Redirect", "$\"{next}?ref=shop\""),
        Verify.Diagnostic().WithLocation(2).WithArguments("Redirect", "request.Form[\"back\"]"));

    [Fact]
    public Task Flags_ConcatenationsThatLeaveTheHostOpen_AndRedirectResult() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        public class JumpController : Controller
        {
            public IActionResult A(string path) => {|#0:Redirect("/" + path)|};

            public IActionResult B(string site) => {|#1:Redirect(string.Concat("https://", site, "/home"))|};

            public IActionResult C(string target) => {|#2:Redirect(string.Format("{0}/welcome", target))|};

            public IActionResult D(string back)
            {
                var url = back;
                url += "#top";
                return {|#3:new RedirectResult(url, permanent: false)|};
            }
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        public class JumpController : Controller
        {
            public IActionResult A(string path) => LocalRedirect("/" + path);

            public IActionResult B(string site) => LocalRedirect(string.Concat("https://", site, "/home"));

            public IActionResult C(string target) => LocalRedirect(string.Format("{0}/welcome", target));

            public IActionResult D(string back)
            {
                var url = back;
                url += "#top";
                return new LocalRedirectResult(url, permanent: false);
            }
        }
        """,
        OpenRedirectFixer.LocalRedirectKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("Redirect", "\"/\" + path"),
        Verify.Diagnostic().WithLocation(1).WithArguments("Redirect", "string.Concat(\"https://\", site, \"/home\")"),
        Verify.Diagnostic().WithLocation(2).WithArguments("Redirect", "string.Format(\"{0}/welcome\", target)"),
        Verify.Diagnostic().WithLocation(3).WithArguments("new RedirectResult", "url"));

    [Fact]
    public Task Flags_HttpResponseRedirect_NoFixOffered() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Legacy
        {
            public static void Map(WebApplication app)
                => app.MapGet("/legacy", (HttpContext context) => {|#0:context.Response.Redirect(context.Request.Query["u"]!)|});
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("Redirect", "context.Request.Query[\"u\"]"));

    [Fact]
    public async Task Flags_TwoDocuments_FixAllRewritesBoth()
    {
        var test = new Verify.Test { CodeActionEquivalenceKey = OpenRedirectFixer.LocalRedirectKey };
        test.TestState.Sources.Add(("/A.cs", """
            using Microsoft.AspNetCore.Mvc;
            public class AController : Controller { public IActionResult Go(string u) => {|#0:Redirect(u)|}; }
            """));
        test.TestState.Sources.Add(("/B.cs", """
            using Microsoft.AspNetCore.Mvc;
            public class BController : Controller { public IActionResult Go(string u) => {|#1:RedirectPermanent(u)|}; }
            """));
        test.FixedState.Sources.Add(("/A.cs", """
            using Microsoft.AspNetCore.Mvc;
            public class AController : Controller { public IActionResult Go(string u) => LocalRedirect(u); }
            """));
        test.FixedState.Sources.Add(("/B.cs", """
            using Microsoft.AspNetCore.Mvc;
            public class BController : Controller { public IActionResult Go(string u) => LocalRedirectPermanent(u); }
            """));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments("Redirect", "u"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(1).WithArguments("RedirectPermanent", "u"));
        await test.RunAsync();
    }

    [Fact]
    public Task DoesNotFlag_ConstantsAndHostFixingPrefixes() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        public class ShopController : Controller
        {
            private const string Home = "/";

            public IActionResult A() => Redirect(Home);

            public IActionResult B(int id) => Redirect("/products/" + id);

            public IActionResult C(string slug) => Redirect($"/orders/{slug}");

            public IActionResult D(string path) => Redirect("https://shop.example/" + path);

            public IActionResult E(string page) => Redirect("?page=" + page);

            public IActionResult F(string name) => Redirect("~/catalog/" + name);

            public IActionResult G(string section) => Redirect(string.Format("/help/{0}", section));

            public IActionResult H(string returnUrl) => LocalRedirect(returnUrl);

            public IActionResult I(string returnUrl) => RedirectToAction("Index", new { returnUrl });
        }
        """);

    [Fact]
    public Task DoesNotFlag_GuardedByIsLocalUrl() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using Microsoft.AspNetCore.Mvc;

        public class AccountController : Controller
        {
            public IActionResult A(string returnUrl)
            {
                if (!Url.IsLocalUrl(returnUrl))
                {
                    return RedirectToAction("Index");
                }

                return Redirect(returnUrl);
            }

            public IActionResult B(string returnUrl)
            {
                if (Url.IsLocalUrl(returnUrl) && returnUrl.Length < 200)
                {
                    return Redirect(returnUrl);
                }

                return View();
            }

            public IActionResult C(string returnUrl) => Redirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");

            public IActionResult D(string next)
            {
                var target = next;
                if (!Uri.IsWellFormedUriString(target, UriKind.Relative))
                {
                    target = "/";
                }

                return Redirect(target);
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_NonRequestValues() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Configuration;

        public class SsoController : Controller
        {
            private readonly IConfiguration _configuration;

            public SsoController(IConfiguration configuration) => _configuration = configuration;

            public IActionResult Login() => Redirect(_configuration["Sso:LoginUrl"]!);

            [NonAction]
            public IActionResult Go(string url) => Redirect(url);

            private IActionResult Helper(string url) => Redirect(url);
        }

        public static class Redirects
        {
            public static IResult To(string url) => Results.Redirect(url);

            public static void Map(WebApplication app, string docs)
                => app.MapGet("/docs", () => Results.Redirect(docs));
        }
        """);

    [Fact]
    public Task Flags_ActionsOfControllersTheFrameworkDiscovers() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        public abstract class PortalController : Controller
        {
            public IActionResult Leave(string next) => {|#0:Redirect(next)|};
        }

        [Controller]
        public class Hops
        {
            public IActionResult To(string url) => {|#1:new RedirectResult(url)|};
        }

        public class LegacyController
        {
            public IActionResult Back(string target) => {|#2:new RedirectResult(target)|};
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        public abstract class PortalController : Controller
        {
            public IActionResult Leave(string next) => LocalRedirect(next);
        }

        [Controller]
        public class Hops
        {
            public IActionResult To(string url) => new LocalRedirectResult(url);
        }

        public class LegacyController
        {
            public IActionResult Back(string target) => new LocalRedirectResult(target);
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("Redirect", "next"),
        Verify.Diagnostic().WithLocation(1).WithArguments("new RedirectResult", "url"),
        Verify.Diagnostic().WithLocation(2).WithArguments("new RedirectResult", "target"));

    [Fact]
    public Task DoesNotFlag_MethodsTheFrameworkDoesNotRoute() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        internal class HiddenController : Controller
        {
            public IActionResult Go(string url) => Redirect(url);
        }

        public class BaseController : Controller
        {
            [NonAction]
            public virtual IActionResult Jump(string url) => LocalRedirect(url);
        }

        public class DerivedController : BaseController
        {
            public override IActionResult Jump(string url) => Redirect(url);

            public IActionResult Back() => Redirect(Request.Cookies["back"]!);
        }

        [NonController]
        public class ToolsController : Controller
        {
            public IActionResult Go(string url) => Redirect(url);
        }
        """);

    [Fact]
    public Task DoesNotFlag_BrokenCode() => new Verify.Test
    {
        TestCode = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Mvc;

            public class BrokenController : Controller
            {
                public IActionResult A(string u) => Redirect(;
                public IActionResult B(string u) => Redirect(u +);
                public IActionResult C(string u) => Redirect(Unknown(u));
                public IActionResult D() => new RedirectResult(
            }
            """,
        FixedCode = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Mvc;

            public class BrokenController : Controller
            {
                public IActionResult A(string u) => Redirect(;
                public IActionResult B(string u) => Redirect(u +);
                public IActionResult C(string u) => Redirect(Unknown(u));
                public IActionResult D() => new RedirectResult(
            }
            """,
        CompilerDiagnostics = CompilerDiagnostics.None,
    }.RunAsync();
}
