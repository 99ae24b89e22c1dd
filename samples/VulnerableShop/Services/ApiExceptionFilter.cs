using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace VulnerableShop.Services;

/// <summary>Turns unhandled exceptions of the JSON endpoints into a 500 response.</summary>
public sealed class ApiExceptionFilter : IExceptionFilter
{
    public void OnException(ExceptionContext context)
    {
        context.Result = new ObjectResult(new { error = context.Exception.Message }) { StatusCode = 500 }; // expect: SB5004 (no fix)
        context.ExceptionHandled = true;
    }
}
