using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Transport;

/// <summary>
/// SB2010: database connections that accept any server certificate or no encryption at all:
/// <c>TrustServerCertificate=True</c>, <c>Encrypt=False/No/Optional</c> and <c>SslMode=Disable/None</c> in connection
/// string literals, interpolations and concatenations (the text must name a server or database, or be passed to a
/// <c>connectionString</c> parameter or a <c>ConnectionString</c> property), and the same settings on any
/// <c>DbConnectionStringBuilder</c> (<c>SqlConnectionStringBuilder</c>, <c>NpgsqlConnectionStringBuilder</c> …).
/// Quiet when every server named is this machine (see <see cref="ConnectionStrings.NamesOnlyLocalServers"/>), in
/// code that runs only outside Production (<see cref="DevelopmentGuards.IsInNonProductionCode"/>), in EF Core
/// design-time factories and in test projects.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InsecureDatabaseConnectionAnalyzer : SecureBackendAnalyzer
{
    /// <summary>Which rewrite the fixer may apply: <see cref="RemoveTrustFix"/> or <see cref="RequireEncryptionFix"/>; absent when none is safe.</summary>
    internal const string FixProperty = "Fix";

    internal const string RemoveTrustFix = "RemoveTrust";

    internal const string RequireEncryptionFix = "RequireEncryption";

    private const string NotValidated = "any certificate the server presents is accepted";

    private const string NotEncrypted = "data and credentials may travel unencrypted";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.InsecureDatabaseConnection);

    protected override bool IsRelevant(KnownTypes types)
        => types.Has("System.Data.Common.DbConnectionStringBuilder") && !CodeScopes.IsTestProject(types);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var builder = types.Get("System.Data.Common.DbConnectionStringBuilder");
        var designTimeFactory = types.Get(CodeScopes.DesignTimeDbContextFactory);
        context.RegisterOperationAction(c => AnalyzeLiteral(c, designTimeFactory), OperationKind.Literal);
        context.RegisterOperationAction(c => AnalyzeAssignment(c, builder, designTimeFactory), OperationKind.SimpleAssignment);
    }

    private static void AnalyzeLiteral(OperationAnalysisContext context, INamedTypeSymbol? designTimeFactory)
    {
        // The written length first: a literal's text is never longer than the literal as written (quotes and escapes
        // included), and a connection string with a setting is not shorter than 8 characters.
        var literal = (ILiteralOperation)context.Operation;
        if (literal.Syntax.Span.Length < 8 || !TryGetText(literal, out var text) || text is null || text.Length < 8 || text.IndexOf('=') < 0 || !MentionsSetting(text))
        {
            return;
        }

        // The whole string this literal is part of: interpolation, concatenation.
        IOperation whole = literal;
        if (whole.Parent is IInterpolatedStringTextOperation { Parent: IInterpolatedStringOperation interpolated })
        {
            whole = interpolated;
        }

        while (whole.Parent is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concat && concat.Type?.SpecialType == SpecialType.System_String)
        {
            whole = concat;
        }

        var combined = new StringBuilder();
        var literalStart = -1;
        Flatten(whole, literal, combined, ref literalStart);
        if (literalStart < 0)
        {
            return;
        }

        var pairs = ConnectionStrings.Parse(combined.ToString());
        var literalEnd = literalStart + text.Length;
        List<(ConnectionStringPair Pair, string Problem, string? Fix)>? found = null;
        foreach (var pair in pairs)
        {
            if (pair.Start < literalStart || pair.Start >= literalEnd || Classify(pair) is not { } problem)
            {
                continue;
            }

            (found ??= new()).Add((pair, problem.Problem, problem.Fix));
        }

        if (found is null
            || (!ConnectionStrings.NamesServerOrDatabase(pairs) && !IsPassedAsConnectionString(whole))
            || ConnectionStrings.NamesOnlyLocalServers(pairs)
            || DevelopmentGuards.IsInNonProductionCode(literal)
            || CodeScopes.IsInTypeImplementing(context.ContainingSymbol, designTimeFactory))
        {
            return;
        }

        var location = literal.Parent is IInterpolatedStringTextOperation part ? part.Syntax.GetLocation() : literal.Syntax.GetLocation();
        foreach (var (pair, problem, fix) in found)
        {
            var setting = pair.Key + "=" + pair.Value;
            var properties = fix is null ? ImmutableDictionary<string, string?>.Empty : ImmutableDictionary<string, string?>.Empty.Add(FixProperty, fix);
            context.Report(Diagnostic.Create(Rules.InsecureDatabaseConnection, location, properties, setting, problem));
        }
    }

    /// <summary>The text of a string literal, or of the literal text between the holes of an interpolated string.</summary>
    private static bool TryGetText(ILiteralOperation literal, out string? text)
    {
        if (literal.TryGetStringLiteral(out text))
        {
            return true;
        }

        if (literal.Parent is IInterpolatedStringTextOperation && literal.ConstantValue is { HasValue: true, Value: string value })
        {
            text = value;
            return true;
        }

        text = null;
        return false;
    }

    /// <summary>A cheap first look: the literal mentions one of the keys at all.</summary>
    private static bool MentionsSetting(string text)
        => text.IndexOf("Certificate", StringComparison.OrdinalIgnoreCase) >= 0
           || text.IndexOf("Encrypt", StringComparison.OrdinalIgnoreCase) >= 0
           || text.IndexOf("Ssl", StringComparison.OrdinalIgnoreCase) >= 0;

    private static (string Problem, string? Fix)? Classify(ConnectionStringPair pair)
    {
        var value = pair.Value;
        if (value.IndexOf(ConnectionStrings.Unknown) >= 0)
        {
            return null;
        }

        if (ConnectionStrings.KeyIs(pair.Key, "TrustServerCertificate") && ConnectionStrings.IsTrue(value))
        {
            return (NotValidated, RemoveTrustFix);
        }

        if (ConnectionStrings.KeyIs(pair.Key, "Encrypt")
            && (value.Equals("false", StringComparison.OrdinalIgnoreCase) || value.Equals("no", StringComparison.OrdinalIgnoreCase)
                || value.Equals("optional", StringComparison.OrdinalIgnoreCase)))
        {
            return (NotEncrypted, RequireEncryptionFix);
        }

        if (ConnectionStrings.KeyIs(pair.Key, "SslMode")
            && (value.Equals("disable", StringComparison.OrdinalIgnoreCase) || value.Equals("none", StringComparison.OrdinalIgnoreCase)))
        {
            return (NotEncrypted, null);
        }

        return null;
    }

    /// <summary>Appends the known text of <paramref name="operation"/>, <see cref="ConnectionStrings.Unknown"/> for each unknown piece.</summary>
    private static void Flatten(IOperation operation, ILiteralOperation literal, StringBuilder text, ref int literalStart)
    {
        if (text.Length > 4096)
        {
            return;
        }

        switch (operation)
        {
            case ILiteralOperation when operation == literal:
                literalStart = text.Length;
                TryGetText(literal, out var own);
                text.Append(own);
                return;

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concat when concat.Type?.SpecialType == SpecialType.System_String:
                Flatten(concat.LeftOperand, literal, text, ref literalStart);
                Flatten(concat.RightOperand, literal, text, ref literalStart);
                return;

            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    switch (part)
                    {
                        case IInterpolatedStringTextOperation { Text: ILiteralOperation partText } when partText == literal:
                            Flatten(partText, literal, text, ref literalStart);
                            break;
                        case IInterpolatedStringTextOperation { Text: { } partText }:
                            text.Append(partText.ConstantValue.HasValue ? partText.ConstantValue.Value as string : ConnectionStrings.Unknown.ToString());
                            break;
                        case IInterpolationOperation hole:
                            AppendConstantOrUnknown(hole.Expression, text);
                            break;
                    }
                }

                return;

            default:
                AppendConstantOrUnknown(operation, text);
                return;
        }
    }

    private static void AppendConstantOrUnknown(IOperation operation, StringBuilder text)
    {
        if (operation.ConstantValue is { HasValue: true, Value: { } value } && value is string or bool or int)
        {
            text.Append(value is bool flag ? (flag ? "True" : "False") : value.ToString());
        }
        else
        {
            text.Append(ConnectionStrings.Unknown);
        }
    }

    /// <summary>Whether the string goes straight to a <c>connectionString</c> parameter or a <c>ConnectionString</c> property.</summary>
    private static bool IsPassedAsConnectionString(IOperation whole)
    {
        var parent = whole.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        return parent switch
        {
            IArgumentOperation { Parameter.Name: { } name } => name.Equals("connectionString", StringComparison.OrdinalIgnoreCase),
            ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "ConnectionString" } } => true,
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol.Name: { } local } } => local.IndexOf("ConnectionString", StringComparison.OrdinalIgnoreCase) >= 0,
            IFieldInitializerOperation { InitializedFields: { Length: 1 } fields } => fields[0].Name.IndexOf("ConnectionString", StringComparison.OrdinalIgnoreCase) >= 0,
            _ => false,
        };
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, INamedTypeSymbol? builderType, INamedTypeSymbol? designTimeFactory)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { Name: "TrustServerCertificate" or "Encrypt" or "SslMode" } property } target
            || !property.ContainingType.InheritsFromOrEquals(builderType))
        {
            return;
        }

        var value = assignment.Value.WalkDownConversions();
        string? problem = null;
        string? fix = null;
        switch (property.Name)
        {
            case "TrustServerCertificate" when value.ConstantValue is { HasValue: true, Value: true }:
                problem = NotValidated;
                fix = RemoveTrustFix;
                break;
            case "Encrypt" when value.ConstantValue is { HasValue: true, Value: false }:
                problem = NotEncrypted;
                fix = RequireEncryptionFix;
                break;
            case "Encrypt" when value is IPropertyReferenceOperation { Property: { IsStatic: true, Name: "Optional" } option }
                                && option.ContainingType.Name == "SqlConnectionEncryptOption":
                problem = NotEncrypted;
                fix = RequireEncryptionFix;
                break;
            case "SslMode" when value is IFieldReferenceOperation { Field: { Name: "Disable" or "None", ContainingType.TypeKind: TypeKind.Enum } }:
                problem = NotEncrypted;
                break;
        }

        if (problem is null
            || InitializesLocalServer(target, property.ContainingType)
            || DevelopmentGuards.IsInNonProductionCode(assignment)
            || CodeScopes.IsInTypeImplementing(context.ContainingSymbol, designTimeFactory))
        {
            return;
        }

        var properties = fix is null ? ImmutableDictionary<string, string?>.Empty : ImmutableDictionary<string, string?>.Empty.Add(FixProperty, fix);
        var setting = property.Name + " = " + assignment.Value.Syntax.ToString();
        context.Report(Diagnostic.Create(Rules.InsecureDatabaseConnection, assignment.Syntax.GetLocation(), properties, setting, problem));
    }

    /// <summary>
    /// Whether the builder being initialised names only this machine: <c>new SqlConnectionStringBuilder("Server=localhost;…") { … }</c>
    /// or a sibling <c>DataSource = "localhost"</c> / <c>Host = "127.0.0.1"</c> in the same object initializer.
    /// </summary>
    private static bool InitializesLocalServer(IPropertyReferenceOperation target, INamedTypeSymbol builder)
    {
        if (target.Instance is not IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver })
        {
            return false;
        }

        IObjectCreationOperation? creation = null;
        for (var current = target.Parent; current is not null; current = current.Parent)
        {
            if (current is IObjectCreationOperation found)
            {
                creation = found;
                break;
            }
        }

        if (creation?.Initializer is not { } initializer)
        {
            return false;
        }

        foreach (var argument in creation.Arguments)
        {
            if (argument.Value.TryGetConstantString(out var text) && text is not null && ConnectionStrings.NamesOnlyLocalServers(ConnectionStrings.Parse(text)))
            {
                return true;
            }
        }

        foreach (var member in initializer.Initializers)
        {
            if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: { } name } } sibling
                && ConnectionStrings.IsServerKey(name)
                && sibling.Value.TryGetConstantString(out var server) && server is not null)
            {
                return ConnectionStrings.IsLocalHost(server.Trim());
            }
        }

        return false;
    }
}
