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

    [Fact]
    public Task Flags_CustomizeProblemDetailsPutsExceptionIntoDetailAndExtensions() => Verify.ProgramAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Detail = {|#0:context.Exception?.Message|};
            context.ProblemDetails.Extensions["stackTrace"] = {|#1:context.Exception?.StackTrace|};
            context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
        });

        var app = builder.Build();
        app.UseExceptionHandler();
        app.Run();
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("ProblemDetails.Detail", "the message"),
        Verify.Diagnostic().WithLocation(1).WithArguments("ProblemDetails.Extensions", "the stack trace"));

    [Fact]
    public Task Flags_CustomizeProblemDetailsWithExceptionHandlerFeatureAndExtensionsAdd() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Diagnostics;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        public static class ErrorResponses
        {
            public static IServiceCollection AddErrorResponses(this IServiceCollection services)
                => services.AddProblemDetails(options =>
                {
                    options.CustomizeProblemDetails = context =>
                    {
                        var error = context.HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
                        if (error is null)
                        {
                            return;
                        }

                        context.ProblemDetails.Extensions.Add("exception", {|#0:error.ToString()|});
                        context.ProblemDetails.Extensions.TryAdd("error", {|#1:error|});
                        context.ProblemDetails.Extensions.TryAdd("type", error.GetType().Name);
                    };
                });
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("ProblemDetails.Extensions", "the full text (message and stack trace)"),
        Verify.Diagnostic().WithLocation(1).WithArguments("ProblemDetails.Extensions", "the whole object"));

    [Fact]
    public Task Flags_ProblemDetailsFilledAfterCreationOutsideDevelopment() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Hosting;

        public class OrdersController(IWebHostEnvironment environment) : ControllerBase
        {
            [HttpPost]
            public IActionResult Create(string sku)
            {
                try
                {
                    return Ok(sku.Length);
                }
                catch (Exception ex)
                {
                    var problem = new ProblemDetails { Title = "Order failed" };
                    if (environment.IsDevelopment())
                    {
                        problem.Extensions["stackTrace"] = ex.StackTrace;
                    }
                    else
                    {
                        problem.Detail = {|#0:ex.Message|};
                    }

                    return StatusCode(500, problem);
                }
            }

            [HttpDelete]
            public IActionResult Delete(int id)
            {
                try
                {
                    return NoContent();
                }
                catch (Exception ex)
                {
                    return StatusCode(500, new ProblemDetails { Detail = {|#1:ex.Message|} });
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("ProblemDetails.Detail", "the message"),
        Verify.Diagnostic().WithLocation(1).WithArguments("StatusCode", "the message"));

    [Fact]
    public Task DoesNotFlag_CustomizeProblemDetailsInDevelopmentOnly() => Verify.ProgramAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddProblemDetails(options =>
                options.CustomizeProblemDetails = context => context.ProblemDetails.Detail = context.Exception?.ToString());
        }
        else
        {
            builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            {
                var environment = context.HttpContext.RequestServices.GetRequiredService<IHostEnvironment>();
                context.ProblemDetails.Extensions["exception"] = environment.IsDevelopment() ? context.Exception?.Message : null;
            });
        }

        var app = builder.Build();
        app.UseExceptionHandler();
        app.Run();
        """);

    [Fact]
    public Task DoesNotFlag_CustomizeProblemDetailsWithGenericOrApplicationDetails() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.DependencyInjection;

        public sealed class OrderRejectedException(string message) : Exception(message);

        public static class ErrorResponses
        {
            public static IServiceCollection AddErrorResponses(this IServiceCollection services, Exception startupError)
                => services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
                {
                    context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
                    context.ProblemDetails.Extensions["errorType"] = context.Exception?.GetType().Name;
                    if (context.Exception is OrderRejectedException)
                    {
                        context.ProblemDetails.Detail = context.Exception.Message;
                    }

                    context.ProblemDetails.Title = startupError.Message;
                });

            public static ProblemDetails Describe(Exception error)
            {
                var problem = new ProblemDetails();
                problem.Detail = error.Message;
                problem.Extensions.Add("kind", "unexpected");
                return problem;
            }
        }
        """);
}
