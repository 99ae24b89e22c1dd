using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Forgery;

/// <summary>
/// What SB3001 hands to its fixer through diagnostic properties, so that offering the fixes does not scan every
/// document: whether the compilation calls <c>AddControllersWithViews</c>/<c>AddMvc</c>/<c>AddControllers</c> in a
/// shape a global filter can be added to. Computed once per compilation, when the first diagnostic is reported.
/// </summary>
internal static class MissingAntiforgeryFixData
{
    /// <summary>Property: present when the compilation has an MVC registration the global-filter fix can extend.</summary>
    public const string MvcRegistrationProperty = "MvcRegistration";

    /// <summary>The registrations that configure <c>MvcOptions</c>, in order of preference.</summary>
    public static readonly ImmutableArray<string> RegistrationMethods = ImmutableArray.Create("AddControllersWithViews", "AddMvc", "AddControllers");

    private static readonly object Found = new();
    private static readonly object NotFound = new();
    private static readonly PerCompilation<object> Registrations = new(static (compilation, cancellationToken) =>
        HasRegistration(compilation, cancellationToken) ? Found : NotFound);

    /// <summary><paramref name="properties"/>, with <see cref="MvcRegistrationProperty"/> when the compilation has a registration.</summary>
    public static ImmutableDictionary<string, string?> WithRegistration(
        ImmutableDictionary<string, string?> properties, ImmutableDictionary<string, string?> withRegistration, Compilation compilation, CancellationToken cancellationToken)
        => Registrations.Get(compilation, cancellationToken) == Found ? withRegistration : properties;

    public static bool HasRegistration(Diagnostic diagnostic) => diagnostic.Properties.ContainsKey(MvcRegistrationProperty);

    /// <summary>No argument (an options lambda is added), or a one-parameter lambda (its body is extended).</summary>
    public static bool CanExtend(InvocationExpressionSyntax invocation)
    {
        var arguments = invocation.ArgumentList.Arguments;
        return arguments.Count == 0
            || (arguments.Count == 1 && arguments[0].NameColon is null && arguments[0].Expression is SimpleLambdaExpressionSyntax
                or ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 1 });
    }

    /// <summary>A call <c>x.AddControllersWithViews()</c> (or the others) the fix can extend, found by name.</summary>
    private static bool HasRegistration(Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            var text = tree.GetText(cancellationToken).ToString();
            SyntaxNode? root = null;
            foreach (var method in RegistrationMethods)
            {
                for (var position = text.IndexOf(method, StringComparison.Ordinal); position >= 0; position = text.IndexOf(method, position + method.Length, StringComparison.Ordinal))
                {
                    root ??= tree.GetRoot(cancellationToken);
                    var token = root.FindToken(position);
                    if (token.ValueText == method
                        && token.Parent is IdentifierNameSyntax { Parent: MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax invocation } access } name
                        && access.Name == name
                        && invocation.Expression == access
                        && CanExtend(invocation))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
