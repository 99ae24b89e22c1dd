using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using SecureBackend.Analyzers;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.CodeFixes.Infrastructure;

namespace SecureBackend.CodeFixes.Secrets;

/// <summary>
/// SB2004: replaces a <c>System.Random</c> call with the <c>RandomNumberGenerator</c> method that has the same
/// range and shape — <c>Next</c> → <c>GetInt32</c>, <c>NextBytes</c> → <c>Fill</c>, <c>GetItems</c>,
/// <c>GetString</c>, <c>GetHexString</c> → their namesakes — when the target framework has it. No fix for
/// <c>NextInt64</c>, <c>NextDouble</c> and <c>NextSingle</c> (no equivalent), for constant arguments that
/// <c>RandomNumberGenerator</c> rejects, or when dropping the receiver would drop a call of the project's own code.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InsecureRandomnessFixer)), Shared]
public sealed class InsecureRandomnessFixer : SecureBackendFixer
{
    public const string UseRandomNumberGeneratorKey = "SB2004.UseRandomNumberGenerator";

    private const string RandomNumberGeneratorName = "System.Security.Cryptography.RandomNumberGenerator";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.InsecureRandomness);

    /// <summary>The replacement depends on the bound call and on what the target framework offers.</summary>
    protected override bool OffersNeedModel => true;

    internal override FixPlan? Plan(SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (model is null)
        {
            return null;
        }

        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax syntax
            || model.GetOperation(syntax, cancellationToken) is not IInvocationOperation invocation
            || KnownTypes.Get(model.Compilation).Get(RandomNumberGeneratorName) is not { } generator
            || !IsDroppable(invocation.Instance, model.Compilation))
        {
            return null;
        }

        var arguments = invocation.Arguments.Where(static a => a.ArgumentKind != ArgumentKind.DefaultValue)
            .OrderBy(static a => a.Parameter?.Ordinal ?? int.MaxValue)
            .ToList();
        if (arguments.Any(static a => a.Parameter is null || a.ArgumentKind != ArgumentKind.Explicit || a.Syntax is not ArgumentSyntax))
        {
            return null;
        }

        var method = invocation.TargetMethod;
        var target = Target(method, arguments);
        if (target is null || !Exists(generator, target, arguments.Count))
        {
            return null;
        }

        var order = ImmutableArray.CreateBuilder<int>(arguments.Count);
        foreach (var argument in arguments)
        {
            order.Add(syntax.ArgumentList.Arguments.IndexOf((ArgumentSyntax)argument.Syntax));
        }

        if (order.Contains(-1))
        {
            return null;
        }

        var typeArgument = target == "GetItems" && method.TypeArguments.Length == 1 ? method.TypeArguments[0] : null;
        var addMaxValue = method.Name == "Next" && arguments.Count == 0;
        var argumentOrder = order.MoveToImmutable();
        return new FixPlan(
            "Use RandomNumberGenerator",
            UseRandomNumberGeneratorKey,
            editor => editor.ReplaceNode(syntax, (current, g) => Rewrite((InvocationExpressionSyntax)current, g, generator, target, typeArgument, argumentOrder, addMaxValue)));
    }

    /// <summary>The <c>RandomNumberGenerator</c> method with the same range and shape, or null.</summary>
    private static string? Target(IMethodSymbol method, List<IArgumentOperation> arguments)
    {
        switch (method.Name)
        {
            case "Next":
                if (arguments.Count == 1 && arguments[0].Value.ConstantValue is { HasValue: true, Value: int max } && max <= 0)
                {
                    return null; // Random.Next(0) returns 0, GetInt32(0) throws
                }

                if (arguments.Count == 2
                    && arguments[0].Value.ConstantValue is { HasValue: true, Value: int low }
                    && arguments[1].Value.ConstantValue is { HasValue: true, Value: int high }
                    && low >= high)
                {
                    return null; // Random.Next(n, n) returns n, GetInt32(n, n) throws
                }

                return "GetInt32";
            case "NextBytes":
                return "Fill";
            case "GetItems":
            case "GetString":
            case "GetHexString":
                return method.Name;
            default:
                return null;
        }
    }

    private static bool Exists(INamedTypeSymbol generator, string name, int argumentCount)
    {
        var needed = name == "GetInt32" && argumentCount == 0 ? 1 : argumentCount;
        foreach (var member in generator.GetMembers(name))
        {
            if (member is IMethodSymbol { IsStatic: true, DeclaredAccessibility: Accessibility.Public } candidate
                && candidate.Parameters.Length >= needed
                && candidate.Parameters.Skip(needed).All(static p => p.IsOptional))
            {
                return true;
            }
        }

        return false;
    }

    private static SyntaxNode Rewrite(InvocationExpressionSyntax current, SyntaxGenerator g, INamedTypeSymbol generator, string target,
        ITypeSymbol? typeArgument, ImmutableArray<int> order, bool addMaxValue)
    {
        var type = g.TypeExpression(generator).WithAdditionalAnnotations(Simplifier.AddImportsAnnotation, Simplifier.Annotation);
        var member = typeArgument is null
            ? g.MemberAccessExpression(type, target)
            : g.MemberAccessExpression(type, g.GenericName(target, typeArgument));

        // Arguments come from the current tree (Fix All may already have rewritten nested calls), in parameter order.
        var currentArguments = current.ArgumentList.Arguments;
        var newArguments = new List<SyntaxNode>();
        if (addMaxValue)
        {
            newArguments.Add(g.MemberAccessExpression(g.TypeExpression(SpecialType.System_Int32), "MaxValue"));
        }

        foreach (var index in order)
        {
            newArguments.Add(g.Argument(currentArguments[index].Expression.WithoutTrivia()));
        }

        return g.InvocationExpression(member, newArguments).WithTriviaFrom(current);
    }

    /// <summary>The receiver can be dropped without losing behaviour: a variable, a property, or <c>new Random(…)</c>.</summary>
    private static bool IsDroppable(IOperation? receiver, Compilation compilation)
    {
        switch (receiver?.WalkDownConversions())
        {
            case null:
                return true;
            case ILocalReferenceOperation or IParameterReferenceOperation or IInstanceReferenceOperation:
                return true;
            case IFieldReferenceOperation field:
                return IsDroppable(field.Instance, compilation);
            case IPropertyReferenceOperation property:
                return property.Arguments.IsEmpty && IsDroppable(property.Instance, compilation);
            case IObjectCreationOperation creation:
                foreach (var argument in creation.Arguments)
                {
                    foreach (var operation in argument.Value.DescendantsAndSelf())
                    {
                        if (operation is IInvocationOperation call && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingAssembly, compilation.Assembly))
                        {
                            return false;
                        }
                    }
                }

                return true;
            default:
                return false;
        }
    }
}
