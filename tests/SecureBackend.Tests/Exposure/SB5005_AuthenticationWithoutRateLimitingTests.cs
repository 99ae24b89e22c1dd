using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.Analyzers.Exposure;
using SecureBackend.CodeFixes.Exposure;
using SecureBackend.Tests.Transport;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<SecureBackend.Analyzers.Exposure.AuthRateLimitingAnalyzer, SecureBackend.CodeFixes.Exposure.AuthRateLimitingFixer>;

namespace SecureBackend.Tests.Exposure;

public sealed class SB5005_AuthenticationWithoutRateLimitingTests
{
    private const string NoLimiter = "the application registers no rate limiter";

    private const string Program = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddControllersWithViews();
        var app = builder.Build();
        app.MapControllers();
        app.Run();
        """;

    private const string Account = """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Identity;
        using Microsoft.AspNetCore.Mvc;

        public sealed class AccountController : Controller
        {
            private readonly SignInManager<IdentityUser> _signIn;

            public AccountController(SignInManager<IdentityUser> signIn) => _signIn = signIn;

            [HttpPost]
            public async Task<IActionResult> {|#0:Login|}(string user, string password)
            {
                var result = await _signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
                return result.Succeeded ? Redirect("/") : View();
            }
        }
        """;

    private static Task ProgramFixAsync(string source, string fixedSource, params DiagnosticResult[] expected)
        => TransportTest.ProgramFixAsync<AuthRateLimitingAnalyzer, AuthRateLimitingFixer>(source, fixedSource, expected);

    private static Task ProgramFilesAsync(string[] sources, params DiagnosticResult[] expected)
        => TransportTest.DocumentsAsync<AuthRateLimitingAnalyzer>(program: true, sources, expected);

    private static DiagnosticResult Endpoint(int location, string name, string action, string missing = NoLimiter)
        => Verify.Diagnostic("SB5005").WithLocation(location).WithArguments(name, action, missing);

    [Fact]
    public Task Flags_MinimalLoginEndpointAndTheFixAddsAPolicy() => ProgramFixAsync(
        /* lang=c#-test */ """
        using System.Security.Claims;
        using Microsoft.AspNetCore.Authentication;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();

        app.{|#0:MapPost|}("/login", async (HttpContext context) =>
        {
            await context.SignInAsync(new ClaimsPrincipal());
            return Results.Ok();
        });

