using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SecureBackend.Tests.Infrastructure.AnalyzerVerifier<SecureBackend.Analyzers.Exposure.ExceptionDetailsAnalyzer>;

namespace SecureBackend.Tests.Exposure;

public sealed class SB5004_ExceptionDetailsTests
{
    [Fact]
    public Task Flags_MessageOfCaughtExceptionInBadRequest() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using Microsoft.AspNetCore.Mvc;

        public class OrdersController : ControllerBase
        {
            [HttpPost]
            public IActionResult Create(string sku)
            {
                try
                {
                    return Ok(Place(sku));
                }
                catch (Exception ex)
                {
                    return BadRequest({|#0:ex.Message|});
                }
            }

            private static int Place(string sku) => sku.Length;
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("BadRequest", "the message"));

    [Fact]
    public Task Flags_StackTraceAndToStringInStatusCodeAndProblem() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using Microsoft.AspNetCore.Mvc;

        public class ImportController : ControllerBase
        {
            public IActionResult Run()
            {
                try { return Ok(); }
                catch (InvalidOperationException ex) { return StatusCode(500, new { error = "failed", trace = [|ex.StackTrace|] }); }
                catch (Exception ex) { return Problem(detail: [|ex.ToString()|]); }
            }
        }
        """);

    [Fact]
    public Task Flags_ThroughLocalAndInterpolation() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using Microsoft.AspNetCore.Mvc;

        public class ImportController : Controller
        {
            public IActionResult Run()
            {
                try { return Ok(); }
                catch (Exception ex)
                {
                    var text = $"Import failed: {[|ex.Message|]}";
                    return Json(new { text });
                }
            }
        }
        """);

    [Fact]
    public Task Flags_ExceptionHandlerFeatureErrorWrittenToResponse() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Diagnostics;
        using Microsoft.AspNetCore.Http;

        public static class Errors
        {
            public static void Use(WebApplication app)
            {
                app.UseExceptionHandler(handler => handler.Run(async context =>
                {
                    var feature = context.Features.Get<IExceptionHandlerFeature>();
                    context.Response.StatusCode = 500;
                    await context.Response.WriteAsync([|feature?.Error.ToString()|] ?? "error");
                }));
            }
        }
        """);

    [Fact]
    public Task Flags_MinimalApiResultsAndTypedResults() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using System.Data.Common;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/report", () =>
                {
                    try { return Results.Ok(); }
                    catch (DbException ex) { return Results.Problem([|ex.Message|]); }
                });
                app.MapGet("/export", IResult () =>
                {
                    try { return TypedResults.Ok(); }
                    catch (Exception ex) { return TypedResults.BadRequest([|ex|]); }
                });
            }
        }
        """);

    [Fact]
    public Task Flags_ObjectResultAndProblemDetailsInExceptionFilter() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.Filters;

