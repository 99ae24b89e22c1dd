using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Transport;

/// <summary>
/// SB4003: a certificate-validation callback that accepts every server certificate. A validation callback is any
/// delegate returning <c>bool</c> that takes an <c>SslPolicyErrors</c> (<c>RemoteCertificateValidationCallback</c>,
/// <c>HttpClientHandler.ServerCertificateCustomValidationCallback</c>'s <c>Func&lt;…&gt;</c>, the team's own wrappers).
/// Reported where such a value is assigned to a field, property or event, or passed as an argument, when every value
/// it can hold (<see cref="Infrastructure.Flow.ValueOrigins"/>: locals, fields and properties only their type writes,
/// the returns of helper methods) is a lambda, anonymous method or method group of a validation-callback type that
/// returns <c>true</c> on every path, or <c>HttpClientHandler.DangerousAcceptAnyServerCertificateValidator</c>. Server-side client-certificate callbacks
/// (<c>SslServerAuthenticationOptions</c>, Kestrel's <c>ClientCertificateValidation</c>) and code that only runs in
/// the Development environment are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CertificateValidationAnalyzer : SecureBackendAnalyzer
{
    private const int MaxDepth = 6;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.CertificateValidationDisabled);

    protected override bool IsRelevant(KnownTypes types) => types.Has("System.Net.Security.SslPolicyErrors");

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var callbacks = new CallbackTypes(types);
        context.RegisterOperationAction(callbacks.AnalyzeAssignment, OperationKind.SimpleAssignment, OperationKind.CompoundAssignment, OperationKind.EventAssignment);
        // Arguments are read from their calls: one callback per call instead of one per argument. Only arguments of a
        // method's parameters count, so indexers (whose parameters belong to a property) have none to give.
        context.RegisterOperationAction(callbacks.AnalyzeCall, OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.FunctionPointerInvocation);
    }

    private sealed class CallbackTypes
    {
        private readonly INamedTypeSymbol? _sslPolicyErrors;
        private readonly INamedTypeSymbol? _httpClientHandler;
        private readonly INamedTypeSymbol? _serverOptions;
        private readonly INamedTypeSymbol? _kestrelHttpsOptions;

        public CallbackTypes(KnownTypes types)
        {
            _sslPolicyErrors = types.Get("System.Net.Security.SslPolicyErrors");
            _httpClientHandler = types.Get("System.Net.Http.HttpClientHandler");
            _serverOptions = types.Get("System.Net.Security.SslServerAuthenticationOptions");
            _kestrelHttpsOptions = types.Get("Microsoft.AspNetCore.Server.Kestrel.Https.HttpsConnectionAdapterOptions");
        }

        public void AnalyzeAssignment(OperationAnalysisContext context)
        {
            IOperation target;
            IOperation value;
            switch (context.Operation)
            {
                case ISimpleAssignmentOperation simple:
                    (target, value) = (simple.Target, simple.Value);
                    break;
                case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add } compound:
                    (target, value) = (compound.Target, compound.Value);
                    break;
                case IEventAssignmentOperation { Adds: true } eventAssignment:
                    (target, value) = (eventAssignment.EventReference, eventAssignment.HandlerValue);
                    break;
                default:
                    return;
            }

            if (target is not IMemberReferenceOperation { Member: { } member } || !IsValidationCallback(target.Type)
                || IsServerSide(member.ContainingType))
            {
                return;
            }

            Report(context, context.Operation, target.Syntax, value, member.ContainingType.Name + "." + member.Name);
        }

        public void AnalyzeCall(OperationAnalysisContext context)
        {
            foreach (var argument in context.Operation.CallArguments())
            {
                AnalyzeArgument(context, argument);
            }
        }

        private void AnalyzeArgument(OperationAnalysisContext context, IArgumentOperation argument)
        {
            // Every argument comes here: the value's type (the parameter's, after conversion) rules out all but
            // delegates without touching the parameter.
            if (argument.Value.Type is not INamedTypeSymbol { TypeKind: TypeKind.Delegate }
                || argument.Parameter is not { } parameter || !IsValidationCallback(parameter.Type)
                || parameter.ContainingSymbol is not IMethodSymbol method || IsServerSide(method.ContainingType))
            {
                return;
            }

            Report(context, argument, argument.Syntax, argument.Value, SinkNames.Of(parameter));
        }

        private void Report(OperationAnalysisContext context, IOperation at, SyntaxNode location, IOperation value, string sink)
        {
            var description = AcceptsEverything(value, context.Compilation, context.CancellationToken);
            if (description is null || DevelopmentGuards.IsInDevelopmentOnlyCode(at))
            {
                return;
            }

            context.Report(Diagnostic.Create(Rules.CertificateValidationDisabled, location.GetLocation(), sink, description));
        }

        private bool IsValidationCallback(ITypeSymbol? type)
        {
            if (_sslPolicyErrors is null || type is not INamedTypeSymbol { TypeKind: TypeKind.Delegate } named || !MayTakePolicyErrors(named))
            {
                return false;
            }

            if (named.DelegateInvokeMethod is not { ReturnType.SpecialType: SpecialType.System_Boolean } invoke)
            {
                return false;
            }

            foreach (var parameter in invoke.Parameters)
            {
                if (SymbolEqualityComparer.Default.Equals(parameter.Type, _sslPolicyErrors))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A cheap necessary condition, checked for every delegate-typed argument (LINQ lambdas above all): the
        /// delegate's declared <c>Invoke</c> has an <c>SslPolicyErrors</c> parameter, or a parameter of a type parameter
        /// whose argument is <c>SslPolicyErrors</c>. Reading the declaration avoids building the constructed
        /// <c>Invoke</c> of every <c>Func&lt;T, bool&gt;</c>.
        /// </summary>
        private bool MayTakePolicyErrors(INamedTypeSymbol type)
        {
            if (!type.IsGenericType)
            {
                return true;
            }

            var definition = type.OriginalDefinition;
            if (definition.ContainingType is { IsGenericType: true } || definition.DelegateInvokeMethod is not { } declared)
            {
                return true; // type parameters of an enclosing type: let the full check decide
            }

            foreach (var parameter in declared.Parameters)
            {
                switch (parameter.Type)
                {
                    case ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Type } typeParameter
                        when typeParameter.Ordinal < type.TypeArguments.Length:
                        if (SymbolEqualityComparer.Default.Equals(type.TypeArguments[typeParameter.Ordinal], _sslPolicyErrors))
                        {
                            return true;
                        }

                        break;

                    case var declaredType when SymbolEqualityComparer.Default.Equals(declaredType, _sslPolicyErrors):
                        return true;
                }
            }

            return false;
        }

        /// <summary>Callbacks that validate client certificates on a server are a different decision (see the rule page).</summary>
        private bool IsServerSide(INamedTypeSymbol? type)
            => type is not null && (type.InheritsFromOrEquals(_serverOptions) || type.InheritsFromOrEquals(_kestrelHttpsOptions));

        /// <summary>
        /// How the value accepts every certificate, for the message; null when it may reject one. Every origin of the
        /// value (<see cref="ValueOrigins"/>: locals, fields and properties only their type writes, helper methods'
        /// returns) must be an accepting callback of a certificate-validation delegate type, or the dangerous validator.
        /// </summary>
        private string? AcceptsEverything(IOperation value, Compilation compilation, CancellationToken cancellationToken)
        {
            if (value is IConversionOperation { Conversion.Exists: false })
            {
                return null;
            }

            var origins = new List<IOperation>();
            if (!ValueOrigins.Collect(compilation, value, origins, cancellationToken, MaxDepth) || origins.Count == 0)
            {
                return null;
            }

            string? description = null;
            foreach (var origin in origins)
            {
                var accepts = OriginAcceptsEverything(origin);
                if (accepts is null)
                {
                    return null;
                }

                description ??= accepts;
            }

            return description;
        }

        private string? OriginAcceptsEverything(IOperation origin)
        {
            switch (origin)
            {
                case IDelegateCreationOperation { Target: IAnonymousFunctionOperation function, Type: INamedTypeSymbol { DelegateInvokeMethod: { } invoke } }
                    when function.Symbol.Parameters.Length != invoke.Parameters.Length:
                    return null; // half-typed lambda

                // A lambda written for a delegate of another kind (a predicate, a logging hook) is no certificate callback,
                // whatever it returns: only the delegate's own parameter types say what it decides.
                case IDelegateCreationOperation creation when !IsValidationCallback(creation.Type):
                    return null;

                case IDelegateCreationOperation { Target: IAnonymousFunctionOperation function }:
                    return AlwaysReturnsTrue(function.Body) ? "a callback that always returns true" : null;

                case IDelegateCreationOperation { Target: IMethodReferenceOperation { Method: { } method } reference }:
                    return MethodAlwaysReturnsTrue(method, reference.SemanticModel) ? "'" + method.Name + "', which always returns true" : null;

                case IPropertyReferenceOperation { Property: { Name: "DangerousAcceptAnyServerCertificateValidator" } property }
                    when SymbolEqualityComparer.Default.Equals(property.ContainingType, _httpClientHandler):
                    return "HttpClientHandler.DangerousAcceptAnyServerCertificateValidator";

                default:
                    return null;
            }
        }

        /// <summary>Every <c>return</c> of the body (nested functions excluded) returns the constant <c>true</c>.</summary>
        private static bool AlwaysReturnsTrue(IOperation? body)
        {
            if (body is null)
            {
                return false;
            }

            var returns = 0;
            var pending = new Stack<IOperation>();
            pending.Push(body);
            while (pending.Count > 0)
            {
                var operation = pending.Pop();
                switch (operation)
                {
                    case IAnonymousFunctionOperation or ILocalFunctionOperation when operation != body:
                        continue;
                    case IReturnOperation { Kind: OperationKind.Return } ret:
                        if (ret.ReturnedValue?.ConstantValue is not { HasValue: true, Value: true })
                        {
                            return false;
                        }

                        returns++;
                        continue;
                }

                foreach (var child in operation.ChildOperations)
                {
                    pending.Push(child);
                }
            }

            return returns > 0;
        }

        /// <summary>A method group: its body in this file is read through operations, elsewhere through syntax.</summary>
        private static bool MethodAlwaysReturnsTrue(IMethodSymbol method, SemanticModel? model)
        {
            method = method.PartialImplementationPart ?? method.OriginalDefinition;
            if (method.DeclaringSyntaxReferences.Length != 1)
            {
                return false;
            }

            var syntax = method.DeclaringSyntaxReferences[0].GetSyntax();
            if (model is not null && syntax.SyntaxTree == model.SyntaxTree)
            {
                var operation = model.GetOperation(syntax);
                switch (operation)
                {
                    case IMethodBodyOperation body:
                        return AlwaysReturnsTrue((IOperation?)body.BlockBody ?? body.ExpressionBody);
                    case ILocalFunctionOperation local:
                        return AlwaysReturnsTrue((IOperation?)local.Body ?? local.IgnoredBody);
                    default:
                        return false;
                }
            }

            return SyntaxAlwaysReturnsTrue(syntax);
        }

        private static bool SyntaxAlwaysReturnsTrue(SyntaxNode syntax)
        {
            var (body, expressionBody) = syntax switch
            {
                MethodDeclarationSyntax method => (method.Body, method.ExpressionBody),
                LocalFunctionStatementSyntax local => (local.Body, local.ExpressionBody),
                _ => ((BlockSyntax?)null, (ArrowExpressionClauseSyntax?)null),
            };

            if (expressionBody is not null)
            {
                return IsTrueLiteral(expressionBody.Expression);
            }

            if (body is null)
            {
                return false;
            }

            var returns = 0;
            foreach (var node in body.DescendantNodes(static n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                if (node is ReturnStatementSyntax ret)
                {
                    if (!IsTrueLiteral(ret.Expression))
                    {
                        return false;
                    }

                    returns++;
                }
            }

            return returns > 0;
        }

        private static bool IsTrueLiteral(ExpressionSyntax? expression)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized.Expression;
            }

            return expression.IsKind(SyntaxKind.TrueLiteralExpression);
        }
    }
}
