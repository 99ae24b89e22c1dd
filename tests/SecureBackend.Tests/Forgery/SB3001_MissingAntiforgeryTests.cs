using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.Analyzers.Forgery;
using SecureBackend.CodeFixes.Forgery;
using SecureBackend.Tests.Infrastructure;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Forgery.MissingAntiforgeryAnalyzer,
    SecureBackend.CodeFixes.Forgery.MissingAntiforgeryFixer>;

namespace SecureBackend.Tests.Forgery;

public sealed class SB3001_MissingAntiforgeryTests
{
    private const string ProgramWithoutFilter = /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddControllersWithViews();
        var app = builder.Build();
        app.MapDefaultControllerRoute();
        app.Run();
        """;

    private const string CartController = /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        public class CartController : Controller
        {
            [HttpPost]
            public IActionResult Add(int id) => View();
        }
        """;

    [Fact]
    public Task Flags_PostActionOnViewController_FixAddsValidateAttribute() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        public class AccountController : Controller
        {
            [HttpGet]
            public IActionResult Edit() => View();

            // Saves the profile.
            [HttpPost]
            public IActionResult {|#0:Edit|}(string displayName) => RedirectToAction("Index");
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        public class AccountController : Controller
        {
            [HttpGet]
            public IActionResult Edit() => View();

            // Saves the profile.
            [HttpPost]
            [ValidateAntiForgeryToken]
            public IActionResult Edit(string displayName) => RedirectToAction("Index");
        }
        """,
        MissingAntiforgeryFixer.ValidateActionKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("AccountController.Edit", "POST"));

    [Fact]
    public Task Flags_PutPatchDeleteWhenAFormFieldOverridesTheMethod_AndAcceptVerbs_FixAllAddsValidateToEachAction() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        public class CartController : Controller
        {
            [HttpPut("cart/{id}")]
            public IActionResult {|#0:Replace|}(int id) => Ok();

            [HttpPatch("cart/{id}"), Produces("text/html")]
            public IActionResult {|#1:Update|}(int id) => Ok();

            [HttpDelete("cart/{id}")]
            public IActionResult {|#2:Remove|}(int id) => Ok();

            [AcceptVerbs("GET", "POST")]
            public IActionResult {|#3:Checkout|}() => View();
        }
        """ + ForgeryApps.FormMethodOverride,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        public class CartController : Controller
        {
            [HttpPut("cart/{id}")]
            [ValidateAntiForgeryToken]
            public IActionResult Replace(int id) => Ok();

            [HttpPatch("cart/{id}"), Produces("text/html")]
            [ValidateAntiForgeryToken]
            public IActionResult Update(int id) => Ok();

            [HttpDelete("cart/{id}")]
            [ValidateAntiForgeryToken]
            public IActionResult Remove(int id) => Ok();

            [AcceptVerbs("GET", "POST")]
            [ValidateAntiForgeryToken]
            public IActionResult Checkout() => View();
        }
        """ + ForgeryApps.FormMethodOverride,
        MissingAntiforgeryFixer.ValidateActionKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("CartController.Replace", "PUT"),
        Verify.Diagnostic().WithLocation(1).WithArguments("CartController.Update", "PATCH"),
        Verify.Diagnostic().WithLocation(2).WithArguments("CartController.Remove", "DELETE"),
        Verify.Diagnostic().WithLocation(3).WithArguments("CartController.Checkout", "POST"));

    [Fact]
    public Task Flags_TwoActions_FixAllAddsAutoValidateOnceToController() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        namespace Shop.Controllers
        {
            /// <summary>Orders.</summary>
            public class OrdersController : Controller
            {
                public IActionResult Index() => View();

                [HttpPost]
                public IActionResult {|#0:Create|}(string sku) => RedirectToAction(nameof(Index));

                [HttpPost]
                public IActionResult {|#1:Cancel|}(int id) => RedirectToAction(nameof(Index));
            }
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        namespace Shop.Controllers
        {
            /// <summary>Orders.</summary>
            [AutoValidateAntiforgeryToken]
            public class OrdersController : Controller
            {
                public IActionResult Index() => View();

                [HttpPost]
                public IActionResult Create(string sku) => RedirectToAction(nameof(Index));

                [HttpPost]
                public IActionResult Cancel(int id) => RedirectToAction(nameof(Index));
            }
        }
        """,
        MissingAntiforgeryFixer.AutoValidateControllerKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("OrdersController.Create", "POST"),
        Verify.Diagnostic().WithLocation(1).WithArguments("OrdersController.Cancel", "POST"));

    [Fact]
    public async Task Flags_ActionsInTwoDocuments_GlobalFilterFixRegistersOnceInProgramAndAddsUsing()
    {
        var test = new Verify.Test
        {
            CodeActionEquivalenceKey = MissingAntiforgeryFixer.GlobalFilterKey,
            NumberOfFixAllIterations = 1,
            NumberOfFixAllInDocumentIterations = 1,
            NumberOfFixAllInProjectIterations = 1,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.TestState.Sources.Add(("/Program.cs", /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddControllersWithViews();
            var app = builder.Build();
            app.MapDefaultControllerRoute();
            app.Run();
            """));
        test.TestState.Sources.Add(("/Controllers/AccountController.cs", /* lang=c#-test */ """
            using Microsoft.AspNetCore.Mvc;

            public class AccountController : Controller
            {
                [HttpPost]
                public IActionResult {|#0:Logout|}() => RedirectToAction("Index", "Home");
            }
            """));
        test.TestState.Sources.Add(("/Controllers/CartController.cs", /* lang=c#-test */ """
            using Microsoft.AspNetCore.Mvc;

            public class CartController : Controller
            {
                [HttpPost]
                public IActionResult {|#1:Add|}(int productId) => RedirectToAction("Index");
            }
            """));
        test.FixedState.Sources.Add(("/Program.cs", /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddControllersWithViews(options => options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()));
            var app = builder.Build();
            app.MapDefaultControllerRoute();
            app.Run();
            """));
        test.FixedState.Sources.Add(("/Controllers/AccountController.cs", /* lang=c#-test */ """
            using Microsoft.AspNetCore.Mvc;

            public class AccountController : Controller
            {
                [HttpPost]
                public IActionResult Logout() => RedirectToAction("Index", "Home");
            }
            """));
        test.FixedState.Sources.Add(("/Controllers/CartController.cs", /* lang=c#-test */ """
            using Microsoft.AspNetCore.Mvc;

            public class CartController : Controller
            {
                [HttpPost]
                public IActionResult Add(int productId) => RedirectToAction("Index");
            }
            """));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments("AccountController.Logout", "POST"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(1).WithArguments("CartController.Add", "POST"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Flags_StartupWithOptionsBlock_GlobalFilterFixAppendsToTheBlock()
    {
        var test = new Verify.Test
        {
            CodeActionEquivalenceKey = MissingAntiforgeryFixer.GlobalFilterKey,
        };
        test.TestState.Sources.Add(("/Startup.cs", /* lang=c#-test */ """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.DependencyInjection;

            public class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                {
                    services.AddMvc(mvc =>
                    {
                        mvc.Filters.Add(new RequireHttpsAttribute());
                    });
                }
            }
            """));
        test.TestState.Sources.Add(("/ProfileController.cs", /* lang=c#-test */ """
            using Microsoft.AspNetCore.Mvc;

            public class ProfileController : Controller
            {
                [HttpPost]
                public IActionResult {|#0:Save|}(string name) => View();
            }
            """));
        test.FixedState.Sources.Add(("/Startup.cs", /* lang=c#-test */ """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.DependencyInjection;

            public class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                {
                    services.AddMvc(mvc =>
                    {
                        mvc.Filters.Add(new RequireHttpsAttribute());
                        mvc.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                    });
                }
            }
            """));
        test.FixedState.Sources.Add(("/ProfileController.cs", /* lang=c#-test */ """
            using Microsoft.AspNetCore.Mvc;

            public class ProfileController : Controller
            {
                [HttpPost]
                public IActionResult Save(string name) => View();
            }
            """));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments("ProfileController.Save", "POST"));
        await test.RunAsync();
    }

    [Fact]
    public Task Flags_NoServiceRegistrationInProject_GlobalFilterFixNotOffered() => new Verify.Test
    {
        TestCode = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Mvc;

            public class ProfileController : Controller
            {
                [HttpPost]
                public IActionResult {|#0:Save|}(string name) => View();
            }
            """,
        FixedCode = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Mvc;

            public class ProfileController : Controller
            {
                [HttpPost]
                public IActionResult {|#0:Save|}(string name) => View();
            }
            """,
        CodeActionEquivalenceKey = MissingAntiforgeryFixer.GlobalFilterKey,
        ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithArguments("ProfileController.Save", "POST") },
    }.RunAsync();

    [Fact]
    public Task Flags_VerblessActionBindingForm_OnViewController() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public class UploadController : Controller
        {
            public IActionResult {|#0:Avatar|}(IFormFile file) => View();

            public IActionResult {|#1:Rename|}([FromForm] string name) => View();
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public class UploadController : Controller
        {
            [ValidateAntiForgeryToken]
            public IActionResult Avatar(IFormFile file) => View();

            [ValidateAntiForgeryToken]
            public IActionResult Rename([FromForm] string name) => View();
        }
        """,
        MissingAntiforgeryFixer.ValidateActionKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("UploadController.Avatar", "form"),
        Verify.Diagnostic().WithLocation(1).WithArguments("UploadController.Rename", "form"));

    [Fact]
    public Task Flags_ApiControllerThatBindsFromForm_InACookieAuthenticatedApp() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        [Route("api/files")]
        public class FilesController : ControllerBase
        {
            [HttpPost]
            public IActionResult {|#0:Upload|}(List<IFormFile> files) => Ok();

            [HttpPost("json")]
            public IActionResult Json(Dictionary<string, string> body) => Ok();
        }
        """ + ForgeryApps.CookieAuthentication,
        /* lang=c#-test */ """
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        [Route("api/files")]
        public class FilesController : ControllerBase
        {
            [HttpPost]
            [ValidateAntiForgeryToken]
            public IActionResult Upload(List<IFormFile> files) => Ok();

            [HttpPost("json")]
            public IActionResult Json(Dictionary<string, string> body) => Ok();
        }
        """ + ForgeryApps.CookieAuthentication,
        MissingAntiforgeryFixer.ValidateActionKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("FilesController.Upload", "POST"));

    [Fact]
    public Task Flags_AllowAnonymousLoginPost() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;

        public class LoginController : Controller
        {
            [HttpPost, AllowAnonymous]
            public IActionResult {|#0:SignIn|}(string user, string password) => View();
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;

        public class LoginController : Controller
        {
            [HttpPost, AllowAnonymous]
            [ValidateAntiForgeryToken]
            public IActionResult SignIn(string user, string password) => View();
        }
        """,
        MissingAntiforgeryFixer.ValidateActionKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("LoginController.SignIn", "POST"));

    [Fact]
    public Task Flags_ActionOfAbstractBaseController_WhenNoDerivedControllerValidates() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        public abstract class CrudController<T> : Controller
        {
            [HttpPost]
            public IActionResult {|#0:Delete|}(int id) => RedirectToAction("Index");
        }

        public class ProductsController : CrudController<string>
        {
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        [AutoValidateAntiforgeryToken]
        public abstract class CrudController<T> : Controller
        {
            [HttpPost]
            public IActionResult Delete(int id) => RedirectToAction("Index");
        }

        public class ProductsController : CrudController<string>
        {
        }
        """,
        MissingAntiforgeryFixer.AutoValidateControllerKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("CrudController.Delete", "POST"));

    [Fact]
    public Task Flags_ValidationOnAnotherControllerDoesNotCount() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        [AutoValidateAntiforgeryToken]
        public class SafeController : Controller
        {
            [HttpPost]
            public IActionResult Save() => View();
        }

        public class UnsafeController : Controller
        {
            [HttpPost] public IActionResult {|#0:Save|}() => View();
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        [AutoValidateAntiforgeryToken]
        public class SafeController : Controller
        {
            [HttpPost]
            public IActionResult Save() => View();
        }

        public class UnsafeController : Controller
        {
            [HttpPost, ValidateAntiForgeryToken] public IActionResult Save() => View();
        }
        """,
        MissingAntiforgeryFixer.ValidateActionKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("UnsafeController.Save", "POST"));

    [Fact]
    public Task DoesNotFlag_GetHeadOptionsAndVerblessActions() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        public class CatalogController : Controller
        {
            public IActionResult Index(string search) => View();

            [HttpGet("catalog/{id}")]
            public IActionResult Details(int id) => View();

            [HttpHead]
            public IActionResult Ping() => Ok();

            [HttpOptions]
            public IActionResult Options() => Ok();

            [AcceptVerbs("GET", "HEAD")]
            public IActionResult Feed() => Ok();

            [HttpPost]
            private IActionResult Helper() => Ok();

            [HttpPost, NonAction]
            public IActionResult NotAnAction() => Ok();
        }
        """);

    [Fact]
    public Task DoesNotFlag_ValidationOnActionControllerOrBaseClass() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Antiforgery;
        using Microsoft.AspNetCore.Mvc;

        public class AccountController : Controller
        {
            [HttpPost, ValidateAntiForgeryToken]
            public IActionResult Logout() => View();

            [HttpPost, RequireAntiforgeryToken]
            public IActionResult Forget() => View();
        }

        [AutoValidateAntiforgeryToken]
        public class CartController : Controller
        {
            [HttpPost]
            public IActionResult Add(int id) => View();
        }

        [AutoValidateAntiforgeryToken]
        public abstract class SecureController : Controller
        {
        }

        public class OrdersController : SecureController
        {
            [HttpDelete]
            public IActionResult Cancel(int id) => View();
        }

        public abstract class CrudController : Controller
        {
            [HttpPost]
            public IActionResult Delete(int id) => View();
        }

        [AutoValidateAntiforgeryToken]
        public class ProductsController : CrudController
        {
        }
        """);

    [Fact]
    public async Task DoesNotFlag_GlobalFilterRegisteredInProgram()
    {
        var test = new Verify.Test();
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.TestState.Sources.Add(("/Program.cs", /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddControllersWithViews(options =>
                options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()));
            var app = builder.Build();
            app.MapDefaultControllerRoute();
            app.Run();
            """));
        test.TestState.Sources.Add(("/CartController.cs", /* lang=c#-test */ """
            using Microsoft.AspNetCore.Mvc;

            public class CartController : Controller
            {
                [HttpPost]
                public IActionResult Add(int id) => View();
            }
            """));
        await test.RunAsync();
    }

    [Fact]
    public Task DoesNotFlag_GenericGlobalFilterInStartup() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.DependencyInjection;

        public class Startup
        {
            public void ConfigureServices(IServiceCollection services)
                => services.AddMvc(o => o.Filters.Add<AutoValidateAntiforgeryTokenAttribute>());
        }

        public class CartController : Controller
        {
            [HttpPost]
            public IActionResult Add(int id) => View();
        }
        """);

    [Fact]
    public Task DoesNotFlag_GlobalFilterByTypeInOptionsLocalAndStaticMethod() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.DependencyInjection;

        public static class MvcSetup
        {
            public static void AddShop(this IServiceCollection services)
            {
                Action<MvcOptions> configure = Configure;
                services.Configure(configure);
            }

            private static void Configure(MvcOptions options) => options.Filters.Add(typeof(ValidateAntiForgeryTokenAttribute));
        }

        public class CartController : Controller
        {
            [HttpPost]
            public IActionResult Add(int id) => View();
        }
        """);

    [Fact]
    public Task DoesNotFlag_JsonApiControllersAndBearerOnlyControllers() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;

        public record Order(string Sku, int Quantity);

        [ApiController, Route("api/orders")]
        public class OrdersApiController : ControllerBase
        {
            [HttpPost]
            public IActionResult Create(Order order) => Ok();

            [HttpDelete("{id}")]
            public IActionResult Delete(int id) => NoContent();
        }

        [Route("api/raw")]
        public class RawApiController : ControllerBase
        {
            [HttpPut]
            public IActionResult Put([FromBody] Order order) => Ok();
        }

        [Authorize(AuthenticationSchemes = "Bearer")]
        public class TokenController : Controller
        {
            [HttpPost]
            public IActionResult Refresh(string token) => Ok();
        }
        """);

    [Fact]
    public Task DoesNotFlag_IgnoreAntiforgeryTokenIsLeftToSB3002() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        public class WebhookController : Controller
        {
            [HttpPost, IgnoreAntiforgeryToken]
            public IActionResult Receive(string payload) => Ok();
        }
        """);

    [Fact]
    public Task DoesNotFlag_RazorPageHandlersAndManualValidation() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Antiforgery;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.RazorPages;

        public class CheckoutModel : PageModel
        {
            public IActionResult OnPost() => Page();

            public IActionResult OnPostCancel(int id) => Page();
        }

        public class ImportController : Controller
        {
            private readonly IAntiforgery _antiforgery;

            public ImportController(IAntiforgery antiforgery) => _antiforgery = antiforgery;

            [HttpPost]
            public async Task<IActionResult> Run()
            {
                await _antiforgery.ValidateRequestAsync(HttpContext);
                return Ok();
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_WhenHostDeclaresGlobalFilterInEditorConfig() => new Verify.Test
    {
        TestCode = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Mvc;

            public class CartController : Controller
            {
                [HttpPost]
                public IActionResult Add(int id) => View();
            }
            """,
    }.WithEditorConfig("securebackend.SB3001.global_antiforgery_filter = true").RunAsync();

    [Fact]
    public async Task Flags_InTheOpenControllerDocumentAlone_WithoutCompilationEndAnalysis()
    {
        var diagnostics = await DocumentScope.AnalyzeAsync(
            new MissingAntiforgeryAnalyzer(),
            "/Controllers/CartController.cs",
            OutputKind.ConsoleApplication,
            ("/Program.cs", ProgramWithoutFilter),
            ("/Controllers/CartController.cs", CartController));

        Assert.Equal(new[] { "SB3001@/Controllers/CartController.cs(6,26)" }, DocumentScope.Describe(diagnostics));
        Assert.Equal("Action 'CartController.Add' handles POST requests without antiforgery token validation", diagnostics[0].GetMessage());
    }

    [Fact]
    public async Task DoesNotFlag_InTheOpenControllerDocument_WhenAnotherDocumentRegistersTheGlobalFilter()
    {
        var diagnostics = await DocumentScope.AnalyzeAsync(
            new MissingAntiforgeryAnalyzer(),
            "/Controllers/CartController.cs",
            OutputKind.ConsoleApplication,
            ("/Program.cs", ProgramWithoutFilter.Replace(
                "AddControllersWithViews()",
                "AddControllersWithViews(o => o.Filters.Add(new Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute()))")),
            ("/Controllers/CartController.cs", CartController));

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task Flags_InheritedActionInTheOpenBaseDocument_UnlessAControllerInAnotherDocumentValidates()
    {
        const string Base = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Mvc;

            public abstract class CrudController<T> : Controller
            {
                [HttpPost]
                public IActionResult Delete(int id) => RedirectToAction("Index");
            }
            """;
        const string Derived = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Mvc;

            public class ProductsController : CrudController<string>
            {
            }
            """;

        var unvalidated = await DocumentScope.AnalyzeAsync(
            new MissingAntiforgeryAnalyzer(), "/CrudController.cs", OutputKind.DynamicallyLinkedLibrary,
            ("/CrudController.cs", Base), ("/ProductsController.cs", Derived));
        var validated = await DocumentScope.AnalyzeAsync(
            new MissingAntiforgeryAnalyzer(), "/CrudController.cs", OutputKind.DynamicallyLinkedLibrary,
            ("/CrudController.cs", Base), ("/ProductsController.cs", Derived.Replace("public class", "[AutoValidateAntiforgeryToken]\npublic class")));

        Assert.Equal(new[] { "SB3001@/CrudController.cs(6,26)" }, DocumentScope.Describe(unvalidated));
        Assert.Empty(validated);
    }

    [Fact]
    public Task Flags_InheritedActionThatBindsAFormOnlyThroughTheDerivedControllersTypeArgument_InACookieAuthenticatedApp() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        public abstract class UploadController<TFile> : ControllerBase
        {
            [HttpPost]
            public IActionResult {|#0:Upload|}(TFile file) => Ok();
        }

        public class AvatarController : UploadController<IFormFile>
        {
        }

        public class DocumentController : UploadController<string>
        {
        }
        """ + ForgeryApps.CookieAuthentication,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        public abstract class UploadController<TFile> : ControllerBase
        {
            [HttpPost]
            [ValidateAntiForgeryToken]
            public IActionResult Upload(TFile file) => Ok();
        }

        public class AvatarController : UploadController<IFormFile>
        {
        }

        public class DocumentController : UploadController<string>
        {
        }
        """ + ForgeryApps.CookieAuthentication,
        MissingAntiforgeryFixer.ValidateActionKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("UploadController.Upload", "POST"));

    [Fact]
    public Task Flags_WhenTheValidatingAttributeIsOnlyNamedInAttributesNameofGenericTypesCommentsOrStrings() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Mvc;

        [TypeFilter(typeof(AutoValidateAntiforgeryTokenAttribute))]
        public class AuditController : Controller
        {
            private readonly List<AutoValidateAntiforgeryTokenAttribute> _seen = new List<AutoValidateAntiforgeryTokenAttribute>();

            public string Name => nameof(AutoValidateAntiforgeryTokenAttribute);

            // TODO: options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
            public string Hint => "options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute())";
        }

        public class CartController : Controller
        {
            [HttpPost]
            public IActionResult {|#0:Add|}(int id) => View();
        }
        """,
        /* lang=c#-test */ """
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Mvc;

        [TypeFilter(typeof(AutoValidateAntiforgeryTokenAttribute))]
        public class AuditController : Controller
        {
            private readonly List<AutoValidateAntiforgeryTokenAttribute> _seen = new List<AutoValidateAntiforgeryTokenAttribute>();

            public string Name => nameof(AutoValidateAntiforgeryTokenAttribute);

            // TODO: options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
            public string Hint => "options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute())";
        }

        public class CartController : Controller
        {
            [HttpPost]
            [ValidateAntiForgeryToken]
            public IActionResult Add(int id) => View();
        }
        """,
        MissingAntiforgeryFixer.ValidateActionKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("CartController.Add", "POST"));

    [Fact]
    public async Task DoesNotFlag_GlobalFilterThroughGlobalUsingAliasAndFullyQualifiedNames()
    {
        var alias = new Verify.Test();
        alias.TestState.Sources.Add(("/GlobalUsings.cs", "global using Csrf = Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute;"));
        alias.TestState.Sources.Add(("/Startup.cs", /* lang=c#-test */ """
            using Microsoft.Extensions.DependencyInjection;

            public class Startup
            {
                public void ConfigureServices(IServiceCollection services) => services.AddMvc(o => o.Filters.Add(new Csrf()));
            }
            """));
        alias.TestState.Sources.Add(("/CartController.cs", CartController));
        await alias.RunAsync();

        await Verify.AnalyzerAsync(
            /* lang=c#-test */ """
            using Microsoft.Extensions.DependencyInjection;

            public static class Setup
            {
                public static void Add(IServiceCollection services)
                    => services.AddControllersWithViews(o => o.Filters.Add(typeof(global::Microsoft.AspNetCore.Mvc.ValidateAntiForgeryTokenAttribute)));
            }

            public class CartController : Microsoft.AspNetCore.Mvc.Controller
            {
                [Microsoft.AspNetCore.Mvc.HttpPost]
                public Microsoft.AspNetCore.Mvc.IActionResult Add(int id) => View();
            }
            """);
    }

    [Fact]
    public async Task DoesNotFlag_GlobalFilterDerivedFromAutoValidateOrAssignedWithTargetTypedNew()
    {
        var derived = new Verify.Test();
        derived.TestState.Sources.Add(("/CsrfFilter.cs", /* lang=c#-test */ """
            public sealed class CsrfFilter : Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute
            {
            }
            """));
        derived.TestState.Sources.Add(("/Startup.cs", /* lang=c#-test */ """
            using Microsoft.Extensions.DependencyInjection;

            public class Startup
            {
                public void ConfigureServices(IServiceCollection services) => services.AddMvc(o => o.Filters.Add<CsrfFilter>());
            }
            """));
        derived.TestState.Sources.Add(("/CartController.cs", CartController));
        await derived.RunAsync();

        await Verify.AnalyzerAsync(
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.DependencyInjection;

            public static class Setup
            {
                private static readonly AutoValidateAntiforgeryTokenAttribute Filter = new();

                public static void Add(IServiceCollection services) => services.AddMvc(o => o.Filters.Add(Filter));
            }

            public class CartController : Controller
            {
                [HttpPost]
                public IActionResult Add(int id) => View();
            }
            """);
    }

    [Fact]
    public Task DoesNotFlag_PutPatchDeleteWithoutAFormFieldThatOverridesTheMethod() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        public class CartController : Controller
        {
            public IActionResult Index() => View();

            [HttpPut("cart/{id}")]
            public IActionResult Replace(int id) => Ok();

            [HttpPatch("cart/{id}")]
            public IActionResult Update(int id) => Ok();

            [HttpDelete("cart/{id}")]
            public IActionResult Remove(int id) => Ok();
        }
        """);

    [Fact]
    public Task DoesNotFlag_ApiControllersThatBindFormsOrRouteValues_WhenTheProjectShowsNoAuthenticationAndNoPages() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        [Route("api/files")]
        public class FilesController : ControllerBase
        {
            [HttpPost]
            public IActionResult Upload(List<IFormFile> files) => Ok();
        }

        [ApiController]
        public abstract class UploadController<TFile> : ControllerBase
        {
            [HttpPost]
            public IActionResult Upload(TFile file) => Ok();
        }

        public class AvatarController : UploadController<IFormFile>
        {
        }

        // A JSON API on Controller whose authentication is set up in another project.
        [Route("items")]
        [Authorize("Application")]
        public class ItemsController : Controller
        {
            [HttpPost("{id}/delete")]
            public IActionResult Delete(string id) => Ok();
        }
        """);

    [Fact]
    public Task Flags_RouteOnlyPostOfAJsonApi_WhenTheOptionSaysCookies() => new Verify.Test
    {
        TestCode = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            [Route("items")]
            [Authorize("Application")]
            public class ItemsController : Controller
            {
                [HttpPost("{id}/delete")]
                public IActionResult {|#0:Delete|}(string id) => Ok();
            }
            """,
        FixedCode = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            [Route("items")]
            [Authorize("Application")]
            public class ItemsController : Controller
            {
                [HttpPost("{id}/delete")]
                [ValidateAntiForgeryToken]
                public IActionResult Delete(string id) => Ok();
            }
            """,
        CodeActionEquivalenceKey = MissingAntiforgeryFixer.ValidateActionKey,
        ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithArguments("ItemsController.Delete", "POST") },
    }.WithEditorConfig("securebackend.authentication = cookies").RunAsync();

    [Fact]
    public Task DoesNotFlag_PagesOfAnApp_WhenTheOptionSaysTokens() => new Verify.Test
    {
        TestCode = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Mvc;

            public class CartController : Controller
            {
                [HttpPost]
                public IActionResult Add(int id) => View();
            }
            """,
    }.WithEditorConfig("securebackend.authentication = tokens").RunAsync();

    [Fact]
    public Task DoesNotFlag_PagesOfAnApp_ThatAuthenticatesWithBearerTokensOnly() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        public class CartController : Controller
        {
            [HttpPost]
            public IActionResult Add(int id) => View();
        }
        """ + ForgeryApps.BearerAuthentication);

    [Fact]
    public Task Flags_PagesOfAnApp_ThatRegistersACookieSchemeBesideBearerTokens() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        public class CartController : Controller
        {
            [HttpPost]
            public IActionResult {|#0:Add|}(int id) => View();
        }
        """ + ForgeryApps.BearerAuthentication + ForgeryApps.CookieAuthentication,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        public class CartController : Controller
        {
            [HttpPost]
            [ValidateAntiForgeryToken]
            public IActionResult Add(int id) => View();
        }
        """ + ForgeryApps.BearerAuthentication + ForgeryApps.CookieAuthentication,
        MissingAntiforgeryFixer.ValidateActionKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("CartController.Add", "POST"));

    [Fact]
    public Task DoesNotFlag_JsonBodies_FromBodyOrInferredByApiController_InACookieAuthenticatedApp() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        public record Order(string Sku, int Quantity);

        public class OrdersController : Controller
        {
            public IActionResult Index() => View();

            [HttpPost]
            public IActionResult Create([FromBody] Order order) => Ok();

            [HttpPut("{id}")]
            public IActionResult Replace(int id, [FromBody] Order order) => Ok();
        }

        [ApiController, Route("api/orders")]
        public class OrdersApiController : ControllerBase
        {
            [HttpPost]
            public IActionResult Create(Order order) => Ok();

            [HttpPost("{id}/lines")]
            public IActionResult AddLine(int id, [FromQuery] string note, Order line) => Ok();
        }
        """ + ForgeryApps.CookieAuthentication + ForgeryApps.FormMethodOverride);

    [Fact]
    public Task Flags_TheSameActionsBindingAFormOrRouteValuesOnly_InACookieAuthenticatedApp() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        public record Order(string Sku, int Quantity);

        public class OrdersController : Controller
        {
            [HttpPost]
            public IActionResult {|#0:Create|}([FromForm] Order order) => Ok();

            [HttpPost]
            public IActionResult {|#1:Place|}(Order order) => Ok();
        }

        [ApiController, Route("api/orders")]
        public class OrdersApiController : ControllerBase
        {
            [HttpPost("{id}/delete")]
            public IActionResult {|#2:Delete|}(int id) => NoContent();
        }
        """ + ForgeryApps.CookieAuthentication,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        public record Order(string Sku, int Quantity);

        public class OrdersController : Controller
        {
            [HttpPost]
            [ValidateAntiForgeryToken]
            public IActionResult Create([FromForm] Order order) => Ok();

            [HttpPost]
            [ValidateAntiForgeryToken]
            public IActionResult Place(Order order) => Ok();
        }

        [ApiController, Route("api/orders")]
        public class OrdersApiController : ControllerBase
        {
            [HttpPost("{id}/delete")]
            [ValidateAntiForgeryToken]
            public IActionResult Delete(int id) => NoContent();
        }
        """ + ForgeryApps.CookieAuthentication,
        MissingAntiforgeryFixer.ValidateActionKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("OrdersController.Create", "POST"),
        Verify.Diagnostic().WithLocation(1).WithArguments("OrdersController.Place", "POST"),
        Verify.Diagnostic().WithLocation(2).WithArguments("OrdersApiController.Delete", "POST"));

    [Fact]
    public Task Flags_JsonBodiesAndPut_WhenCorsAdmitsCredentialsFromEveryOrigin() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        public record Order(string Sku, int Quantity);

        [ApiController, Route("api/orders")]
        public class OrdersApiController : ControllerBase
        {
            [HttpPut("{id}")]
            public IActionResult {|#0:Replace|}(int id, Order order) => Ok();
        }
        """ + ForgeryApps.CookieAuthentication + ForgeryApps.CredentialedCorsFromAnyOrigin,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;

        public record Order(string Sku, int Quantity);

        [ApiController, Route("api/orders")]
        public class OrdersApiController : ControllerBase
        {
            [HttpPut("{id}")]
            [ValidateAntiForgeryToken]
            public IActionResult Replace(int id, Order order) => Ok();
        }
        """ + ForgeryApps.CookieAuthentication + ForgeryApps.CredentialedCorsFromAnyOrigin,
        MissingAntiforgeryFixer.ValidateActionKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("OrdersApiController.Replace", "PUT"));

    [Fact]
    public Task DoesNotFlag_EndpointsThatNameOnlyTokenSchemes_InACookieAppWithCredentialedCors() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;

        public record Order(string Sku, int Quantity);

        public static class Schemes
        {
            public const string Api = "API";
        }

        // An authorize attribute of the application that names the scheme in its constructor.
        public sealed class ApiPermissionAttribute : AuthorizeAttribute
        {
            public ApiPermissionAttribute() => AuthenticationSchemes = Schemes.Api;
        }

        [ApiController, Route("api/orders"), ApiPermission]
        public class OrdersApiController : ControllerBase
        {
            [HttpPut("{id}")]
            public IActionResult Replace(int id, Order order) => Ok();

            [HttpPost("{id}/delete")]
            public IActionResult Delete(int id) => NoContent();
        }

        [Route("api/carts")]
        public class CartsApiController : ControllerBase
        {
            [HttpPost("{id}/clear"), Authorize(AuthenticationSchemes = "Bearer")]
            public IActionResult Clear(int id) => NoContent();
        }
        """ + ForgeryApps.CookieAuthentication + ForgeryApps.BearerAuthentication + ForgeryApps.CredentialedCorsFromAnyOrigin);

    [Fact]
    public Task DoesNotFlag_EndpointsUnderAnAuthorizeAttributeOfAnotherProject_InACookieAppWithCredentialedCors()
    {
        // The attribute sets its schemes in a constructor this compilation cannot read: authentication out of sight.
        var test = new AnalyzerVerifier<MissingAntiforgeryAnalyzer>.Test
        {
            TestCode = /* lang=c#-test */ """
                using Microsoft.AspNetCore.Mvc;
                using Shared.Web;

                public record Order(string Sku, int Quantity);

                [ApiController, Route("api/orders"), ApiPermission]
                public class OrdersApiController : ControllerBase
                {
                    [HttpPut("{id}")]
                    public IActionResult Replace(int id, Order order) => Ok();
                }

                [ApiController, Route("api/carts"), Microsoft.AspNetCore.Authorization.Authorize]
                public class CartsApiController : ControllerBase
                {
                    [HttpPut("{id}")]
                    public IActionResult {|#0:Replace|}(int id, Order order) => Ok();
                }
                """ + ForgeryApps.CookieAuthentication + ForgeryApps.CredentialedCorsFromAnyOrigin,
        };
        var shared = new ProjectState("Shared.Web", LanguageNames.CSharp, "/Shared", "cs");
        shared.Sources.Add(("/Shared/ApiPermissionAttribute.cs", /* lang=c#-test */ """
            namespace Shared.Web;

            public sealed class ApiPermissionAttribute : Microsoft.AspNetCore.Authorization.AuthorizeAttribute
            {
                public ApiPermissionAttribute() => AuthenticationSchemes = "API";
            }
            """));
        test.TestState.AdditionalProjects.Add("Shared.Web", shared);
        test.TestState.AdditionalProjectReferences.Add("Shared.Web");
        test.ExpectedDiagnostics.Add(AnalyzerVerifier<MissingAntiforgeryAnalyzer>.Diagnostic().WithLocation(0).WithArguments("CartsApiController.Replace", "PUT"));
        return test.RunAsync();
    }

    [Fact]
    public Task Flags_EndpointsThatNameACookieScheme_InACookieAppWithCredentialedCors() => AnalyzerVerifier<MissingAntiforgeryAnalyzer>.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;

        public record Order(string Sku, int Quantity);

        public sealed class ApiPermissionAttribute : AuthorizeAttribute
        {
            public ApiPermissionAttribute() => AuthenticationSchemes = "Bearer,Cookies";
        }

        [ApiController, Route("api/orders"), ApiPermission]
        public class OrdersApiController : ControllerBase
        {
            [HttpPut("{id}")]
            public IActionResult {|#0:Replace|}(int id, Order order) => Ok();
        }

        [Route("admin/carts")]
        public class CartsAdminController : ControllerBase
        {
            [HttpPost("{id}/clear"), Authorize(AuthenticationSchemes = "Admin")]
            public IActionResult {|#1:Clear|}(int id) => NoContent();
        }

        namespace Host.AdminCookie
        {
            using Microsoft.Extensions.DependencyInjection;

            public static class AdminSignIn
            {
                public static void Add(IServiceCollection services) => services.AddAuthentication().AddCookie("Admin");
            }
        }
        """ + ForgeryApps.BearerAuthentication + ForgeryApps.CredentialedCorsFromAnyOrigin,
        Verify.Diagnostic().WithLocation(0).WithArguments("OrdersApiController.Replace", "PUT"),
        Verify.Diagnostic().WithLocation(1).WithArguments("CartsAdminController.Clear", "POST"));

    [Fact]
    public Task DoesNotFlag_ActionsNamingASchemeOfAPackageNotReferenced_InACookieApp() => new Verify.Test
    {
        // The scheme constant belongs to a library this compilation does not reference (in a build it resolves to the
        // library's token scheme): authentication set up out of sight, so the rule stays silent.
        TestCode = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            public class UserInfoController : Controller
            {
                [Authorize(AuthenticationSchemes = {|CS0103:ServerDefaults|}.AuthenticationScheme)]
                [HttpPost("connect/userinfo")]
                public IActionResult UserInfo() => Ok();
            }
            """ + ForgeryApps.CookieAuthentication,
    }.RunAsync();

    [Fact]
    public Task Flags_ActionNamingACookieSchemeByConstant_InACookieApp() => AnalyzerVerifier<MissingAntiforgeryAnalyzer>.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Authentication.Cookies;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;

        public class ProfileController : Controller
        {
            [Authorize(AuthenticationSchemes = CookieAuthenticationDefaults.AuthenticationScheme)]
            [HttpPost("profile/delete")]
            public IActionResult {|#0:Delete|}() => Ok();
        }
        """ + ForgeryApps.CookieAuthentication,
        Verify.Diagnostic().WithLocation(0).WithArguments("ProfileController.Delete", "POST"));

    [Fact]
    public Task DoesNotFlag_TokenEndpointThatAuthenticatesWithItsOwnScheme_InACookieApp() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authentication;
        using Microsoft.AspNetCore.Mvc;

        public class TokenController : Controller
        {
            // An OAuth token endpoint: the client authenticates in the request itself, the action reads only what the
            // token scheme finds, never the user the cookie signed in.
            [HttpPost("connect/token")]
            public async Task<IActionResult> Exchange()
            {
                var result = await HttpContext.AuthenticateAsync("Bearer");
                if (result.Principal is null)
                {
                    return Forbid("Bearer");
                }

                return SignIn(result.Principal, "Bearer");
            }
        }

        public class ProtocolController : Controller
        {
            // The scheme is a constant of a protocol library the compilation does not reference.
            [HttpPost("connect/exchange")]
            public async Task<IActionResult> Exchange()
            {
                var result = await HttpContext.AuthenticateAsync({|CS0103:ServerDefaults|}.AuthenticationScheme);
                return result.Principal is null ? Forbid() : Ok();
            }
        }
        """ + ForgeryApps.CookieAuthentication + ForgeryApps.BearerAuthentication);

    [Fact]
    public Task Flags_ActionThatAuthenticatesWithTheCookieOrReadsTheSignedInUser_InACookieApp() => AnalyzerVerifier<MissingAntiforgeryAnalyzer>.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authentication;
        using Microsoft.AspNetCore.Mvc;

        public class AccountController : Controller
        {
            [HttpPost("account/link")]
            public async Task<IActionResult> {|#0:Link|}()
            {
                var result = await HttpContext.AuthenticateAsync("Cookies");
                return Ok(result.Succeeded);
            }

            [HttpPost("account/refresh")]
            public async Task<IActionResult> {|#1:Refresh|}()
            {
                var external = await HttpContext.AuthenticateAsync("Bearer");
                return Ok(User.Identity?.Name + external.Succeeded);
            }

            [HttpPost("account/default")]
            public async Task<IActionResult> {|#2:Default|}()
            {
                var result = await HttpContext.AuthenticateAsync();
                return Ok(result.Succeeded);
            }
        }
        """ + ForgeryApps.CookieAuthentication + ForgeryApps.BearerAuthentication,
        Verify.Diagnostic().WithLocation(0).WithArguments("AccountController.Link", "POST"),
        Verify.Diagnostic().WithLocation(1).WithArguments("AccountController.Refresh", "POST"),
        Verify.Diagnostic().WithLocation(2).WithArguments("AccountController.Default", "POST"));

    [Fact]
    public Task DoesNotFlag_WebhookThatReadsTheRawBodyAndASignatureHeader_InACookieApp() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;

        public interface IPayments { Task ProcessAsync(string signature, string json); }

        public class PaymentController : Controller
        {
            private readonly IPayments _payments;

            public PaymentController(IPayments payments) => _payments = payments;

            [HttpPost]
            public async Task<IActionResult> WebHook()
            {
                var json = await new StreamReader(Request.Body).ReadToEndAsync();
                await _payments.ProcessAsync(Request.Headers["Stripe-Signature"], json);
                return Ok();
            }

            [HttpPost]
            public async Task<IActionResult> Hook()
            {
                if (!Request.Headers.TryGetValue("X-Hub-Signature-256", out var signature))
                {
                    return BadRequest();
                }

                using var reader = new StreamReader(HttpContext.Request.Body);
                await _payments.ProcessAsync(signature.ToString(), await reader.ReadToEndAsync());
                return Ok();
            }
        }
        """ + ForgeryApps.CookieAuthentication);

    [Fact]
    public Task Flags_ActionThatReadsTheRawBodyWithoutACredentialHeader_InACookieApp() => AnalyzerVerifier<MissingAntiforgeryAnalyzer>.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;

        public interface INotes { Task SaveAsync(string text, string language); }

        public class NotesController : Controller
        {
            private readonly INotes _notes;

            public NotesController(INotes notes) => _notes = notes;

            // A text/plain form post reaches it, and the language header is no credential.
            [HttpPost]
            public async Task<IActionResult> {|#0:Save|}()
            {
                var text = await new StreamReader(Request.Body).ReadToEndAsync();
                await _notes.SaveAsync(text, Request.Headers["Accept-Language"]);
                return Ok();
            }
        }
        """ + ForgeryApps.CookieAuthentication,
        AnalyzerVerifier<MissingAntiforgeryAnalyzer>.Diagnostic().WithLocation(0).WithArguments("NotesController.Save", "POST"));

    [Fact]
    public Task DoesNotFlag_BrokenCode() => new Verify.Test
    {
        TestCode = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Mvc;

            public class BrokenController : Controller
            {
                [HttpPost(]
                public IActionResult Save( => View(

                [HttpPost]
                public Unknown Other(MissingType x)
            }

            public class : Controller { [HttpPost] public void }

            public class HomeController : Controller { public IActionResult Index() => View(); }
            """,
        CompilerDiagnostics = CompilerDiagnostics.None,
        ExpectedDiagnostics =
        {
            // The half-typed POST action is still an action that accepts POST.
            Verify.Diagnostic().WithSpan(6, 26, 6, 30).WithArguments("BrokenController.Save", "POST"),
        },
    }.RunAsync();

    [Fact]
    public Task DoesNotFlag_BrokenCode_OfAProjectThatShowsNoPagesAndNoAuthentication() => new Verify.Test
    {
        TestCode = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Mvc;

            public class BrokenController : Controller
            {
                [HttpPost(]
                public IActionResult Save( => View(

                [HttpPost]
                public Unknown Other(MissingType x)
            }

            public class : Controller { [HttpPost] public void }
            """,
        CompilerDiagnostics = CompilerDiagnostics.None,
    }.RunAsync();
}
