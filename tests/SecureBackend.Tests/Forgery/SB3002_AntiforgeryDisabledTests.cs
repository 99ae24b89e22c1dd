using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.Analyzers.Forgery;
using SecureBackend.CodeFixes.Forgery;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Forgery.AntiforgeryDisabledAnalyzer,
    SecureBackend.CodeFixes.Forgery.AntiforgeryDisabledFixer>;

namespace SecureBackend.Tests.Forgery;

public sealed class SB3002_AntiforgeryDisabledTests
{
    private static Task ProgramAsync(string source)
    {
        var test = new Verify.Test { TestCode = source, FixedCode = source };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Flags_IgnoreOnPostActionAndVerblessAction_FixRemovesTheAttribute() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        [AutoValidateAntiforgeryToken]
        public class CartController : Controller
        {
            [HttpPost]
            [{|#0:IgnoreAntiforgeryToken|}]
            public IActionResult Remove(int id) => RedirectToAction("Index");

            // Accepts every verb.
            [{|#1:IgnoreAntiforgeryToken|}]
            public IActionResult Clear() => RedirectToAction("Index");
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        [AutoValidateAntiforgeryToken]
        public class CartController : Controller
        {
            [HttpPost]
            public IActionResult Remove(int id) => RedirectToAction("Index");

            // Accepts every verb.
            public IActionResult Clear() => RedirectToAction("Index");
        }
        """,
        AntiforgeryDisabledFixer.RestoreAntiforgeryKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("[IgnoreAntiforgeryToken]", "'CartController.Remove'"),
        Verify.Diagnostic().WithLocation(1).WithArguments("[IgnoreAntiforgeryToken]", "'CartController.Clear'"));

    [Fact]
    public Task Flags_IgnoreOnControllerAndPageModel_FixValidatesTheControllerAndRemovesThePageOptOut() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.RazorPages;

        [Route("account"), {|#0:IgnoreAntiforgeryToken|}]
        public class AccountController : Controller
        {
            [HttpPost("logout")]
            public IActionResult Logout() => Ok();
        }

        /// <summary>Checkout page.</summary>
        [{|#1:IgnoreAntiforgeryToken(Order = 1001)|}]
        public class CheckoutModel : PageModel
        {
            public IActionResult OnPost() => Page();
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.RazorPages;

        [Route("account"), AutoValidateAntiforgeryToken]
        public class AccountController : Controller
        {
            [HttpPost("logout")]
            public IActionResult Logout() => Ok();
        }

        /// <summary>Checkout page.</summary>
        public class CheckoutModel : PageModel
        {
            public IActionResult OnPost() => Page();
        }
        """,
        AntiforgeryDisabledFixer.RestoreAntiforgeryKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("[IgnoreAntiforgeryToken]", "'AccountController'"),
        Verify.Diagnostic().WithLocation(1).WithArguments("[IgnoreAntiforgeryToken]", "'CheckoutModel'"));

    [Fact]
    public Task Flags_IgnoreOnActionsOfAnUnvalidatedController_WithAFormMethodOverride_FixPutsAValidatingAttributeInItsPlace() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        public class CartController : Controller
        {
            // Removes an item.
            [HttpPost, {|#0:IgnoreAntiforgeryToken(Order = 1001)|}]
            public IActionResult Remove(int id) => RedirectToAction("Index");

            [{|#1:IgnoreAntiforgeryTokenAttribute|}]
            public IActionResult Clear() => RedirectToAction("Index");

            [HttpDelete]
            [{|#2:Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryToken|}] // legacy client
            public IActionResult Delete(int id) => NoContent();
        }
        """ + ForgeryApps.FormMethodOverride,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        public class CartController : Controller
        {
            // Removes an item.
            [HttpPost, ValidateAntiForgeryToken(Order = 1001)]
            public IActionResult Remove(int id) => RedirectToAction("Index");

            [AutoValidateAntiforgeryTokenAttribute]
            public IActionResult Clear() => RedirectToAction("Index");

            [HttpDelete]
            [Microsoft.AspNetCore.Mvc.ValidateAntiForgeryToken] // legacy client
            public IActionResult Delete(int id) => NoContent();
        }
        """ + ForgeryApps.FormMethodOverride,
        AntiforgeryDisabledFixer.RestoreAntiforgeryKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("[IgnoreAntiforgeryToken]", "'CartController.Remove'"),
        Verify.Diagnostic().WithLocation(1).WithArguments("[IgnoreAntiforgeryToken]", "'CartController.Clear'"),
        Verify.Diagnostic().WithLocation(2).WithArguments("[IgnoreAntiforgeryToken]", "'CartController.Delete'"));

    [Fact]
    public Task Flags_IgnoreThroughAnAliasOrDerivedAttribute_InACookieAppWithAFormMethodOverride_FixWritesTheFrameworkAttribute() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;
        using NoCsrf = Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryTokenAttribute;

        public sealed class NoTokenAttribute : IgnoreAntiforgeryTokenAttribute { }

        public class OrdersController : Controller
        {
            [HttpPost]
            [{|#0:NoCsrf|}]
            public IActionResult Place(int id) => Ok();

            [HttpPut]
            [{|#1:NoToken|}]
            public IActionResult Update(int id) => Ok();
        }
        """ + ForgeryApps.CookieAuthentication + ForgeryApps.FormMethodOverride,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;
        using NoCsrf = Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryTokenAttribute;

        public sealed class NoTokenAttribute : IgnoreAntiforgeryTokenAttribute { }

        public class OrdersController : Controller
        {
            [HttpPost]
            [ValidateAntiForgeryToken]
            public IActionResult Place(int id) => Ok();

            [HttpPut]
            [ValidateAntiForgeryToken]
            public IActionResult Update(int id) => Ok();
        }
        """ + ForgeryApps.CookieAuthentication + ForgeryApps.FormMethodOverride,
        AntiforgeryDisabledFixer.RestoreAntiforgeryKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("[IgnoreAntiforgeryToken]", "'OrdersController.Place'"),
        Verify.Diagnostic().WithLocation(1).WithArguments("[IgnoreAntiforgeryToken]", "'OrdersController.Update'"));

    [Fact]
    public Task Flags_IgnoreOnActionWithAGlobalValidatingFilter_FixOnlyRemovesTheOptOut() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.DependencyInjection;

        public static class WebSetup
        {
            public static void AddWeb(IServiceCollection services)
                => services.AddControllersWithViews(o => o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()));
        }

        public class CartController : Controller
        {
            [HttpPost]
            [{|#0:IgnoreAntiforgeryToken|}]
            public IActionResult Remove(int id) => RedirectToAction("Index");
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.DependencyInjection;

        public static class WebSetup
        {
            public static void AddWeb(IServiceCollection services)
                => services.AddControllersWithViews(o => o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()));
        }

        public class CartController : Controller
        {
            [HttpPost]
            public IActionResult Remove(int id) => RedirectToAction("Index");
        }
        """,
        AntiforgeryDisabledFixer.RestoreAntiforgeryKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("[IgnoreAntiforgeryToken]", "'CartController.Remove'"));

    [Fact]
    public Task Flags_GlobalIgnoreFilterInLambdaLocalStaticMethodAndPageConvention() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.DependencyInjection;

        public static class WebSetup
        {
            public static void AddWeb(this IServiceCollection services)
            {
                services.AddControllersWithViews(o => o.Filters.Add({|#0:new IgnoreAntiforgeryTokenAttribute()|}));

                Action<MvcOptions> more = options =>
                {
                    options.Filters.Add(new RequireHttpsAttribute());
                    {|#1:options.Filters.Add<IgnoreAntiforgeryTokenAttribute>()|};
                };
                services.Configure(more);

                services.AddRazorPages().AddRazorPagesOptions(pages =>
                {
                    pages.Conventions.ConfigureFilter({|#2:new IgnoreAntiforgeryTokenAttribute()|});
                });
            }

            private static void Configure(MvcOptions options)
            {
                options.Filters.Add({|#3:typeof(IgnoreAntiforgeryTokenAttribute)|});
            }
        }
        """,
        /* lang=c#-test */ """
        using System;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.DependencyInjection;

        public static class WebSetup
        {
            public static void AddWeb(this IServiceCollection services)
            {
                services.AddControllersWithViews(o => { });

                Action<MvcOptions> more = options =>
                {
                    options.Filters.Add(new RequireHttpsAttribute());
                };
                services.Configure(more);

                services.AddRazorPages().AddRazorPagesOptions(pages =>
                {
                });
            }

            private static void Configure(MvcOptions options)
            {
            }
        }
        """,
        AntiforgeryDisabledFixer.RestoreAntiforgeryKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("A global IgnoreAntiforgeryTokenAttribute filter", "every action and page it covers"),
        Verify.Diagnostic().WithLocation(1).WithArguments("A global IgnoreAntiforgeryTokenAttribute filter", "every action and page it covers"),
        Verify.Diagnostic().WithLocation(2).WithArguments("A global IgnoreAntiforgeryTokenAttribute filter", "every action and page it covers"),
        Verify.Diagnostic().WithLocation(3).WithArguments("A global IgnoreAntiforgeryTokenAttribute filter", "every action and page it covers"));

    [Fact]
    public Task Flags_DisableAntiforgeryAndIgnoreMetadataOnFormEndpoints_InACookieAuthenticatedApp_FixRemovesTheConvention() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public static class UploadEndpoints
        {
            public static void Map(WebApplication app)
            {
                app.UseAntiforgery();
                app.MapPost("/avatar", (IFormFile file) => Results.Ok())
                    .WithName("UploadAvatar")
                    .{|#0:DisableAntiforgery|}();

                var rename = app.MapPut("/profile", ([FromForm] string displayName) => Results.Ok());
                rename.{|#1:DisableAntiforgery|}();

                app.MapPost("/notes", (IFormCollection form) => Results.Ok())
                    .WithMetadata({|#2:new IgnoreAntiforgeryTokenAttribute()|});
            }
        }
        """ + ForgeryApps.CookieAuthentication,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public static class UploadEndpoints
        {
            public static void Map(WebApplication app)
            {
                app.UseAntiforgery();
                app.MapPost("/avatar", (IFormFile file) => Results.Ok())
                    .WithName("UploadAvatar");

                var rename = app.MapPut("/profile", ([FromForm] string displayName) => Results.Ok());

                app.MapPost("/notes", (IFormCollection form) => Results.Ok());
            }
        }
        """ + ForgeryApps.CookieAuthentication,
        AntiforgeryDisabledFixer.RestoreAntiforgeryKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("DisableAntiforgery()", "form-binding endpoint 'MapPost(\"/avatar\")'"),
        Verify.Diagnostic().WithLocation(1).WithArguments("DisableAntiforgery()", "form-binding endpoint 'MapPut(\"/profile\")'"),
        Verify.Diagnostic().WithLocation(2).WithArguments("WithMetadata(new IgnoreAntiforgeryTokenAttribute())", "form-binding endpoint 'MapPost(\"/notes\")'"));

    [Fact]
    public async Task Flags_FormEndpointsWithoutUseAntiforgery_FixAddsServicesAndMiddlewareOnce()
    {
        var test = new Verify.Test
        {
            TestCode = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();

            app.UseRouting();
            app.UseAuthentication();
            app.UseAuthorization();

            app.{|#0:MapPost|}("/upload", (IFormFile file) => Results.Ok());
            app.{|#1:MapPost|}("/contact", ([FromForm] string message) => Results.Ok());
            app.MapPost("/api/orders", (Order order) => Results.Created());
            app.Run();

            record Order(string Sku);
            """,
            FixedCode = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAntiforgery();
            var app = builder.Build();

            app.UseRouting();
            app.UseAuthentication();
            app.UseAuthorization();
            app.UseAntiforgery();

            app.MapPost("/upload", (IFormFile file) => Results.Ok());
            app.MapPost("/contact", ([FromForm] string message) => Results.Ok());
            app.MapPost("/api/orders", (Order order) => Results.Created());
            app.Run();

            record Order(string Sku);
            """,
            CodeActionEquivalenceKey = AntiforgeryDisabledFixer.RestoreAntiforgeryKey,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments("A missing app.UseAntiforgery()", "form-binding endpoint 'MapPost(\"/upload\")'"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(1).WithArguments("A missing app.UseAntiforgery()", "form-binding endpoint 'MapPost(\"/contact\")'"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Flags_FormEndpointInExtensionMethod_FixInsertsAfterBuildWhenNoRoutingCalls()
    {
        var test = new Verify.Test
        {
            TestCode = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Routing;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddProblemDetails();
            var app = builder.Build();
            app.MapUploads();
            app.Run();

            static class Uploads
            {
                public static void MapUploads(this IEndpointRouteBuilder routes)
                    => routes.{|#0:MapPost|}("/files", (IFormFileCollection files) => Results.Ok());
            }
            """,
            FixedCode = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Routing;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddProblemDetails();
            builder.Services.AddAntiforgery();
            var app = builder.Build();
            app.UseAntiforgery();
            app.MapUploads();
            app.Run();

            static class Uploads
            {
                public static void MapUploads(this IEndpointRouteBuilder routes)
                    => routes.MapPost("/files", (IFormFileCollection files) => Results.Ok());
            }
            """,
            CodeActionEquivalenceKey = AntiforgeryDisabledFixer.RestoreAntiforgeryKey,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments("A missing app.UseAntiforgery()", "form-binding endpoint 'MapPost(\"/files\")'"));
        await test.RunAsync();
    }

    [Fact]
    public Task Flags_FormEndpointInLibraryWithoutApp_NoFixOffered() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Routing;
        using Microsoft.AspNetCore.Builder;

        public static class Uploads
        {
            public static void MapUploads(this IEndpointRouteBuilder routes)
                => routes.{|#0:MapPost|}("/files", (IFormFile file) => Results.Ok());
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Routing;
        using Microsoft.AspNetCore.Builder;

        public static class Uploads
        {
            public static void MapUploads(this IEndpointRouteBuilder routes)
                => routes.{|#0:MapPost|}("/files", (IFormFile file) => Results.Ok());
        }
        """,
        AntiforgeryDisabledFixer.RestoreAntiforgeryKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("A missing app.UseAntiforgery()", "form-binding endpoint 'MapPost(\"/files\")'"));

    [Fact]
    public Task DoesNotFlag_IgnoreOnGetOnlyApiAndBearerActions() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.RazorPages;

        [AutoValidateAntiforgeryToken]
        public class CatalogController : Controller
        {
            [HttpGet, IgnoreAntiforgeryToken]
            public IActionResult Search(string q) => View();

            [HttpPost, IgnoreAntiforgeryToken]
            [Authorize(AuthenticationSchemes = "Bearer")]
            public IActionResult Sync() => Ok();
        }

        public record Order(string Sku);

        [ApiController, Route("api/orders"), IgnoreAntiforgeryToken]
        public class OrdersController : ControllerBase
        {
            [HttpPost, IgnoreAntiforgeryToken]
            public IActionResult Create(Order order) => Ok();
        }

        public class ProfileModel : PageModel
        {
            [IgnoreAntiforgeryToken]
            public IActionResult OnPost() => Page();
        }
        """);

    [Fact]
    public Task DoesNotFlag_DisableAntiforgeryOnJsonAndGetEndpoints_AndMetadataLookups() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public record Order(string Sku);

        public static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/api/orders", (Order order) => Results.Ok()).DisableAntiforgery();
                app.MapGet("/download", ([FromQuery] string name) => Results.Ok()).DisableAntiforgery();
                app.MapPost("/hook", (HttpRequest request) => Results.Ok()).WithMetadata(new IgnoreAntiforgeryTokenAttribute());
                app.Use(async (context, next) =>
                {
                    var optOut = context.GetEndpoint()?.Metadata.GetMetadata<IgnoreAntiforgeryTokenAttribute>();
                    await next(context);
                });
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_FormEndpointsWhenTheAppUsesAntiforgery() => ProgramAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddAntiforgery();
        var app = builder.Build();
        app.UseAntiforgery();
        app.MapPost("/upload", (IFormFile file) => Results.Ok());
        app.Run();
        """);

    [Fact]
    public Task DoesNotFlag_FormEndpointsWhenRazorPagesRegisterAntiforgeryServices() => ProgramAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddRazorPages();
        var app = builder.Build();
        app.MapRazorPages();
        app.MapPost("/upload", (IFormFile file) => Results.Ok());
        app.Run();
        """);

    [Fact]
    public async Task Flags_FormEndpointInTheOpenDocumentAlone_UnlessAnotherDocumentSetsUpAntiforgery()
    {
        const string Endpoints = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Routing;

            public static class Uploads
            {
                public static void MapUploads(this IEndpointRouteBuilder routes)
                    => routes.MapPost("/files", (IFormFile file) => Results.Ok());
            }
            """;
        const string Program = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.MapUploads();
            app.Run();
            """;

        var missing = await DocumentScope.AnalyzeAsync(
            new AntiforgeryDisabledAnalyzer(), "/Uploads.cs", OutputKind.ConsoleApplication,
            ("/Program.cs", Program), ("/Uploads.cs", Endpoints));
        var middleware = await DocumentScope.AnalyzeAsync(
            new AntiforgeryDisabledAnalyzer(), "/Uploads.cs", OutputKind.ConsoleApplication,
            ("/Program.cs", Program.Replace("app.MapUploads();", "app.UseAntiforgery();\napp.MapUploads();")), ("/Uploads.cs", Endpoints));

        Assert.Equal(new[] { "SB3002@/Uploads.cs(8,19)" }, DocumentScope.Describe(missing));
        Assert.Empty(middleware);
    }

    [Fact]
    public async Task Flags_FormEndpointWhenAntiforgeryIsOnlyMentionedOrAMethodMerelyStartsLikeOne()
    {
        var test = new Verify.Test
        {
            TestCode = /* lang=c#-test */ """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.Extensions.DependencyInjection;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddMvcCore();
                var app = builder.Build();
                // app.UseAntiforgery() is added once the forms send the token.
                const string Reminder = "AddAntiforgery";
                app.{|#0:MapPost|}("/upload", (IFormFile file) => Results.Ok(Reminder));
                app.Run();
                """,
            FixedCode = /* lang=c#-test */ """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.Extensions.DependencyInjection;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddMvcCore();
                builder.Services.AddAntiforgery();
                var app = builder.Build();
                app.UseAntiforgery();
                // app.UseAntiforgery() is added once the forms send the token.
                const string Reminder = "AddAntiforgery";
                app.MapPost("/upload", (IFormFile file) => Results.Ok(Reminder));
                app.Run();
                """,
            CodeActionEquivalenceKey = AntiforgeryDisabledFixer.RestoreAntiforgeryKey,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments("A missing app.UseAntiforgery()", "form-binding endpoint 'MapPost(\"/upload\")'"));
        await test.RunAsync();
    }

    [Fact]
    public Task DoesNotFlag_OptOutsOfAProjectThatShowsNoAuthenticationAndNoPages() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public class OrdersController : Controller
        {
            [HttpPost]
            [IgnoreAntiforgeryToken]
            public IActionResult Place(int id) => Ok();
        }

        public static class UploadEndpoints
        {
            public static void Map(WebApplication app)
            {
                app.UseAntiforgery();
                app.MapPost("/avatar", (IFormFile file) => Results.Ok()).DisableAntiforgery();
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_IgnoreOnPutAndDelete_WithoutAFormFieldThatOverridesTheMethod() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        public class CartController : Controller
        {
            public IActionResult Index() => View();

            [HttpPut, IgnoreAntiforgeryToken]
            public IActionResult Update(int id) => Ok();

            [HttpDelete, IgnoreAntiforgeryToken]
            public IActionResult Delete(int id) => NoContent();
        }
        """ + ForgeryApps.CookieAuthentication);

    [Fact]
    public Task DoesNotFlag_OptOutsOfAnAppThatAuthenticatesWithBearerTokensOnly() => new Verify.Test
    {
        TestCode = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Mvc;

            public class CartController : Controller
            {
                [HttpPost, IgnoreAntiforgeryToken]
                public IActionResult Remove(int id) => RedirectToAction("Index");
            }
            """ + ForgeryApps.BearerAuthentication,
    }.RunAsync();

    [Fact]
    public Task DoesNotFlag_OptOutsOfAnApp_WhenTheOptionSaysTokens() => new Verify.Test
    {
        TestCode = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Mvc;

            public class CartController : Controller
            {
                [HttpPost, IgnoreAntiforgeryToken]
                public IActionResult Remove(int id) => RedirectToAction("Index");
            }
            """ + ForgeryApps.CookieAuthentication,
    }.WithEditorConfig("securebackend.authentication = tokens").RunAsync();

    [Fact]
    public Task Flags_OptOutOfAJsonApiProject_WhenTheOptionSaysCookies() => new Verify.Test
    {
        TestCode = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController : Controller
            {
                [HttpPost]
                [{|#0:IgnoreAntiforgeryToken|}]
                public IActionResult Place(int id) => Ok();
            }
            """,
        FixedCode = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController : Controller
            {
                [HttpPost]
                [ValidateAntiForgeryToken]
                public IActionResult Place(int id) => Ok();
            }
            """,
        CodeActionEquivalenceKey = AntiforgeryDisabledFixer.RestoreAntiforgeryKey,
        ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithArguments("[IgnoreAntiforgeryToken]", "'OrdersController.Place'") },
    }.WithEditorConfig("securebackend.authentication = cookies").RunAsync();

    [Fact]
    public Task DoesNotFlag_BrokenCode() => new Verify.Test
    {
        TestCode = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;

            public class BrokenController : Controller
            {
                [HttpGet, IgnoreAntiforgeryToken(]
                public IActionResult Save( => View(
            }

            public static class E
            {
                public static void Map(WebApplication app)
                {
                    app.MapPost("/x", (Unknown file) => ).DisableAntiforgery(;
                    app.MapPost(.DisableAntiforgery();
                    options.Filters.Add(new IgnoreAntiforgeryTokenAttribute(;
                }
            }
            """,
        CompilerDiagnostics = CompilerDiagnostics.None,
    }.RunAsync();

    [Fact]
    public Task Flags_IgnoreOnMinimalApiLambdasLocalFunctionsAndMethodGroups_InACookieAuthenticatedApp_FixRemovesTheAttribute() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public static class UploadEndpoints
        {
            public static void Map(WebApplication app)
            {
                app.UseAntiforgery();
                app.MapPost("/avatar", [{|#0:IgnoreAntiforgeryToken|}] (IFormFile file) => Results.Ok());
                app.MapPut("/profile", [{|#1:Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryTokenAttribute|}] ([FromForm] string name) => Results.Ok());
                app.MapPost("/notes", {|#2:Save|});
                app.MapPost("/attachments", {|#3:Attach|});

                [{|#5:IgnoreAntiforgeryToken|}]
                static IResult Save(IFormCollection form) => Results.Ok();
            }

            [HttpPost, {|#4:IgnoreAntiforgeryTokenAttribute()|}]
            private static IResult Attach(IFormFileCollection files) => Results.Ok();
        }
        """ + ForgeryApps.CookieAuthentication,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public static class UploadEndpoints
        {
            public static void Map(WebApplication app)
            {
                app.UseAntiforgery();
                app.MapPost("/avatar", (IFormFile file) => Results.Ok());
                app.MapPut("/profile", ([FromForm] string name) => Results.Ok());
                app.MapPost("/notes", Save);
                app.MapPost("/attachments", Attach);

                static IResult Save(IFormCollection form) => Results.Ok();
            }

            [HttpPost]
            private static IResult Attach(IFormFileCollection files) => Results.Ok();
        }
        """ + ForgeryApps.CookieAuthentication,
        AntiforgeryDisabledFixer.RestoreAntiforgeryKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("[IgnoreAntiforgeryToken]", "form-binding endpoint 'MapPost(\"/avatar\")'"),
        Verify.Diagnostic().WithLocation(1).WithArguments("[IgnoreAntiforgeryToken]", "form-binding endpoint 'MapPut(\"/profile\")'"),
        Verify.Diagnostic().WithLocation(2).WithLocation(5).WithArguments("[IgnoreAntiforgeryToken]", "form-binding endpoint 'MapPost(\"/notes\")'"),
        Verify.Diagnostic().WithLocation(3).WithLocation(4).WithArguments("[IgnoreAntiforgeryToken]", "form-binding endpoint 'MapPost(\"/attachments\")'"));

    [Fact]
    public Task Flags_FullAttributeNameInEveryPosition_FixValidatesOrRemoves() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.RazorPages;

        [type: {|#0:IgnoreAntiforgeryTokenAttribute|}]
        public class ProfileModel : PageModel
        {
            public IActionResult OnPost() => Page();
        }

        public class CartController : Controller
        {
            [HttpPost][{|#1:Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryTokenAttribute|}]
            public IActionResult Remove(int id) => RedirectToAction("Index");

            [method: HttpPost, {|#2:IgnoreAntiforgeryToken()|}]
            public IActionResult Clear() => RedirectToAction("Index");
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.RazorPages;

        public class ProfileModel : PageModel
        {
            public IActionResult OnPost() => Page();
        }

        public class CartController : Controller
        {
            [HttpPost][Microsoft.AspNetCore.Mvc.ValidateAntiForgeryTokenAttribute]
            public IActionResult Remove(int id) => RedirectToAction("Index");

            [method: HttpPost, ValidateAntiForgeryToken()]
            public IActionResult Clear() => RedirectToAction("Index");
        }
        """,
        AntiforgeryDisabledFixer.RestoreAntiforgeryKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("[IgnoreAntiforgeryToken]", "'ProfileModel'"),
        Verify.Diagnostic().WithLocation(1).WithArguments("[IgnoreAntiforgeryToken]", "'CartController.Remove'"),
        Verify.Diagnostic().WithLocation(2).WithArguments("[IgnoreAntiforgeryToken]", "'CartController.Clear'"));

    [Fact]
    public Task DoesNotFlag_IgnoreOnMinimalApiHandlersThatNoForgedFormReaches() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public record Order(string Sku);

        public static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.UseAntiforgery();
                app.MapPost("/api/orders", [IgnoreAntiforgeryToken] (Order order) => Results.Ok());
                app.MapGet("/download", [IgnoreAntiforgeryToken] ([FromQuery] string name) => Results.Ok());
                app.MapPost("/hook", Receive);

                [IgnoreAntiforgeryToken]
                static IResult Receive(HttpRequest request) => Results.Ok();
            }
        }
        """ + ForgeryApps.CookieAuthentication);

    [Fact]
    public Task DoesNotFlag_IgnoreOnMinimalApiFormHandlers_InAnAppThatAuthenticatesWithBearerTokensOnly() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public static class UploadEndpoints
        {
            public static void Map(WebApplication app)
            {
                app.UseAntiforgery();
                app.MapPost("/avatar", [IgnoreAntiforgeryToken] (IFormFile file) => Results.Ok());
                app.MapPost("/notes", Save);

                [IgnoreAntiforgeryTokenAttribute]
                static IResult Save(IFormCollection form) => Results.Ok();
            }
        }
        """ + ForgeryApps.BearerAuthentication);
}
