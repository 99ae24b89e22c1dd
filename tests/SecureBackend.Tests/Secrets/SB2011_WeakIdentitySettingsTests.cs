using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.CodeFixes.Secrets;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Secrets.IdentitySettingsAnalyzer,
    SecureBackend.CodeFixes.Secrets.IdentitySettingsFixer>;

namespace SecureBackend.Tests.Secrets;

public sealed class SB2011_WeakIdentitySettingsTests
{
    private const string Usings = """
        using System;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authentication.Cookies;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.AspNetCore.Identity;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using SignInResult = Microsoft.AspNetCore.Identity.SignInResult;

        public class AppUser { public string Email { get; set; } = ""; }
        public class AppRole { }

        """;

    private const string CookieMessage = "is 30 days with sliding expiration, so a cookie used at least once in that time never expires; set SlidingExpiration = false or keep the window to 1 day or less";

    // ---------------------------------------------------------------- must flag, with fix

    [Fact]
    public Task Flags_RequiredLengthBelowEightInAddIdentity() => Verify.CodeFixAsync(
        Usings + """
        static class Setup
        {
            static void Configure(IServiceCollection services) => services.AddIdentity<AppUser, AppRole>(options =>
            {
                options.Password.RequireDigit = true;
                {|#0:options.Password.RequiredLength = 6|};
            });
        }
        """,
        Usings + """
        static class Setup
        {
            static void Configure(IServiceCollection services) => services.AddIdentity<AppUser, AppRole>(options =>
            {
                options.Password.RequireDigit = true;
                options.Password.RequiredLength = 8;
            });
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("RequiredLength", "is 6, so passwords shorter than 8 characters are accepted; require at least 8"));

    [Fact]
    public Task Flags_RequiredLengthInPasswordOptionsInitializer() => Verify.CodeFixAsync(
        Usings + """
        static class Setup
        {
            static void Configure(IServiceCollection services)
                => services.Configure<IdentityOptions>(o => o.Password = new PasswordOptions { [|RequiredLength = 4|], RequireUppercase = true });
        }
        """,
        Usings + """
        static class Setup
        {
            static void Configure(IServiceCollection services)
                => services.Configure<IdentityOptions>(o => o.Password = new PasswordOptions { RequiredLength = 8, RequireUppercase = true });
        }
        """);

    [Fact]
    public Task Flags_AllowedForNewUsersFalse() => Verify.CodeFixAsync(
        Usings + """
        static class Setup
        {
            static void Configure(IServiceCollection services) => services.AddIdentityCore<AppUser>(options =>
            {
                {|#0:options.Lockout.AllowedForNewUsers = false|}; // admins unlock by hand
                options.Lockout.MaxFailedAccessAttempts = 5;
            });
        }
        """,
        Usings + """
        static class Setup
        {
            static void Configure(IServiceCollection services) => services.AddIdentityCore<AppUser>(options =>
            {
                options.Lockout.AllowedForNewUsers = true; // admins unlock by hand
                options.Lockout.MaxFailedAccessAttempts = 5;
            });
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("AllowedForNewUsers", "is false, so new accounts are never locked out however many passwords are tried; leave it true"));

    [Fact]
    public Task Flags_LockoutOnFailureFalseInLoginAction() => Verify.CodeFixAsync(
        Usings + """
        public class LoginModel { public string Email { get; set; } = ""; public string Password { get; set; } = ""; public bool RememberMe { get; set; } }
        public class AccountController : Controller
        {
            private readonly SignInManager<AppUser> _signInManager;
            public AccountController(SignInManager<AppUser> signInManager) => _signInManager = signInManager;

            [HttpPost, ValidateAntiForgeryToken]
            public async Task<IActionResult> Login(LoginModel model)
            {
                var result = await _signInManager.PasswordSignInAsync(model.Email, model.Password, model.RememberMe, {|#0:lockoutOnFailure: false|});
                return result.Succeeded ? RedirectToAction("Index") : View(model);
            }
        }
        """,
        Usings + """
        public class LoginModel { public string Email { get; set; } = ""; public string Password { get; set; } = ""; public bool RememberMe { get; set; } }
        public class AccountController : Controller
        {
            private readonly SignInManager<AppUser> _signInManager;
            public AccountController(SignInManager<AppUser> signInManager) => _signInManager = signInManager;

            [HttpPost, ValidateAntiForgeryToken]
            public async Task<IActionResult> Login(LoginModel model)
            {
                var result = await _signInManager.PasswordSignInAsync(model.Email, model.Password, model.RememberMe, lockoutOnFailure: true);
                return result.Succeeded ? RedirectToAction("Index") : View(model);
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("PasswordSignInAsync", "is called with lockoutOnFailure: false, so failed passwords never lock the account; pass true"));

    [Fact]
    public Task Flags_LockoutOnFailureFalse_UserOverloadPositional() => Verify.CodeFixAsync(
        Usings + """
        class Login
        {
            static Task<SignInResult> Run(SignInManager<AppUser> signIn, AppUser user, string password)
                => signIn.PasswordSignInAsync(user, password, false, [|false|]);
        }
        """,
        Usings + """
        class Login
        {
            static Task<SignInResult> Run(SignInManager<AppUser> signIn, AppUser user, string password)
                => signIn.PasswordSignInAsync(user, password, false, true);
        }
        """);

    [Fact]
    public Task Flags_LockoutOnFailureFalseOnDerivedSignInManager() => Verify.CodeFixAsync(
        Usings + """
        abstract class AppSignInManager : SignInManager<AppUser>
        {
            protected AppSignInManager() : base(null!, null!, null!, null!, null!, null!, null!) { }
        }
        class Login
        {
            static Task<SignInResult> Run(AppSignInManager signIn, string name, string password)
                => signIn.PasswordSignInAsync(name, password, isPersistent: true, [|lockoutOnFailure: false|]);
        }
        """,
        Usings + """
        abstract class AppSignInManager : SignInManager<AppUser>
        {
            protected AppSignInManager() : base(null!, null!, null!, null!, null!, null!, null!) { }
        }
        class Login
        {
            static Task<SignInResult> Run(AppSignInManager signIn, string name, string password)
                => signIn.PasswordSignInAsync(name, password, isPersistent: true, lockoutOnFailure: true);
        }
        """);

    [Fact]
    public Task Flags_MinimumLengthFromOption() => new Verify.Test
    {
        TestCode = Usings + """
            static class Setup
            {
                static void Configure(IServiceCollection services) => services.Configure<IdentityOptions>(o => [|o.Password.RequiredLength = 10|]);
            }
            """,
        FixedCode = Usings + """
            static class Setup
            {
                static void Configure(IServiceCollection services) => services.Configure<IdentityOptions>(o => o.Password.RequiredLength = 12);
            }
            """,
    }.WithEditorConfig("securebackend.SB2011.minimum_password_length = 12").RunAsync();

    // ---------------------------------------------------------------- must flag, no fix

    [Fact]
    public Task Flags_SlidingCookieWithThirtyDays_NoFix() => Verify.NoCodeFixAsync(
        Usings + """
        static class Setup
        {
            static void Configure(IServiceCollection services) => services.ConfigureApplicationCookie(options =>
            {
                options.LoginPath = "/Account/Login";
                {|#0:options.ExpireTimeSpan = TimeSpan.FromDays(30)|};
            });
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("ExpireTimeSpan", CookieMessage));

    [Fact]
    public Task Flags_SlidingExplicitlyOnWithSevenDaysInAddCookie() => Verify.NoCodeFixAsync(
        Usings + """
        static class Setup
        {
            static void Configure(IServiceCollection services) => services
                .AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
                .AddCookie(options =>
                {
                    options.SlidingExpiration = true;
                    [|options.ExpireTimeSpan = new TimeSpan(7, 0, 0, 0)|];
                });
        }
        """);

    [Fact]
    public Task Flags_ValuesThroughLocalsAndConstants_NoFix() => Verify.NoCodeFixAsync(
        Usings + """
        static class Setup
        {
            const int MinimumLength = 6;

            static void Configure(IServiceCollection services)
            {
                var lifetime = TimeSpan.FromHours(72);
                var lockNewUsers = false;
                services.Configure<IdentityOptions>(o =>
                {
                    [|o.Password.RequiredLength = MinimumLength|];
                    [|o.Lockout.AllowedForNewUsers = lockNewUsers|];
                });
                services.ConfigureApplicationCookie(c => [|c.ExpireTimeSpan = lifetime|]);
            }
        }
        """);

    [Fact]
    public Task Flags_OutsideDevelopmentBranch() => Verify.CodeFixAsync(
        Usings + """
        static class Setup
        {
            static void Configure(IServiceCollection services, IWebHostEnvironment env) => services.Configure<IdentityOptions>(o =>
            {
                if (!env.IsDevelopment())
                {
                    [|o.Password.RequiredLength = 7|];
                }
            });
        }
        """,
        Usings + """
        static class Setup
        {
            static void Configure(IServiceCollection services, IWebHostEnvironment env) => services.Configure<IdentityOptions>(o =>
            {
                if (!env.IsDevelopment())
                {
                    o.Password.RequiredLength = 8;
                }
            });
        }
        """);

    // ---------------------------------------------------------------- must not flag

    [Fact]
    public Task DoesNotFlag_StrongSettings() => Verify.AnalyzerAsync(
        Usings + """
        static class Setup
        {
            static void Configure(IServiceCollection services) => services.AddIdentity<AppUser, AppRole>(o =>
            {
                o.Password.RequiredLength = 8;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
            }).Services.Configure<PasswordOptions>(p => p.RequiredLength = 12);

            static Task<SignInResult> Login(SignInManager<AppUser> s, string n, string p) => s.PasswordSignInAsync(n, p, false, lockoutOnFailure: true);
        }
        """);

    [Fact]
    public Task DoesNotFlag_ValuesReadFromConfiguration() => Verify.AnalyzerAsync(
        Usings + """
        static class Setup
        {
            static void Configure(IServiceCollection services, IConfiguration configuration, bool lockout)
            {
                var length = 6;
                if (configuration["strict"] == "true") length = 12;
                services.Configure<IdentityOptions>(o =>
                {
                    o.Password.RequiredLength = configuration.GetValue<int>("Identity:PasswordLength");
                    o.Password.RequiredLength = length;
                    o.Lockout.AllowedForNewUsers = configuration.GetValue<bool>("Identity:Lockout");
                    o.Lockout.AllowedForNewUsers = lockout;
                });
                services.ConfigureApplicationCookie(c => c.ExpireTimeSpan = TimeSpan.FromDays(configuration.GetValue<int>("Cookie:Days")));
            }

            static Task<SignInResult> Login(SignInManager<AppUser> s, string n, string p, IConfiguration configuration)
                => s.PasswordSignInAsync(n, p, false, lockoutOnFailure: configuration.GetValue<bool>("Lockout"));
        }
        """);

    [Fact]
    public Task DoesNotFlag_DevelopmentOnlyCode() => Verify.AnalyzerAsync(
        Usings + """
        static class Setup
        {
            static void Configure(IServiceCollection services, IWebHostEnvironment env)
            {
                services.Configure<IdentityOptions>(o =>
                {
                    if (env.IsDevelopment())
                    {
                        o.Password.RequiredLength = 1;
                        o.Lockout.AllowedForNewUsers = false;
                    }
                });
                if (env.IsDevelopment())
                {
                    services.ConfigureApplicationCookie(c => c.ExpireTimeSpan = TimeSpan.FromDays(365));
                }
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_CookieWithoutSlidingOrWithShortWindow() => Verify.AnalyzerAsync(
        Usings + """
        static class Setup
        {
            static void Configure(IServiceCollection services, IConfiguration configuration)
            {
                services.ConfigureApplicationCookie(c =>
                {
                    c.ExpireTimeSpan = TimeSpan.FromDays(30); // absolute lifetime: the user signs in again after 30 days
                    c.SlidingExpiration = false;
                });
                services.AddAuthentication().AddCookie("a", c => c.ExpireTimeSpan = TimeSpan.FromMinutes(20));
                services.AddAuthentication().AddCookie("b", c => c.ExpireTimeSpan = TimeSpan.FromHours(24));
                services.AddAuthentication().AddCookie("c", c =>
                {
                    c.ExpireTimeSpan = TimeSpan.FromDays(14);
                    c.SlidingExpiration = configuration.GetValue<bool>("Cookie:Sliding");
                });
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_LockoutOnFailureForwardedOrTrue() => Verify.AnalyzerAsync(
        Usings + """
        abstract class AuditedSignInManager : SignInManager<AppUser>
        {
            protected AuditedSignInManager() : base(null!, null!, null!, null!, null!, null!, null!) { }

            public override Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
                => base.PasswordSignInAsync(userName, password, isPersistent, lockoutOnFailure);
        }
        class Login
        {
            static Task<SignInResult> A(SignInManager<AppUser> s, AppUser u, string p) => s.PasswordSignInAsync(u, p, isPersistent: false, lockoutOnFailure: true);
            static Task<SignInResult> B(SignInManager<AppUser> s, AppUser u, string p) => s.CheckPasswordSignInAsync(u, p, lockoutOnFailure: true);
        }
        """);

    [Fact]
    public Task DoesNotFlag_SameNamesOnOtherTypes() => Verify.AnalyzerAsync(
        Usings + """
        class PasswordPolicy { public int RequiredLength { get; set; } public bool AllowedForNewUsers { get; set; } public TimeSpan ExpireTimeSpan { get; set; } }
        class FakeSignIn { public Task<bool> PasswordSignInAsync(string u, string p, bool persistent, bool lockoutOnFailure) => Task.FromResult(true); }
        class Use
        {
            static void Run(FakeSignIn s)
            {
                var policy = new PasswordPolicy { RequiredLength = 4, AllowedForNewUsers = false, ExpireTimeSpan = TimeSpan.FromDays(90) };
                _ = s.PasswordSignInAsync("a", "b", false, lockoutOnFailure: false);
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_IgnoreAntiforgeryOnLoginIsLeftToSB3002() => Verify.AnalyzerAsync(
        Usings + """
        public class AccountController : Controller
        {
            private readonly SignInManager<AppUser> _signInManager;
            public AccountController(SignInManager<AppUser> signInManager) => _signInManager = signInManager;

            [HttpPost, IgnoreAntiforgeryToken]
            public async Task<IActionResult> Login(string email, string password)
            {
                var result = await _signInManager.PasswordSignInAsync(email, password, false, lockoutOnFailure: true);
                return result.Succeeded ? RedirectToAction("Index") : View();
            }
        }
        """);

    [Fact]
    public async Task DoesNotFlag_TestProjects()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                class Fixture
                {
                    static void Configure(IServiceCollection services) => services.Configure<IdentityOptions>(o => { o.Password.RequiredLength = 1; o.Lockout.AllowedForNewUsers = false; });
                }
                """,
        };
        test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(FactAttribute).Assembly.Location));
        await test.RunAsync();
    }

    [Fact]
    public async Task Flags_TestProjectsWhenOptedIn()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                class Fixture
                {
                    static void Configure(IServiceCollection services) => services.Configure<IdentityOptions>(o => [|o.Password.RequiredLength = 1|]);
                }
                """,
            FixedCode = Usings + """
                class Fixture
                {
                    static void Configure(IServiceCollection services) => services.Configure<IdentityOptions>(o => o.Password.RequiredLength = 8);
                }
                """,
        };
        test.WithEditorConfig("securebackend.secrets.analyze_test_projects = true");
        test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(FactAttribute).Assembly.Location));
        await test.RunAsync();
    }

    [Fact]
    public Task DoesNotFlag_SlidingWindowWithinTheConfiguredMaximum() => new Verify.Test
    {
        TestCode = Usings + """
            static class Setup
            {
                static void Configure(IServiceCollection services) => services.ConfigureApplicationCookie(c => c.ExpireTimeSpan = TimeSpan.FromDays(7));
            }
            """,
    }.WithEditorConfig("securebackend.SB2011.maximum_sliding_expiration_hours = 168").RunAsync();

    [Fact]
    public async Task DoesNotFlag_HalfTypedCode()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                class Broken
                {
                    void A(IdentityOptions o) { o.Password.RequiredLength = ; o.Lockout.AllowedForNewUsers = fals; }
                    void B(CookieAuthenticationOptions c) { c.ExpireTimeSpan = TimeSpan.FromDays(; c.ExpireTimeSpan = new TimeSpan(; c.SlidingExpiration = }
                    void C(SignInManager<AppUser> s) { s.PasswordSignInAsync("a", "b", false, ); s.PasswordSignInAsync(lockoutOnFailure: false); }
                }
                """,
        };
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        await test.RunAsync();
    }

    // ---------------------------------------------------------------- fix plumbing

    [Fact]
    public async Task FixAll_AcrossTwoDocuments_PassesLockoutOnFailureTrue()
    {
        var test = new Verify.Test { CodeActionEquivalenceKey = IdentitySettingsFixer.StrengthenSettingKey };
        test.TestState.Sources.Add(("A.cs", Usings + """
            class A { Task<SignInResult> P(SignInManager<AppUser> s) => s.PasswordSignInAsync("a", "b", false, [|false|]); }
            """));
        test.TestState.Sources.Add(("B.cs", """
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Identity;
            class B
            {
                Task<SignInResult> P(SignInManager<AppUser> s) => s.PasswordSignInAsync("a", "b", true, [|lockoutOnFailure: false|]);
                Task<SignInResult> Q(SignInManager<AppUser> s, AppUser u) => s.PasswordSignInAsync(u, "b", true, [|lockoutOnFailure: false|]);
            }
            """));
        test.FixedState.Sources.Add(("A.cs", Usings + """
            class A { Task<SignInResult> P(SignInManager<AppUser> s) => s.PasswordSignInAsync("a", "b", false, true); }
            """));
        test.FixedState.Sources.Add(("B.cs", """
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Identity;
            class B
            {
                Task<SignInResult> P(SignInManager<AppUser> s) => s.PasswordSignInAsync("a", "b", true, lockoutOnFailure: true);
                Task<SignInResult> Q(SignInManager<AppUser> s, AppUser u) => s.PasswordSignInAsync(u, "b", true, lockoutOnFailure: true);
            }
            """));
        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_OneKeyForEveryRewrite_FixAllStrengthensEachSetting()
    {
        var test = new Verify.Test
        {
            CodeActionEquivalenceKey = IdentitySettingsFixer.StrengthenSettingKey,
            TestCode = Usings + """
                static class Setup
                {
                    static void Configure(IServiceCollection services) => services.Configure<IdentityOptions>(o =>
                    {
                        [|o.Password.RequiredLength = 6|];
                        [|o.Lockout.AllowedForNewUsers = false|];
                    });
                }
                """,
            FixedCode = Usings + """
                static class Setup
                {
                    static void Configure(IServiceCollection services) => services.Configure<IdentityOptions>(o =>
                    {
                        o.Password.RequiredLength = 8;
                        o.Lockout.AllowedForNewUsers = true;
                    });
                }
                """,
        };

        await test.RunAsync();
        Assert.Equal("SB2011.StrengthenSetting", IdentitySettingsFixer.StrengthenSettingKey);
    }
}