        public class ApiExceptionFilter : IExceptionFilter
        {
            public void OnException(ExceptionContext context)
            {
                context.Result = new ObjectResult(new ProblemDetails { Title = "Error", Detail = [|context.Exception.Message|] }) { StatusCode = 500 };
            }
        }
        """);

    [Fact]
    public Task Flags_JwtBearerAuthenticationFailureWrittenToResponse() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Authentication.JwtBearer;
        using Microsoft.AspNetCore.Http;

        public static class Auth
        {
            public static JwtBearerEvents Events() => new JwtBearerEvents
            {
                OnAuthenticationFailed = async context =>
                {
                    context.NoResult();
                    context.Response.StatusCode = 401;
                    await context.Response.WriteAsync([|context.Exception.Message|]);
                },
            };
        }
        """);

    [Fact]
    public Task Flags_InnerExceptionMessage() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using Microsoft.AspNetCore.Mvc;

        public class SyncController : ControllerBase
        {
            public IActionResult Run()
            {
                try { return Ok(); }
                catch (ArgumentException ex) { return Content([|ex.InnerException?.Message|] ?? "bad input"); }
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_ApplicationExceptionMessage() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using Microsoft.AspNetCore.Mvc;

        public class OrderRuleException : Exception { public OrderRuleException(string m) : base(m) { } }

        public class OrdersController : ControllerBase
        {
            public IActionResult Create()
            {
                try { return Ok(); }
                catch (OrderRuleException ex) { return BadRequest(ex.Message); }
                catch (ArgumentException ex) { return BadRequest(new { error = ex.Message }); }
            }
        }
        """);

    [Fact]
    public Task Flags_SeveralDetailsOfOneResponse_AsOneFinding() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using Microsoft.AspNetCore.Mvc;

        public sealed class ErrorModel
        {
            public string? ExceptionMessage { get; set; }
            public string? ExceptionStackTrace { get; set; }
            public string? InnerExceptionMessage { get; set; }
        }

        public class SsoController : Controller
        {
            public IActionResult PreValidate()
            {
                try { return Ok(); }
                catch (Exception ex)
                {
                    return Json(new ErrorModel
                    {
                        ExceptionMessage = {|#0:ex.Message|},
                        ExceptionStackTrace = {|#1:ex.StackTrace|},
                        InnerExceptionMessage = {|#2:ex.InnerException?.Message|},
                    });
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("Json", "the message and the stack trace"));

    [Fact]
    public Task DoesNotFlag_MessagesOfExceptionTypesAFilterNarrowedTo() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.Filters;

        public class ConflictException : Exception { public ConflictException(string m) : base(m) { } }

        public class ApiExceptionFilter : IExceptionFilter
        {
            public void OnException(ExceptionContext context)
            {
                var exception = context.Exception;
                var message = "An error has occurred.";
                if (exception is ConflictException)
                {
                    message = exception.Message;
                }
                else if (exception is ArgumentException argument && argument.ParamName is not null)
                {
                    message = exception.Message;
                }
                else if (exception is NotSupportedException && !string.IsNullOrWhiteSpace(exception.Message))
                {
                    message = exception.Message;
                }

                context.Result = new ObjectResult(new ProblemDetails { Title = message }) { StatusCode = 400 };
            }
        }
        """);

    [Fact]
    public Task Flags_MessageOfAnExceptionFilterBranchThatDoesNotNarrowIt() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.Filters;

        public class ConflictException : Exception { public ConflictException(string m) : base(m) { } }

        public class ApiExceptionFilter : IExceptionFilter
        {
            public void OnException(ExceptionContext context)
            {
                var exception = context.Exception;
                var message = "An error has occurred.";
                if (exception is ConflictException)
                {
                    message = "Conflict.";
                }
                else if (context.HttpContext.Request.Path.StartsWithSegments("/api"))
                {
                    message = {|#0:exception.Message|};
                }
                else if (exception is System.Data.Common.DbException)
                {
                    message = {|#1:exception.Message|};
                }

                context.Result = new ObjectResult(new ProblemDetails { Title = message }) { StatusCode = 400 };
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("new ObjectResult", "the message"));

    [Fact]
    public Task DoesNotFlag_LoggedOnlyAndGenericResponse() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using System.Diagnostics;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Logging;

        public class OrdersController : ControllerBase
        {
            private readonly ILogger<OrdersController> _logger;
            public OrdersController(ILogger<OrdersController> logger) => _logger = logger;

            public IActionResult Create()
            {
                try { return Ok(); }
                catch (Exception ex)
                {
                    _logger.LogError(ex, "Create failed: {Message} {Trace}", ex.Message, ex.StackTrace);
                    return Problem(title: "Could not create the order", extensions: null, detail: "Trace id: " + Activity.Current?.Id);
                }
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_DevelopmentOnlyDetails() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Hosting;

        public class OrdersController : ControllerBase
        {
            private readonly IWebHostEnvironment _env;
            public OrdersController(IWebHostEnvironment env) => _env = env;

            public IActionResult Create()
            {
                try { return Ok(); }
                catch (Exception ex)
                {
                    if (_env.IsDevelopment())
                    {
                        return Problem(ex.ToString());
                    }

                    return Problem(_env.IsDevelopment() ? ex.Message : "Unexpected error");
                }
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_ExceptionNotCaughtHereOrNotSentToClient() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using Microsoft.AspNetCore.Mvc;

        public class OrdersController : ControllerBase
        {
            public IActionResult Describe(Exception sample) => Ok(sample.Message);

            public IActionResult Create()
            {
                string status;
                try { status = "ok"; }
                catch (Exception ex) { status = "failed"; Console.Error.WriteLine(ex.ToString()); }
                return Ok(status);
            }

            public IActionResult Validate(string value)
            {
                var error = new ArgumentException("Value is required").Message;
                return BadRequest(error);
            }
        }
        """);
}