        app.Run();
        """,
        /* lang=c#-test */ """
        using System;
        using System.Security.Claims;
        using Microsoft.AspNetCore.Authentication;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.RateLimiting;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddFixedWindowLimiter("auth", limiter =>
            {
                limiter.PermitLimit = 5;
                limiter.Window = TimeSpan.FromMinutes(1);
            });
        });
        var app = builder.Build();
        app.UseRateLimiter();

        app.MapPost("/login", async (HttpContext context) =>
        {
            await context.SignInAsync(new ClaimsPrincipal());
            return Results.Ok();
        }).RequireRateLimiting("auth");

        app.Run();
        """,
        Endpoint(0, "MapPost(\"/login\")", "signs a user in with 'HttpContext.SignInAsync'"));

    [Fact]
    public Task Flags_MapIdentityApiAndFixAllLimitsAfterUseRouting()
    {
        var test = TransportTest.PipelineTest<AuthRateLimitingAnalyzer, AuthRateLimitingFixer>(
            /* lang=c#-test */ """
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Identity;
            using Microsoft.AspNetCore.RateLimiting;
            using Microsoft.AspNetCore.Routing;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.UseRouting();
            app.{|#0:MapIdentityApi<IdentityUser>|}();
            app.{|#1:MapPut|}("/password", async (UserManager<IdentityUser> users, IdentityUser user, string token, string password) =>
                (await users.ResetPasswordAsync(user, token, password)).Succeeded);
            app.Run();
            """,
            /* lang=c#-test */ """
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Identity;
            using Microsoft.AspNetCore.RateLimiting;
            using Microsoft.AspNetCore.Routing;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddRateLimiter(options =>
            {
                options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                options.AddFixedWindowLimiter("auth", limiter =>
                {
                    limiter.PermitLimit = 5;
                    limiter.Window = TimeSpan.FromMinutes(1);
                });
            });
            var app = builder.Build();
            app.UseRouting();
            app.UseRateLimiter();
            app.MapIdentityApi<IdentityUser>().RequireRateLimiting("auth");
            app.MapPut("/password", async (UserManager<IdentityUser> users, IdentityUser user, string token, string password) =>
                (await users.ResetPasswordAsync(user, token, password)).Succeeded).RequireRateLimiting("auth");
            app.Run();
            """,
            program: true,
            Endpoint(0, "MapIdentityApi<IdentityUser>()", "maps Identity's login, two-factor and password reset endpoints"),
            Endpoint(1, "MapPut(\"/password\")", "handles a password reset with 'ResetPasswordAsync'"));
        test.CodeActionEquivalenceKey = AuthRateLimitingFixer.RequireRateLimitingKey;
        return test.RunAsync();
    }

    [Fact]
    public Task Flags_MinimalEndpointLeftOutWhileAnotherIsLimited() => ProgramFixAsync(
        /* lang=c#-test */ """
        using System;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Identity;
        using Microsoft.AspNetCore.RateLimiting;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter("auth", l => { l.PermitLimit = 5; l.Window = TimeSpan.FromMinutes(1); }));
        var app = builder.Build();
        app.UseRateLimiter();
        app.MapPost("/login", async (SignInManager<IdentityUser> signIn, string user, string password) =>
            (await signIn.PasswordSignInAsync(user, password, false, true)).Succeeded).RequireRateLimiting("auth");
        app.{|#0:MapPost|}("/forgot", async (UserManager<IdentityUser> users, IdentityUser user) =>
            await users.GeneratePasswordResetTokenAsync(user));
        app.Run();
        """,
        /* lang=c#-test */ """
        using System;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Identity;
        using Microsoft.AspNetCore.RateLimiting;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter("auth", l => { l.PermitLimit = 5; l.Window = TimeSpan.FromMinutes(1); }));
        var app = builder.Build();
        app.UseRateLimiter();
        app.MapPost("/login", async (SignInManager<IdentityUser> signIn, string user, string password) =>
            (await signIn.PasswordSignInAsync(user, password, false, true)).Succeeded).RequireRateLimiting("auth");
        app.MapPost("/forgot", async (UserManager<IdentityUser> users, IdentityUser user) =>
            await users.GeneratePasswordResetTokenAsync(user)).RequireRateLimiting("auth");
        app.Run();
        """,
        Endpoint(0, "MapPost(\"/forgot\")", "handles a password reset with 'GeneratePasswordResetTokenAsync'", "no rate limiting policy applies to it"));

    [Fact]
    public Task Flags_ControllerLoginActionWithoutAFix() => ProgramFilesAsync(
        new[] { Program, Account },
        Endpoint(0, "AccountController.Login", "checks a password with 'PasswordSignInAsync'"));

    [Fact]
    public Task Flags_RazorPagesOnPostHandler() => ProgramFilesAsync(
        new[]
        {
            Program,
            /* lang=c#-test */ """
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Identity;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;

            public sealed class LoginWith2faModel : PageModel
            {
                private readonly SignInManager<IdentityUser> _signIn;

                public LoginWith2faModel(SignInManager<IdentityUser> signIn) => _signIn = signIn;

                public void OnGet()
                {
                }

                public async Task<IActionResult> {|#0:OnPostAsync|}(string code)
                {
                    await _signIn.TwoFactorAuthenticatorSignInAsync(code, false, false);
                    await _signIn.TwoFactorRecoveryCodeSignInAsync(code);
                    return Page();
                }
            }
            """,
        },
        Endpoint(0, "LoginWith2faModel.OnPostAsync", "checks a two-factor code with 'TwoFactorAuthenticatorSignInAsync'"));

    [Fact]
    public Task Flags_TokenEndpointWithoutVerbAttribute() => ProgramFilesAsync(
        new[]
        {
            Program,
            /* lang=c#-test */ """
            using System.IdentityModel.Tokens.Jwt;
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Route("api/token")]
            public sealed class TokenController : ControllerBase
            {
                public string {|#0:Issue|}(string user) => new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken(issuer: "shop"));
            }
            """,
        },
        Endpoint(0, "TokenController.Issue", "issues a token with 'WriteToken'"));

    [Fact]
    public Task Flags_LimiterRegisteredButMiddlewareMissing() => ProgramFilesAsync(
        new[]
        {
            /* lang=c#-test */ """
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.RateLimiting;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddControllersWithViews();
            builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter("auth", l => { l.PermitLimit = 5; l.Window = TimeSpan.FromMinutes(1); }));
            var app = builder.Build();
            app.MapControllers();
            app.Run();
            """,
            Account,
        },
        Endpoint(0, "AccountController.Login", "checks a password with 'PasswordSignInAsync'", "the application never calls UseRateLimiter()"));

    [Fact]
    public Task Flags_PolicyAppliedToAnotherControllerOnly() => ProgramFilesAsync(
        new[]
        {
            /* lang=c#-test */ """
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.RateLimiting;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddControllersWithViews();
            builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter("search", l => { l.PermitLimit = 50; l.Window = TimeSpan.FromMinutes(1); }));
            var app = builder.Build();
            app.UseRateLimiter();
            app.MapControllers();
            app.Run();

            [EnableRateLimiting("search")]
            public sealed class SearchController : Controller
            {
                public IActionResult Index(string q) => View();
            }
            """,
            Account,
        },
        Endpoint(0, "AccountController.Login", "checks a password with 'PasswordSignInAsync'", "no rate limiting policy applies to it"));

    [Fact]
    public Task DoesNotFlag_PolicyOnTheController() => ProgramFilesAsync(new[]
    {
        /* lang=c#-test */ """
        using System;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.RateLimiting;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddControllersWithViews();
        builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter("auth", l => { l.PermitLimit = 5; l.Window = TimeSpan.FromMinutes(1); }));
        var app = builder.Build();
        app.UseRateLimiter();
        app.MapControllers();
        app.Run();
        """,
        Account.Replace("public sealed class AccountController", "[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(\"auth\")]\npublic sealed class AccountController").Replace("{|#0:Login|}", "Login"),
    });

    [Fact]
    public Task DoesNotFlag_RequireRateLimitingOnTheEndpoint() => ProgramFilesAsync(new[]
    {
        /* lang=c#-test */ """
        using System;
        using System.Security.Claims;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.RateLimiting;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter("auth", l => { l.PermitLimit = 5; l.Window = TimeSpan.FromMinutes(1); }));
        var app = builder.Build();
        app.UseRateLimiter();
        app.MapPost("/login", () => Results.SignIn(new ClaimsPrincipal())).RequireRateLimiting("auth");
        app.Run();
        """,
    });

    [Fact]
    public Task DoesNotFlag_GlobalLimiter() => ProgramFilesAsync(new[]
    {
        /* lang=c#-test */ """
        using System;
        using System.Threading.RateLimiting;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddControllersWithViews();
        builder.Services.AddRateLimiter(o => o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(
            c => RateLimitPartition.GetFixedWindowLimiter("all", _ => new FixedWindowRateLimiterOptions { PermitLimit = 100, Window = TimeSpan.FromMinutes(1) })));
        var app = builder.Build();
        app.UseRateLimiter();
        app.MapControllers();
        app.Run();
        """,
        Account.Replace("{|#0:Login|}", "Login"),
    });

    [Fact]
    public Task DoesNotFlag_UnboundThirdPartyLimiter()
    {
        var test = new Infrastructure.AnalyzerVerifier<AuthRateLimitingAnalyzer>.Test();
        test.TestState.Sources.Add(("/0/Program.cs", Program.Replace("app.MapControllers();", "app.UseIpRateLimiting();\napp.MapControllers();")));
        test.TestState.Sources.Add(("/0/Account.cs", Account.Replace("{|#0:Login|}", "Login")));
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        return test.RunAsync();
    }

    [Fact]
    public Task DoesNotFlag_HandWrittenThrottlingMiddleware() => ProgramFilesAsync(new[]
    {
        Program.Replace("app.MapControllers();", "app.UseMiddleware<LoginThrottleMiddleware>();\napp.MapControllers();"),
        /* lang=c#-test */ """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;

        public sealed class LoginThrottleMiddleware
        {
            private readonly RequestDelegate _next;

            public LoginThrottleMiddleware(RequestDelegate next) => _next = next;

            public Task InvokeAsync(HttpContext context) => _next(context);
        }
        """,
        Account.Replace("{|#0:Login|}", "Login"),
    });

    [Fact]
    public Task DoesNotFlag_GetOnlyActionsAndEndpoints() => ProgramFilesAsync(new[]
    {
        /* lang=c#-test */ """
        using System.Security.Claims;
        using Microsoft.AspNetCore.Authentication;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddControllersWithViews();
        var app = builder.Build();
        app.MapGet("/callback", (HttpContext context) => context.SignInAsync(new ClaimsPrincipal()));
        app.MapControllers();
        app.Run();
        """,
        Account.Replace("[HttpPost]", "[HttpGet]").Replace("{|#0:Login|}", "Login"),
    });

    [Fact]
    public Task DoesNotFlag_SignInInAServiceOrNonActionMethod() => ProgramFilesAsync(new[]
    {
        Program,
        /* lang=c#-test */ """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Identity;
        using Microsoft.AspNetCore.Mvc;

        public sealed class LoginService
        {
            private readonly SignInManager<IdentityUser> _signIn;

            public LoginService(SignInManager<IdentityUser> signIn) => _signIn = signIn;

            public Task<Microsoft.AspNetCore.Identity.SignInResult> LoginAsync(string user, string password) => _signIn.PasswordSignInAsync(user, password, false, true);
        }

        public sealed class HomeController : Controller
        {
            [NonAction]
            public Task<bool> Check(UserManager<IdentityUser> users, IdentityUser user, string password) => users.CheckPasswordAsync(user, password);

            private Task<bool> Verify(UserManager<IdentityUser> users, IdentityUser user, string password) => users.CheckPasswordAsync(user, password);
        }
        """,
    });

    [Fact]
    public Task DoesNotFlag_SignedInUserIsSignedInAgainAfterAChange() => ProgramFilesAsync(new[]
    {
        Program,
        /* lang=c#-test */ """
        using System.Security.Claims;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authentication;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;

        [Authorize]
        public sealed class ManageController : Controller
        {
            [HttpPost]
            public async Task<IActionResult> ChangeName(string name)
            {
                await HttpContext.SignInAsync(new ClaimsPrincipal(new ClaimsIdentity(new[] { new Claim(ClaimTypes.Name, name) }, "cookie")));
                return RedirectToAction("Index");
            }
        }
        """,
    });

    [Fact]
    public Task DoesNotFlag_RegistrationThatSignsTheNewUserIn() => ProgramFilesAsync(new[]
    {
        Program,
        /* lang=c#-test */ """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Identity;
        using Microsoft.AspNetCore.Mvc;

        public sealed class AccountController : Controller
        {
            private readonly SignInManager<IdentityUser> _signIn;

            public AccountController(SignInManager<IdentityUser> signIn) => _signIn = signIn;

            [HttpPost]
            public async Task<IActionResult> Register(IdentityUser user)
            {
                await _signIn.SignInAsync(user, isPersistent: false);
                return RedirectToAction("Index");
            }
        }
        """,
    });

    [Fact]
    public Task Flags_AnonymousActionOfAnAuthorizedControllerThatSignsIn() => ProgramFilesAsync(
        new[]
        {
            Program,
            /* lang=c#-test */ """
            using System.Security.Claims;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authentication;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            [Authorize]
            public sealed class SessionController : Controller
            {
                [HttpPost, AllowAnonymous]
                public async Task<IActionResult> {|#0:Start|}(string user, string pin)
                {
                    await HttpContext.SignInAsync(new ClaimsPrincipal(new ClaimsIdentity(new[] { new Claim(ClaimTypes.Name, user) }, "cookie")));
                    return RedirectToAction("Index");
                }
            }
            """,
        },
        Endpoint(0, "SessionController.Start", "signs a user in with 'HttpContext.SignInAsync'"));

    [Fact]
    public Task DoesNotFlag_ClassLibraryOfControllers() => Verify.AnalyzerAsync(Account.Replace("{|#0:Login|}", "Login"));

    [Fact]
    public Task DoesNotFlag_HalfTypedEndpoint() => TransportTest.BrokenCodeAsync<AuthRateLimitingAnalyzer>(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Authentication;
        using Microsoft.AspNetCore.Builder;

        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        app.MapPost("/login", async (Microsoft.AspNetCore.Http.HttpContext context) => await context.SignInAsync(
        """,
        program: true);
}
