using Microsoft.CodeAnalysis;

namespace SecureBackend.Analyzers.Transport;

/// <summary>How the transport rules name an API in their messages.</summary>
internal static class SinkNames
{
    /// <summary><c>new SslStream</c>, <c>IWebHostBuilder.UseUrls</c> (an extension method under its receiver), <c>HttpClient.GetAsync</c>.</summary>
    public static string Of(IMethodSymbol method)
    {
        if (method.MethodKind == MethodKind.Constructor)
        {
            return "new " + method.ContainingType.Name;
        }

        var owner = method.IsExtensionMethod && method.Parameters.Length > 0 ? method.Parameters[0].Type.Name : method.ContainingType.Name;
        return owner + "." + method.Name;
    }

    /// <summary><c>new SslStream(userCertificateValidationCallback)</c>: the API and the parameter receiving the value.</summary>
    public static string Of(IParameterSymbol parameter)
        => parameter.ContainingSymbol is IMethodSymbol method ? Of(method) + "(" + parameter.Name + ")" : parameter.Name;
}
