using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SecureBackend.Analyzers.Infrastructure.AspNet;

namespace SecureBackend.Analyzers.Forgery;

/// <summary>
/// The application-level half of "can another site forge this request": browsers must send the application
/// credentials on their own (the <c>securebackend.authentication</c> option, else what the compilation registers), and
/// requests a plain form cannot make need a way in (a method-override form field, or a CORS policy that admits
/// credentials from every origin). Asked last, after everything the target itself shows.
/// </summary>
internal static class ForgeryGate
{
    public static bool IsForgeable(
        ForgeryReach reach, AnalyzerOptions options, SyntaxTree? tree, Compilation compilation, CancellationToken cancellationToken, ISymbol? endpoint = null,
        ImmutableArray<IOperation> body = default)
    {
        if (reach == ForgeryReach.None)
        {
            return false;
        }

        var mode = tree is null ? AuthenticationMode.Auto : ApplicationAuthentication.GetMode(options, tree);
        if (!ApplicationAuthentication.SendsAmbientCredentials(mode, compilation, cancellationToken))
        {
            return false;
        }

        var application = ApplicationAuthentication.Get(compilation, cancellationToken);
        if (mode == AuthenticationMode.Auto && endpoint is not null
            && EndpointSchemes.NamesOnlyNonAmbientSchemes(endpoint, application, compilation, cancellationToken))
        {
            return false; // the endpoint authenticates with the schemes it names, none of which reads a cookie
        }

        if (mode == AuthenticationMode.Auto && !body.IsDefaultOrEmpty && EndpointSchemes.AuthenticatesWithOwnSchemeOnly(body, application, compilation))
        {
            return false; // the action authenticates the request itself with a scheme that reads no cookie
        }

        if (reach == ForgeryReach.Form)
        {
            return true;
        }

        return application.AllowsCredentialsFromAnyOrigin
            || (reach == ForgeryReach.MethodOverride && application.OverridesMethodFromForm);
    }
}
