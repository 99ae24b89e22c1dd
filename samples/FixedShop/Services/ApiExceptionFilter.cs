using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Logging;

namespace FixedShop.Services;

/// <summary>Turns unhandled exceptions of the JSON endpoints into a 500 response; the details go to the log only.</summary>
public sealed class ApiExceptionFilter : IExceptionFilter
{
    private readonly ILogger<ApiExceptionFilter> _logger;

    public ApiExceptionFilter(ILogger<ApiExceptionFilter> logger) => _logger = logger;

    public void OnException(ExceptionContext context)
    {
        _logger.LogError(context.Exception, "Unhandled exception");
        context.Result = new ObjectResult(new ProblemDetails
        {
            Title = "An unexpected error occurred.",
            Status = 500,
            Extensions = { ["traceId"] = context.HttpContext.TraceIdentifier },
        })
        { StatusCode = 500 };
        context.ExceptionHandled = true;
    }
}
