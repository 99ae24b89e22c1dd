using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.Analyzers.Forgery;
using SecureBackend.CodeFixes.Forgery;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Forgery.InsecureCookieAnalyzer,
    SecureBackend.CodeFixes.Forgery.InsecureCookieFixer>;

namespace SecureBackend.Tests.Forgery;

public sealed class SB3003_InsecureCookieTests
{
    private const string Secure = "is false, so the cookie is also sent over cleartext HTTP";
    private const string HttpOnly = "is false for a session or authentication cookie, so injected script can read it";
    private const string SameSiteNone = "is None without SecurePolicy = Always, so browsers reject the cookie or send it cross-site over cleartext HTTP";
    private const string NeverSecure = "is never set to true (it defaults to false), so the cookie is also sent over cleartext HTTP";

    [Fact]
    public Task Flags_ExplicitUnsafeSettings_FixWritesSafeValues() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        public static class CookieSetup
        {
            public static void AddCookies(this IServiceCollection services)
            {
                services.AddSession(o =>
                {
                    {|#0:o.Cookie.HttpOnly = false|};
                    {|#1:o.Cookie.SecurePolicy = CookieSecurePolicy.None|};
                });
                services.ConfigureApplicationCookie(o => {|#2:o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest|});
            }

            public static CookieOptions Remember() => new CookieOptions { {|#3:Secure = false|}, HttpOnly = true };
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        public static class CookieSetup
        {
            public static void AddCookies(this IServiceCollection services)
            {
                services.AddSession(o =>
                {
                    o.Cookie.HttpOnly = true;
                    o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                });
                services.ConfigureApplicationCookie(o => o.Cookie.SecurePolicy = CookieSecurePolicy.Always);
            }

            public static CookieOptions Remember() => new CookieOptions { Secure = true, HttpOnly = true };
        }
        """,
        InsecureCookieFixer.SafeValueKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("CookieBuilder.HttpOnly", HttpOnly),
        Verify.Diagnostic().WithLocation(1).WithArguments("CookieBuilder.SecurePolicy", "is None, so the cookie is also sent over cleartext HTTP"),
        Verify.Diagnostic().WithLocation(2).WithArguments("CookieBuilder.SecurePolicy", "is SameAsRequest, so the cookie is issued without Secure on every HTTP request"),
        Verify.Diagnostic().WithLocation(3).WithArguments("CookieOptions.Secure", Secure));

    [Fact]
    public Task Flags_CookieOptionsWithoutSecure_FixAddsSecureToEachLayout() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public class PreferencesController : Controller
        {
            [HttpPost, ValidateAntiForgeryToken]
            public IActionResult Save(string theme, string culture)
            {
                Response.Cookies.Append("theme", theme, {|#0:new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax }|});
                var options = {|#1:new CookieOptions
                {
                    HttpOnly = true,
                    MaxAge = System.TimeSpan.FromDays(30)
                }|};
                Response.Cookies.Append("culture", culture, options);
                Response.Cookies.Append("seen", "1", {|#2:new CookieOptions()|});
                return Ok();
            }
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public class PreferencesController : Controller
        {
            [HttpPost, ValidateAntiForgeryToken]
            public IActionResult Save(string theme, string culture)
            {
                Response.Cookies.Append("theme", theme, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = true });
                var options = new CookieOptions
                {
                    HttpOnly = true,
                    MaxAge = System.TimeSpan.FromDays(30),
                    Secure = true
                };
                Response.Cookies.Append("culture", culture, options);
                Response.Cookies.Append("seen", "1", new CookieOptions() { Secure = true });
                return Ok();
            }
        }
        """,
        InsecureCookieFixer.SafeValueKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("CookieOptions.Secure", NeverSecure),
        Verify.Diagnostic().WithLocation(1).WithArguments("CookieOptions.Secure", NeverSecure),
        Verify.Diagnostic().WithLocation(2).WithArguments("CookieOptions.Secure", NeverSecure));

    [Fact]
    public Task Flags_SameSiteNoneWithoutSecure_FixAddsSecureOrSecurePolicy() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        public static class Setup
        {
            public static void Add(IServiceCollection services)
            {
                services.AddAntiforgery(o =>
                {
                    {|#0:o.Cookie.SameSite = SameSiteMode.None|};
                });
            }

            public static CookieOptions Embedded() => {|#1:new CookieOptions { SameSite = SameSiteMode.None }|};
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        public static class Setup
        {
            public static void Add(IServiceCollection services)
            {
                services.AddAntiforgery(o =>
                {
                    o.Cookie.SameSite = SameSiteMode.None;
                    o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                });
            }

            public static CookieOptions Embedded() => new CookieOptions { SameSite = SameSiteMode.None, Secure = true };
        }
        """,
        InsecureCookieFixer.SafeValueKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("CookieBuilder.SameSite", "is None without SecurePolicy = Always, so browsers reject the cookie or send it cross-site over cleartext HTTP"),
        Verify.Diagnostic().WithLocation(1).WithArguments("CookieOptions.Secure", "is never set to true while SameSite is None, so browsers reject the cookie or send it over cleartext HTTP"));

    [Fact]
    public Task Flags_SessionCookiesWithDefaultOrReadableOptions_FixAddsOptionsAndUsing() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        public class LoginController : Controller
        {
            [HttpPost, ValidateAntiForgeryToken]
            public IActionResult SignIn(string sessionId, string token)
            {
                {|#0:Response.Cookies.Append("session_id", sessionId)|};
                Response.Cookies.Append("auth-token", token, new Microsoft.AspNetCore.Http.CookieOptions { {|#1:HttpOnly = false|}, Secure = true });
                return RedirectToAction("Index");
            }
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public class LoginController : Controller
        {
            [HttpPost, ValidateAntiForgeryToken]
            public IActionResult SignIn(string sessionId, string token)
            {
                Response.Cookies.Append("session_id", sessionId, new CookieOptions { HttpOnly = true, Secure = true });
                Response.Cookies.Append("auth-token", token, new Microsoft.AspNetCore.Http.CookieOptions { HttpOnly = true, Secure = true });
                return RedirectToAction("Index");
            }
        }
        """,
        InsecureCookieFixer.SafeValueKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("Append(\"session_id\", …)", "uses default options, so the session or authentication cookie has neither Secure nor HttpOnly"),
        Verify.Diagnostic().WithLocation(1).WithArguments("CookieOptions.HttpOnly", HttpOnly));

    [Fact]
    public async Task Flags_TwoDocuments_FixAllSetsSecureInBoth()
    {
        var test = new Verify.Test { CodeActionEquivalenceKey = InsecureCookieFixer.SafeValueKey };
        test.TestState.Sources.Add(("/A.cs", """
            using Microsoft.AspNetCore.Http;
            static class A { public static CookieOptions Options() => {|#0:new CookieOptions { HttpOnly = true }|}; }
            """));
        test.TestState.Sources.Add(("/B.cs", """
            using Microsoft.AspNetCore.Http;
            static class B { public static void Set(HttpResponse response) => response.Cookies.Append("b", "1", {|#1:new CookieOptions { Path = "/b" }|}); }
            """));
        test.FixedState.Sources.Add(("/A.cs", """
            using Microsoft.AspNetCore.Http;
            static class A { public static CookieOptions Options() => new CookieOptions { HttpOnly = true, Secure = true }; }
            """));
        test.FixedState.Sources.Add(("/B.cs", """
            using Microsoft.AspNetCore.Http;
            static class B { public static void Set(HttpResponse response) => response.Cookies.Append("b", "1", new CookieOptions { Path = "/b", Secure = true }); }
            """));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments("CookieOptions.Secure", NeverSecure));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(1).WithArguments("CookieOptions.Secure", NeverSecure));
        await test.RunAsync();
    }

    [Fact]
    public Task DoesNotFlag_SecureOptionsAndDeliberateClientCookies() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Antiforgery;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        public static class Cookies
        {
            public static void Write(HttpContext context, IAntiforgery antiforgery, CookieOptions template)
            {
                context.Response.Cookies.Append("a", "1", new CookieOptions { Secure = true, HttpOnly = true });
                var later = new CookieOptions { HttpOnly = true };
                later.Secure = true;
                context.Response.Cookies.Append("b", "1", later);
                context.Response.Cookies.Append("c", "1", new CookieOptions { Secure = context.Request.IsHttps });
                context.Response.Cookies.Append("d", "1", new CookieOptions(template));
                context.Response.Cookies.Delete("old", new CookieOptions { Path = "/" });
                context.Response.Cookies.Append("theme", "dark");

                var tokens = antiforgery.GetAndStoreTokens(context);
                context.Response.Cookies.Append("XSRF-TOKEN", tokens.RequestToken!, new CookieOptions { HttpOnly = false, Secure = true });
            }

            public static void Configure(IServiceCollection services)
            {
                services.AddAntiforgery(o =>
                {
                    o.Cookie.HttpOnly = false;
                    o.Cookie.SameSite = SameSiteMode.None;
                    o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                });
                services.ConfigureApplicationCookie(o => o.Cookie.SecurePolicy = CookieSecurePolicy.Always);
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_DevelopmentOnlyCookieSettings() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        public static class Cookies
        {
            public static void Configure(IServiceCollection services, IWebHostEnvironment env)
            {
                if (env.IsDevelopment())
                {
                    services.AddSession(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
                    var local = new CookieOptions { HttpOnly = true };
                }
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_CookieOptionsWhenCookiePolicyForcesSecure() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        public static class Pipeline
        {
            public static void Services(IServiceCollection services)
                => services.Configure<CookiePolicyOptions>(o => o.Secure = CookieSecurePolicy.Always);

            public static void App(IApplicationBuilder app) => app.UseCookiePolicy();

            public static void Write(HttpResponse response)
            {
                response.Cookies.Append("theme", "dark", new CookieOptions { HttpOnly = true });
                response.Cookies.Append("session", "abc");
            }
        }
        """);

    [Fact]
    public async Task Flags_DefaultOptionsInTheOpenDocumentAlone_UnlessAnotherDocumentForcesSecureCookies()
    {
        const string Cookies = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Http;

            public static class Theme
            {
                public static void Write(HttpResponse response)
                    => response.Cookies.Append("theme", "dark", new CookieOptions { HttpOnly = true });
            }
            """;
        const string Program = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.UseCookiePolicy(new CookiePolicyOptions { Secure = CookieSecurePolicy.SameAsRequest });
            app.Run();
            """;

        var sameAsRequest = await DocumentScope.AnalyzeAsync(
            new InsecureCookieAnalyzer(), "/Theme.cs", OutputKind.ConsoleApplication,
            ("/Program.cs", Program), ("/Theme.cs", Cookies));
        var always = await DocumentScope.AnalyzeAsync(
            new InsecureCookieAnalyzer(), "/Theme.cs", OutputKind.ConsoleApplication,
            ("/Program.cs", Program.Replace("SameAsRequest", "Always")), ("/Theme.cs", Cookies));

        Assert.Equal(new[] { "SB3003@/Theme.cs(6,53)" }, DocumentScope.Describe(sameAsRequest));
        Assert.Empty(always);
    }

    [Fact]
    public Task Flags_CookieOptionsWhenTheSecurePolicyIsNeverApplied() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        public static class Pipeline
        {
            public static void Services(IServiceCollection services)
                => services.Configure<CookiePolicyOptions>(o => o.Secure = CookieSecurePolicy.Always);

            // The host is expected to call app.UseCookiePolicy(), but this compilation never does.
            public static void Write(HttpResponse response)
                => response.Cookies.Append("theme", "dark", {|#0:new CookieOptions { HttpOnly = true }|});
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        public static class Pipeline
        {
            public static void Services(IServiceCollection services)
                => services.Configure<CookiePolicyOptions>(o => o.Secure = CookieSecurePolicy.Always);

            // The host is expected to call app.UseCookiePolicy(), but this compilation never does.
            public static void Write(HttpResponse response)
                => response.Cookies.Append("theme", "dark", new CookieOptions { HttpOnly = true, Secure = true });
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("CookieOptions.Secure", NeverSecure));

    [Fact]
    public Task DoesNotFlag_BrokenCode() => new Verify.Test
    {
        TestCode = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Http;

            public static class Broken
            {
                public static void Write(HttpResponse response)
                {
                    var o = new CookieOptions { Secure = , HttpOnly = unknown };
                    o.SameSite = ;
                    response.Cookies.Append(name, );
                    response.Cookies.Append("session", value, new CookieOptions(
                }
            }
            """,
        CompilerDiagnostics = CompilerDiagnostics.None,
    }.RunAsync();

    [Fact]
    public Task Flags_SettingsWrittenOnFieldsPropertiesAndInDeconstructions_FixWritesSafeValues() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public class SessionController : Controller
        {
            private readonly CookieOptions _session = new CookieOptions { Secure = true };

            private CookieOptions Remember { get; } = new CookieOptions { Secure = true, HttpOnly = true };

            [HttpPost, ValidateAntiForgeryToken]
            public IActionResult SignIn(string token)
            {
                {|#0:_session.HttpOnly = false|};
                Response.Cookies.Append("session", token, _session);
                {|#1:this.Remember.Secure = false|};
                Response.Cookies.Append("remember", token, this.Remember);
                var options = new CookieOptions { HttpOnly = true, Secure = true };
                (options.Secure, options.HttpOnly) = ({|#2:false|}, {|#3:false|});
                Response.Cookies.Append("auth", token, options);
                return Ok();
            }
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public class SessionController : Controller
        {
            private readonly CookieOptions _session = new CookieOptions { Secure = true };

            private CookieOptions Remember { get; } = new CookieOptions { Secure = true, HttpOnly = true };

            [HttpPost, ValidateAntiForgeryToken]
            public IActionResult SignIn(string token)
            {
                _session.HttpOnly = true;
                Response.Cookies.Append("session", token, _session);
                this.Remember.Secure = true;
                Response.Cookies.Append("remember", token, this.Remember);
                var options = new CookieOptions { HttpOnly = true, Secure = true };
                (options.Secure, options.HttpOnly) = (true, true);
                Response.Cookies.Append("auth", token, options);
                return Ok();
            }
        }
        """,
        InsecureCookieFixer.SafeValueKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("CookieOptions.HttpOnly", HttpOnly),
        Verify.Diagnostic().WithLocation(1).WithArguments("CookieOptions.Secure", Secure),
        Verify.Diagnostic().WithLocation(2).WithArguments("CookieOptions.Secure", Secure),
        Verify.Diagnostic().WithLocation(3).WithArguments("CookieOptions.HttpOnly", HttpOnly));

    [Fact]
    public Task Flags_SecureSetOnlyInABranchOrAfterTheCookieWasAppended_FixWritesSafeValues() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public class PreferencesController : Controller
        {
            [HttpPost, ValidateAntiForgeryToken]
            public IActionResult Save(string theme, string culture, bool production)
            {
                var options = {|#0:new CookieOptions { HttpOnly = true }|};
                if (production)
                {
                    options.Secure = true;
                }

                Response.Cookies.Append("theme", theme, options);

                var late = new CookieOptions { {|#1:Secure = false|}, HttpOnly = true };
                Response.Cookies.Append("culture", culture, late);
                late.Secure = true;
                return Ok();
            }
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public class PreferencesController : Controller
        {
            [HttpPost, ValidateAntiForgeryToken]
            public IActionResult Save(string theme, string culture, bool production)
            {
                var options = new CookieOptions { HttpOnly = true, Secure = true };
                if (production)
                {
                    options.Secure = true;
                }

                Response.Cookies.Append("theme", theme, options);

                var late = new CookieOptions { Secure = true, HttpOnly = true };
                Response.Cookies.Append("culture", culture, late);
                late.Secure = true;
                return Ok();
            }
        }
        """,
        InsecureCookieFixer.SafeValueKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("CookieOptions.Secure", NeverSecure),
        Verify.Diagnostic().WithLocation(1).WithArguments("CookieOptions.Secure", Secure));

    [Fact]
    public Task DoesNotFlag_UnsafeInitialValuesMadeSafeBeforeUse() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public class SessionController : Controller
        {
            private CookieOptions _options = new CookieOptions { Secure = true };

            [HttpPost, ValidateAntiForgeryToken]
            public IActionResult SignIn(string token)
            {
                var options = new CookieOptions { Secure = false, HttpOnly = false };
                options.Expires = System.DateTimeOffset.UtcNow.AddHours(1);
                options.Secure = true;
                options.HttpOnly = true;
                Response.Cookies.Append("session", token, options);

                _options = new CookieOptions { HttpOnly = true };
                _options.Secure = true;
                Response.Cookies.Append("auth", token, _options);

                var pair = new CookieOptions { Secure = true, HttpOnly = true };
                (pair.Secure, pair.HttpOnly) = (false, true);
                pair.Secure = true;
                Response.Cookies.Append("remember", token, pair);
                return Ok();
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_SameSiteNoneUnderAnHttpsCheckOfAnOptionsTypeOfAnUnreferencedPackage() => new Verify.Test
    {
        // UrlOptions comes from a package the compilation does not reference: the check does not bind, its text still
        // says the branch runs only for an HTTPS base URL.
        TestCode = /* lang=c#-test */ """
            using System;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.DependencyInjection;

            public static class CookieSetup
            {
                public static void AddCookies(IServiceCollection services, IConfiguration config)
                {
                    var urls = config.GetSection("urls").Get<{|CS0246:UrlOptions|}>();
                    services.ConfigureApplicationCookie(options =>
                    {
                        if (urls.BaseUrl?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true)
                        {
                            options.Cookie.SameSite = SameSiteMode.None;
                        }
                    });
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task DoesNotFlag_SameSiteNoneOnlyWhenTheAppIsServedOverHttps() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        public sealed class UrlOptions
        {
            public string? BaseUrl { get; set; }
        }

        public static class CookieSetup
        {
            public static void AddCookies(IServiceCollection services, UrlOptions urls)
            {
                services.ConfigureApplicationCookie(options =>
                {
                    options.LoginPath = "/account/login";
                    options.Cookie.Name = ".app.auth";

                    if (urls.BaseUrl?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true)
                    {
                        options.Cookie.SameSite = SameSiteMode.None;
                    }
                });

                services.AddSession(options =>
                {
                    if (new Uri(urls.BaseUrl!).Scheme != Uri.UriSchemeHttps)
                    {
                        return;
                    }

                    options.Cookie.SameSite = SameSiteMode.None;
                    options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                });
            }

            public static void UseEmbedding(WebApplication app)
                => app.Use(async (context, next) =>
                {
                    var builder = new CookieBuilder { Name = "embed" };
                    if (context.Request.IsHttps && string.Equals(context.Request.Scheme, "https", StringComparison.Ordinal))
                    {
                        builder.SameSite = SameSiteMode.None;
                    }

                    await next(context);
                });
        }
        """);

    [Fact]
    public Task Flags_SameSiteNoneWithoutAnHttpsGuard_FixAddsSecurePolicy() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        public static class CookieSetup
        {
            public static void AddCookies(IServiceCollection services, string baseUrl)
            {
                services.ConfigureApplicationCookie(options =>
                {
                    if (baseUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                    {
                        {|#0:options.Cookie.SameSite = SameSiteMode.None|};
                    }

                    if (!baseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                    {
                        {|#1:options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest|};
                    }
                });

                services.AddSession(options =>
                {
                    {|#2:options.Cookie.SameSite = SameSiteMode.None|};
                    if (baseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                    {
                        {|#3:options.Cookie.SecurePolicy = CookieSecurePolicy.None|};
                    }
                });
            }
        }
        """,
        /* lang=c#-test */ """
        using System;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        public static class CookieSetup
        {
            public static void AddCookies(IServiceCollection services, string baseUrl)
            {
                services.ConfigureApplicationCookie(options =>
                {
                    if (baseUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                    {
                        options.Cookie.SameSite = SameSiteMode.None;
                        options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                    }

                    if (!baseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                    {
                        options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                    }
                });

                services.AddSession(options =>
                {
                    options.Cookie.SameSite = SameSiteMode.None;
                    options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                    if (baseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                    {
                        options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                    }
                });
            }
        }
        """,
        InsecureCookieFixer.SafeValueKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("CookieBuilder.SameSite", SameSiteNone),
        Verify.Diagnostic().WithLocation(1).WithArguments("CookieBuilder.SecurePolicy", "is SameAsRequest, so the cookie is issued without Secure on every HTTP request"),
        Verify.Diagnostic().WithLocation(2).WithArguments("CookieBuilder.SameSite", SameSiteNone),
        Verify.Diagnostic().WithLocation(3).WithArguments("CookieBuilder.SecurePolicy", "is None, so the cookie is also sent over cleartext HTTP"));
}
