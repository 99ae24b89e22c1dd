using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SecureBackend.Analyzers.Infrastructure.AspNet;

/// <summary>
/// The authentication schemes an MVC endpoint names itself: <c>AuthenticationSchemes</c> of every
/// <c>IAuthorizeData</c> attribute on the action, its controller and the controller's base classes, set in the attribute
/// usage or in the constructor of an attribute class of the compilation (<c>[ApiPermission]</c> that sets
/// <c>AuthenticationSchemes = "API"</c>). When any of them names schemes, the authorization middleware authenticates the
/// request with those schemes alone and replaces the user the default scheme found, so a cookie the browser sends on
/// its own authenticates nothing unless one of the named schemes reads it.
/// </summary>
internal static class EndpointSchemes
{
    private const string SchemesProperty = "AuthenticationSchemes";

    /// <summary>
    /// Whether <paramref name="endpoint"/> (an action method or a controller type) names its authentication schemes and
    /// none of them is one browsers send credentials for on their own (<see cref="ApplicationAuthentication.IsAmbientSchemeName"/>).
    /// False when no scheme is named (the default scheme applies) or a name cannot be read.
    /// </summary>
    public static bool NamesOnlyNonAmbientSchemes(ISymbol endpoint, ApplicationAuthentication application, Compilation compilation, CancellationToken cancellationToken)
    {
        var authorizeData = KnownTypes.Get(compilation).Get("Microsoft.AspNetCore.Authorization.IAuthorizeData");
        if (authorizeData is null)
        {
            return false;
        }

        var names = new List<string>();
        INamedTypeSymbol? type;
        if (endpoint is IMethodSymbol method)
        {
            if (!Collect(method.GetAttributes(), authorizeData, compilation, names, cancellationToken))
            {
                return false;
            }

            type = method.ContainingType;
        }
        else
        {
            type = endpoint as INamedTypeSymbol;
        }

        for (; type is not null; type = type.BaseType)
        {
            if (!Collect(type.GetAttributes(), authorizeData, compilation, names, cancellationToken))
            {
                return false;
            }
        }

        if (names.Count == 0)
        {
            return false;
        }

        foreach (var name in names)
        {
            if (application.IsAmbientSchemeName(name))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Adds the scheme names of the authorize attributes among <paramref name="attributes"/>; false when one cannot be read.</summary>
    private static bool Collect(
        System.Collections.Immutable.ImmutableArray<AttributeData> attributes, INamedTypeSymbol authorizeData, Compilation compilation,
        List<string> names, CancellationToken cancellationToken)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.AttributeClass is not { } attributeClass || !attributeClass.IsOrImplements(authorizeData))
            {
                continue;
            }

            var found = false;
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == SchemesProperty)
                {
                    found = true;
                    if (argument.Value.Kind == TypedConstantKind.Error)
                    {
                        found = false; // read from the syntax below
                    }
                    else if (argument.Value.Value is string value)
                    {
                        Split(value, names);
                    }
                    else if (!argument.Value.IsNull)
                    {
                        return false;
                    }
                }
            }

            if (!found && UnresolvedSchemes(attribute, cancellationToken) is { } unresolved)
            {
                // AuthenticationSchemes = Defaults.Scheme of a library this compilation does not reference: in a build
                // the name resolves to that library's scheme; here it is authentication set up out of sight.
                names.Add(unresolved);
                found = true;
            }

            if (!found && !FromConstructor(attributeClass, attribute.AttributeConstructor, compilation, names, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The text of an <c>AuthenticationSchemes = …</c> argument that does not bind (a constant of an unreferenced
    /// library), standing for a scheme of its own; <c>"Cookies"</c> when the text speaks of cookies or Identity, whose
    /// schemes browsers send on their own; null when the attribute has no such argument.
    /// </summary>
    private static string? UnresolvedSchemes(AttributeData attribute, CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax { ArgumentList: { } arguments })
        {
            return null;
        }

        foreach (var argument in arguments.Arguments)
        {
            if (argument.NameEquals?.Name.Identifier.ValueText == SchemesProperty)
            {
                var text = argument.Expression.ToString();
                return SpeaksOfCookies(text)
                    ? "Cookies"
                    : text;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether an action's body authenticates the request itself, <c>HttpContext.AuthenticateAsync(scheme)</c>, only
    /// with schemes browsers do not send credentials for on their own (a token or protocol scheme, or one named by a
    /// constant of a library the compilation does not reference), and never reads the user the default scheme signed
    /// in (<c>User</c>, <c>HttpContext.User</c>): an OAuth token endpoint, where the client authenticates in the request.
    /// </summary>
    public static bool AuthenticatesWithOwnSchemeOnly(ImmutableArray<IOperation> blocks, ApplicationAuthentication application, Compilation compilation)
    {
        var types = KnownTypes.Get(compilation);
        var extensions = types.Get("Microsoft.AspNetCore.Authentication.AuthenticationHttpContextExtensions");
        if (extensions is null)
        {
            return false;
        }

        var principal = types.Get("System.Security.Claims.ClaimsPrincipal");
        var found = false;
        foreach (var block in blocks)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IPropertyReferenceOperation { Property.Name: "User" } reference when principal is not null
                        && SymbolEqualityComparer.Default.Equals(reference.Property.Type, principal):
                        return false; // the user the cookie signed in
                    case IInvocationOperation { TargetMethod.Name: "AuthenticateAsync" } invocation
                        when SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, extensions):
                        if (!IsOwnScheme(invocation, application))
                        {
                            return false;
                        }

                        found = true;
                        break;
                    case IInvalidOperation { Syntax: InvocationExpressionSyntax syntax } invalid
                        when syntax.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AuthenticateAsync" }:
                        // A scheme argument that does not bind leaves the call unresolved: judge it by its candidates.
                        if (!IsOwnSchemeOfUnresolvedCall(invalid, syntax, extensions, application))
                        {
                            return false;
                        }

                        found = true;
                        break;
                }
            }
        }

        return found;
    }

    private static bool IsOwnSchemeOfUnresolvedCall(
        IInvalidOperation invalid, InvocationExpressionSyntax syntax, INamedTypeSymbol extensions, ApplicationAuthentication application)
    {
        if (invalid.SemanticModel is not { } model || syntax.ArgumentList.Arguments.Count != 1)
        {
            return false;
        }

        var candidates = model.GetSymbolInfo(syntax).CandidateSymbols;
        var ofExtensions = false;
        foreach (var candidate in candidates)
        {
            ofExtensions |= candidate is IMethodSymbol method
                && SymbolEqualityComparer.Default.Equals((method.ReducedFrom ?? method).ContainingType, extensions);
        }

        if (!ofExtensions)
        {
            return false;
        }

        var argument = syntax.ArgumentList.Arguments[0].Expression;
        if (model.GetConstantValue(argument) is { HasValue: true, Value: string name })
        {
            return !application.IsAmbientSchemeName(name);
        }

        var type = model.GetTypeInfo(argument).Type;
        if (type is not null && type.TypeKind != TypeKind.Error)
        {
            return false;
        }

        var text = argument.ToString();
        return !SpeaksOfCookies(text);
    }

    /// <summary>
    /// Whether the text of a scheme name that does not bind speaks of cookies or Identity, whose schemes browsers send
    /// on their own: such a name counts as ambient, any other as a scheme set up out of sight.
    /// </summary>
    private static bool SpeaksOfCookies(string text)
        => text.IndexOf("Cookie", StringComparison.OrdinalIgnoreCase) >= 0 || text.IndexOf("Identity", StringComparison.OrdinalIgnoreCase) >= 0;

    private static bool IsOwnScheme(IInvocationOperation invocation, ApplicationAuthentication application)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name != "scheme" || argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            var value = argument.Value;
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            if (value.ConstantValue is { HasValue: true, Value: string name })
            {
                return !application.IsAmbientSchemeName(name);
            }

            // A constant of an unreferenced library does not bind: out of sight, unless it speaks of cookies.
            if (value is IInvalidOperation || value.Type is null or { TypeKind: TypeKind.Error })
            {
                return !SpeaksOfCookies(value.Syntax.ToString());
            }

            return false;
        }

        return false; // the default scheme
    }

    /// <summary>
    /// <c>AuthenticationSchemes = …</c> in the body of an attribute constructor declared in the compilation; true when
    /// there is none or every one is a constant. An authorize attribute of another assembly of the application (not of
    /// ASP.NET Core itself) whose constructor cannot be read here sets its schemes where the compilation cannot see them:
    /// its name stands for a scheme no browser sends on its own, the silence the rule keeps for authentication set up
    /// out of sight.
    /// </summary>
    private static bool FromConstructor(
        INamedTypeSymbol attributeClass, IMethodSymbol? constructor, Compilation compilation, List<string> names, CancellationToken cancellationToken)
    {
        if (constructor is null)
        {
            return true;
        }

        if (!IsReadable(constructor, compilation))
        {
            if (!IsFrameworkType(attributeClass))
            {
                names.Add(attributeClass.Name);
            }

            return true;
        }

        foreach (var reference in constructor.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not ConstructorDeclarationSyntax declaration)
            {
                continue;
            }

            SemanticModel? model = null;
            foreach (var assignment in declaration.DescendantNodes())
            {
                if (assignment is not AssignmentExpressionSyntax { Left: var left } simple
                    || !(left is IdentifierNameSyntax { Identifier.ValueText: SchemesProperty }
                        || left is MemberAccessExpressionSyntax { Name.Identifier.ValueText: SchemesProperty }))
                {
                    continue;
                }

                model ??= SemanticModels.Of(compilation, declaration.SyntaxTree);
                if (model.GetConstantValue(simple.Right, cancellationToken) is not { HasValue: true, Value: string value })
                {
                    return false;
                }

                Split(value, names);
            }
        }

        return true;
    }

    /// <summary>Declared in source of this compilation (a constructor of another compilation's source cannot be bound here).</summary>
    private static bool IsReadable(IMethodSymbol constructor, Compilation compilation)
    {
        var references = constructor.DeclaringSyntaxReferences;
        if (references.IsEmpty)
        {
            return constructor.IsImplicitlyDeclared && constructor.ContainingType.DeclaringSyntaxReferences.Length > 0
                && compilation.ContainsSyntaxTree(constructor.ContainingType.DeclaringSyntaxReferences[0].SyntaxTree);
        }

        foreach (var reference in references)
        {
            if (!compilation.ContainsSyntaxTree(reference.SyntaxTree))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsFrameworkType(INamedTypeSymbol type)
    {
        var assembly = type.ContainingAssembly?.Name;
        return assembly is not null && assembly.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal);
    }

    private static void Split(string value, List<string> names)
    {
        foreach (var part in value.Split(','))
        {
            var name = part.Trim();
            if (name.Length > 0)
            {
                names.Add(name);
            }
        }
    }
}
