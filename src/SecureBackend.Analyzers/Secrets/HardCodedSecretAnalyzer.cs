using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Names;

namespace SecureBackend.Analyzers.Secrets;

/// <summary>
/// SB2005: secrets written into source code.
/// <list type="bullet">
/// <item>String (or byte) constants stored under a secret name: fields, properties, locals, parameter defaults,
/// object initializers, named arguments, dictionary and configuration entries (<c>["Jwt:Key"] = "…"</c>), headers.</item>
/// <item>Hard-coded keys and passwords handed to crypto and credential APIs: <c>SymmetricSecurityKey</c>, HMAC
/// constructors and <c>HashData</c>, <c>SymmetricAlgorithm.Key/IV</c>, <c>CreateEncryptor/CreateDecryptor</c>,
/// <c>NetworkCredential</c>, <c>Rfc2898DeriveBytes</c>, <c>PasswordDeriveBytes</c>, <c>AuthenticationHeaderValue</c>.</item>
/// <item>Any string with an embedded credential: connection-string <c>Password=</c>/<c>Pwd=</c>, URL user-info
/// passwords, PEM private keys and well-known token formats.</item>
/// </list>
/// Empty strings, placeholders (<see cref="SecretText.IsPlaceholder"/>), labels (<see cref="SecretText.LooksLikeLabel"/>),
/// values from configuration, development-only code, test projects and connection strings to this machine in EF Core
/// design-time factories (used only by the migrations tooling) are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardCodedSecretAnalyzer : SecureBackendAnalyzer
{
    public const string PlaceholdersOption = ConfigOptions.Prefix + "SB2005.placeholders";

    private static readonly HashSet<string> AuthorizationHeaders = NameSet.Of(
        StringComparer.OrdinalIgnoreCase, "Authorization", "Proxy-Authorization");

    /// <summary>Shorter strings cannot embed a credential of the forms <see cref="SecretText.EmbeddedCredential"/> finds.</summary>
    private const int MinCredentialLength = 8;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.HardCodedSecret);

    protected override bool IsRelevant(KnownTypes types) => true;

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var symbols = new Symbols(types);
        context.RegisterOperationAction(symbols.AnalyzeFieldInitializer, OperationKind.FieldInitializer);
        context.RegisterOperationAction(symbols.AnalyzePropertyInitializer, OperationKind.PropertyInitializer);
        context.RegisterOperationAction(symbols.AnalyzeParameterInitializer, OperationKind.ParameterInitializer);
        context.RegisterOperationAction(symbols.AnalyzeDeclarator, OperationKind.VariableDeclarator);
        context.RegisterOperationAction(symbols.AnalyzeAssignment, OperationKind.SimpleAssignment);
        context.RegisterOperationAction(symbols.AnalyzeInvocation, OperationKind.Invocation);
        context.RegisterOperationAction(symbols.AnalyzeObjectCreation, OperationKind.ObjectCreation);
        context.RegisterOperationAction(symbols.AnalyzeText, OperationKind.Literal, OperationKind.InterpolatedString, OperationKind.Binary);
    }

    /// <summary>
    /// What a diagnostic says it found, kept as its parts: the message text is only built for the rare value that is
    /// reported, not for every declaration, assignment and argument looked at.
    /// </summary>
    private readonly struct Subject
    {
        private readonly string _lead;
        private readonly string? _name;
        private readonly IMethodSymbol? _method;

        private Subject(string lead, string? name, IMethodSymbol? method)
        {
            _lead = lead;
            _name = name;
            _method = method;
        }

        /// <summary><c>The value of 'name'</c> and the like: <paramref name="lead"/> ends with the opening quote.</summary>
        public static Subject Named(string lead, string name) => new(lead, name, null);

        /// <summary>A complete description.</summary>
        public static Subject Text(string text) => new(text, null, null);

        /// <summary><c>The 'parameter' argument of 'Type.Method'</c>.</summary>
        public static Subject Argument(string parameterName, IMethodSymbol method) => new(string.Empty, parameterName, method);

        public override string ToString()
        {
            if (_method is { } method)
            {
                var type = method.ContainingType;
                var display = method.MethodKind == MethodKind.Constructor ? type.Name : type.Name + "." + method.Name;
                return "The '" + _name + "' argument of '" + display + "'";
            }

            return _name is null ? _lead : _lead + _name + "'";
        }
    }

    // ------------------------------------------------------------------ declarations and assignments

    private static void AnalyzeFieldInitializer(OperationAnalysisContext context, Symbols symbols)
    {
        var initializer = (IFieldInitializerOperation)context.Operation;
        foreach (var field in initializer.InitializedFields)
        {
            CheckNamed(context, symbols, field.Name, field.ContainingType?.Name, field, initializer.Value, Subject.Named("The value of '", field.Name));
        }
    }

    private static void AnalyzePropertyInitializer(OperationAnalysisContext context, Symbols symbols)
    {
        var initializer = (IPropertyInitializerOperation)context.Operation;
        foreach (var property in initializer.InitializedProperties)
        {
            CheckNamed(context, symbols, property.Name, property.ContainingType?.Name, property, initializer.Value, Subject.Named("The value of '", property.Name));
        }
    }

    private static void AnalyzeParameterInitializer(OperationAnalysisContext context, Symbols symbols)
    {
        var initializer = (IParameterInitializerOperation)context.Operation;
        var parameter = initializer.Parameter;
        CheckNamed(context, symbols, parameter.Name, null, parameter, initializer.Value, Subject.Named("The default value of '", parameter.Name));
    }

    private static void AnalyzeDeclarator(OperationAnalysisContext context, Symbols symbols)
    {
        var declarator = (IVariableDeclaratorOperation)context.Operation;
        if (declarator.GetVariableInitializer() is { } initializer)
        {
            CheckNamed(context, symbols, declarator.Symbol.Name, null, declarator.Symbol, initializer.Value, Subject.Named("The value of '", declarator.Symbol.Name));
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, Symbols symbols)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        switch (assignment.Target)
        {
            case IPropertyReferenceOperation { Property: { Name: "Key" or "IV" } property } reference
                when property.ContainingType.InheritsFromOrEquals(symbols.SymmetricAlgorithm) || property.ContainingType.InheritsFromOrEquals(symbols.KeyedHashAlgorithm):
                var receiver = reference.Instance?.Type?.Name ?? property.ContainingType.Name;
                CheckSink(context, symbols, assignment.Value, allowZeroArrays: true, Subject.Named("The value assigned to '", receiver + "." + property.Name));
                break;

            case IPropertyReferenceOperation { Property.IsIndexer: true } indexer:
                foreach (var argument in indexer.Arguments)
                {
                    if (argument.Value.TryGetConstantString(out var key) && key is not null)
                    {
                        CheckPair(context, symbols, key, assignment.Value);
                        break;
                    }
                }

                break;

            case IPropertyReferenceOperation property:
                CheckNamed(context, symbols, property.Property.Name, property.Property.ContainingType?.Name, property.Property, assignment.Value, Subject.Named("The value of '", property.Property.Name));
                break;

            case IFieldReferenceOperation field:
                CheckNamed(context, symbols, field.Field.Name, field.Field.ContainingType?.Name, field.Field, assignment.Value, Subject.Named("The value of '", field.Field.Name));
                break;

            case ILocalReferenceOperation local:
                CheckNamed(context, symbols, local.Local.Name, null, local.Local, assignment.Value, Subject.Named("The value of '", local.Local.Name));
                break;
        }
    }

    // ------------------------------------------------------------------ calls

    private static void AnalyzeCall(OperationAnalysisContext context, Symbols symbols, IMethodSymbol? method, ImmutableArray<IArgumentOperation> arguments)
    {
        if (method is null || arguments.IsEmpty)
        {
            return;
        }

        var type = method.ContainingType;
        if (method.Name == "Equals" && type.SpecialType == SpecialType.System_String)
        {
            if (context.Operation is IInvocationOperation { Instance: { } instance })
            {
                CheckComparison(context, symbols, instance, arguments[0].Value);
            }
            else if (arguments.Length > 1)
            {
                CheckComparison(context, symbols, arguments[0].Value, arguments[1].Value);
            }

            return;
        }

        // Cheap checks first: most arguments are not hard-coded, and only then are the API and the names looked at.
        int? isCryptoApi = null;
        SecretNameMatcher? names = null;
        IArgumentOperation? pairKey = null;
        IArgumentOperation? pairValue = null;
        foreach (var argument in arguments)
        {
            var parameter = argument.Parameter;
            if (parameter is null || argument.ArgumentKind != ArgumentKind.Explicit)
            {
                continue;
            }

            // Only these parameters are looked at below; the value's shape is checked after the parameter's. The value
            // carries the parameter's type (converted to it), and reading it there allocates nothing.
            var parameterName = parameter.Name;
            var parameterType = argument.Value.Type;
            if (!(IsCryptoSinkParameter(parameterName) || parameterName is "parameter" or "value" || IsPairKeyParameter(parameterName) || IsTextOrBytes(parameterType))
                || !HardCodedValues.MayBeHardCoded(argument.Value))
            {
                continue;
            }

            if (IsCryptoSinkParameter(parameterName) && (isCryptoApi ??= IsCryptoApi(type, symbols) ? 1 : 0) == 1)
            {
                CheckSink(context, symbols, argument.Value, allowZeroArrays: parameterName != "password", Subject.Argument(parameterName, method));
            }
            else if (parameterName == "parameter" && SymbolEqualityComparer.Default.Equals(type, symbols.AuthenticationHeaderValue))
            {
                CheckSink(context, symbols, argument.Value, allowZeroArrays: false, Subject.Text("The credentials passed to 'AuthenticationHeaderValue'"));
            }
            else if (IsTextOrBytes(parameterType) && (names ??= symbols.Names.For(context.Options, context.Operation.Syntax.SyntaxTree)).Matches(parameterName, null, allowExact: false))
            {
                CheckNamed(context, symbols, parameterName, null, parameter, argument.Value, Subject.Argument(parameterName, method));
            }
            else if (IsPairKeyParameter(parameterName) && parameterType?.SpecialType == SpecialType.System_String)
            {
                pairKey = argument;
            }
            else if (parameterName == "value")
            {
                pairValue = argument;
            }
        }

        // headers.Add("X-Api-Key", "…"), new KeyValuePair<string, string>("password", "…"), { "ClientSecret", "…" }
        if (pairKey is not null && pairValue is not null && pairKey.Value.TryGetConstantString(out var key) && key is not null)
        {
            CheckPair(context, symbols, key, pairValue.Value);
        }
    }

    // ------------------------------------------------------------------ strings that embed credentials

    private static void AnalyzeText(OperationAnalysisContext context, Symbols symbols)
    {
        var operation = context.Operation;
        var kind = operation.Kind;
        if (kind == OperationKind.Binary
            && ((IBinaryOperation)operation) is { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison)
        {
            CheckComparison(context, symbols, comparison.LeftOperand, comparison.RightOperand);
            return;
        }

        // A literal's written length first (a literal shorter than a credential holds none, whatever its type), then
        // the type (reading a numeric constant boxes it), then length and marker checks: almost every string is short
        // or contains no marker.
        if (kind == OperationKind.Literal && operation.Syntax.Span.Length < MinCredentialLength)
        {
            return;
        }

        if (kind != OperationKind.InterpolatedString && operation.Type?.SpecialType != SpecialType.System_String)
        {
            return;
        }

        string? text;
        var reportAt = operation;
        switch (operation)
        {
            case ILiteralOperation literal when literal.Syntax.Span.Length >= MinCredentialLength
                && literal.TryGetConstantString(out var value) && value is { Length: >= MinCredentialLength }
                && literal.Parent is not IInterpolatedStringTextOperation && SecretText.MayEmbedCredential(value) && !IsPartOfLargerString(literal)
                && !IsFormatOfStringFormat(literal):
                text = value;
                break;
            case IBinaryOperation binary when binary.ConstantValue.Value is string { Length: >= MinCredentialLength } value
                && SecretText.MayEmbedCredential(value) && !IsPartOfLargerString(binary):
                text = value;
                break;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, ConstantValue.HasValue: false } concatenation
                when concatenation.Type?.SpecialType == SpecialType.System_String && ConstantPartsMayEmbedCredential(concatenation, 0) && !IsPartOfLargerString(concatenation):
                // "Server=" + host + ";Password=s3cret" (the constant parts are read, the others are holes).
                var builder = new System.Text.StringBuilder();
                AppendConcatenation(builder, concatenation, 0);
                text = builder.ToString();
                reportAt = CredentialPart(concatenation, 0) ?? concatenation;
                if (reportAt is IFieldReferenceOperation or ILocalReferenceOperation && reportAt.ConstantValue.Value is string part && SecretText.EmbeddedCredential(part) is not null)
                {
                    return; // a constant that holds the credential by itself is reported where it is declared
                }

                break;
            case IInterpolatedStringOperation interpolated when MayEmbedCredential(interpolated) && !IsPartOfLargerString(interpolated):
                text = interpolated.ConstantValue.Value as string ?? WithHoles(interpolated);
                break;
            default:
                return;
        }

        if (text.Length < MinCredentialLength || SecretText.EmbeddedCredential(text) is not { } description)
        {
            return;
        }

        // EF Core's design-time factory is instantiated only by the migrations tooling: a connection string there that
        // names this machine reaches a developer's local database, never a deployed one.
        if (IsInDesignTimeFactory(context.ContainingSymbol, symbols) && SecretText.HasConnectionStringPassword(text) && SecretText.ConnectsToLocalServer(text))
        {
            return;
        }

        if (IsMessageOnly(operation, symbols))
        {
            return;
        }

        Report(context, symbols, reportAt, Subject.Text(description));
    }

    /// <summary>
    /// The constant part of a concatenation that holds the credential on its own or starts it (the part with the
    /// password key, the URL user-info or the token): the smallest span to report. Null when none stands out.
    /// </summary>
    private static IOperation? CredentialPart(IOperation operation, int depth)
    {
        operation = operation.WalkDownConversions();
        if (operation.ConstantValue.Value is string constant)
        {
            return SecretText.EmbeddedCredential(constant) is not null || SecretText.MentionsCredentialMarker(constant) ? operation : null;
        }

        return depth < 32 && operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary
            ? CredentialPart(binary.LeftOperand, depth + 1) ?? CredentialPart(binary.RightOperand, depth + 1)
            : null;
    }

    /// <summary>
    /// <c>string.Format("Server={0};Password={1}", host, "s3cret")</c>: the format with its constant arguments filled in
    /// (the others are holes). The format literal alone is left to this check.
    /// </summary>
    private static void AnalyzeFormat(OperationAnalysisContext context, Symbols symbols, IInvocationOperation invocation)
    {
        var arguments = invocation.Arguments;
        var formatIndex = -1;
        for (var i = 0; i < arguments.Length; i++)
        {
            if (arguments[i].Parameter?.Name == "format")
            {
                formatIndex = i;
                break;
            }
        }

        if (formatIndex < 0 || !arguments[formatIndex].Value.TryGetConstantString(out var format) || format is null || format.Length < MinCredentialLength
            || !SecretText.MayEmbedCredential(format))
        {
            return;
        }

        var values = new List<string?>();
        for (var i = formatIndex + 1; i < arguments.Length; i++)
        {
            if (arguments[i].ArgumentKind == ArgumentKind.ParamArray && arguments[i].Value.WalkDownConversions() is IArrayCreationOperation { Initializer: { } initializer })
            {
                foreach (var element in initializer.ElementValues)
                {
                    values.Add(element.WalkDownConversions().TryGetConstantString(out var elementText) ? elementText : null);
                }
            }
            else
            {
                values.Add(arguments[i].Value.WalkDownConversions().TryGetConstantString(out var argumentText) ? argumentText : null);
            }
        }

        var text = SecretText.FillFormat(format, values) ?? format;
        if (SecretText.EmbeddedCredential(text) is not { } description || IsMessageOnly(invocation, symbols))
        {
            return;
        }

        if (IsInDesignTimeFactory(context.ContainingSymbol, symbols) && SecretText.HasConnectionStringPassword(text) && SecretText.ConnectsToLocalServer(text))
        {
            return;
        }

        Report(context, symbols, arguments[formatIndex].Value, Subject.Text(description));
    }

    private static bool IsFormatOfStringFormat(IOperation literal)
        => literal.Parent is IArgumentOperation { Parameter.Name: "format", Parent: IInvocationOperation { TargetMethod: { Name: "Format", ContainingType.SpecialType: SpecialType.System_String } } };

    /// <summary>Whether a constant part of a concatenation can hold a credential marker (no allocation: this runs for every concatenation).</summary>
    private static bool ConstantPartsMayEmbedCredential(IOperation operation, int depth)
    {
        operation = operation.WalkDownConversions();
        if (operation.ConstantValue.Value is string constant)
        {
            return SecretText.MayEmbedCredential(constant);
        }

        return depth < 32 && operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary
               && (ConstantPartsMayEmbedCredential(binary.LeftOperand, depth + 1) || ConstantPartsMayEmbedCredential(binary.RightOperand, depth + 1));
    }

    private static void AppendConcatenation(System.Text.StringBuilder builder, IOperation operation, int depth)
    {
        operation = operation.WalkDownConversions();
        if (operation.ConstantValue.Value is string constant)
        {
            builder.Append(constant);
        }
        else if (depth < 32 && operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary && binary.Type?.SpecialType == SpecialType.System_String)
        {
            AppendConcatenation(builder, binary.LeftOperand, depth + 1);
            AppendConcatenation(builder, binary.RightOperand, depth + 1);
        }
        else if (operation is IInterpolatedStringOperation interpolated)
        {
            builder.Append(WithHoles(interpolated));
        }
        else
        {
            builder.Append(SecretText.Hole);
        }
    }

    /// <summary>
    /// Whether the string only becomes a message: an argument (directly, or through concatenation, interpolation and
    /// <c>string.Format</c>) of a logging call (<c>Microsoft.Extensions.Logging</c>, Serilog, NLog, <c>Console</c>,
    /// <c>Debug</c>, <c>Trace</c>) or of an exception's constructor. Such text describes a value; it is not handed to a
    /// connection or a client.
    /// </summary>
    private static bool IsMessageOnly(IOperation operation, Symbols symbols)
    {
        var current = operation;
        for (var depth = 0; depth < 16 && current.Parent is { } parent; depth++, current = parent)
        {
            switch (parent)
            {
                case IParenthesizedOperation:
                case IConversionOperation:
                case IInterpolationOperation:
                case IInterpolatedStringOperation:
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add }:
                case IArrayCreationOperation:
                case IArrayInitializerOperation:
                    continue;
                case IArgumentOperation:
                    continue;
                case IInvocationOperation { TargetMethod: { Name: "Format", ContainingType.SpecialType: SpecialType.System_String } }:
                    continue;
                case IInvocationOperation invocation:
                    return IsLoggingType(invocation.TargetMethod.ContainingType);
                case IObjectCreationOperation creation:
                    return creation.Type.InheritsFromOrEquals(symbols.Exception);
                default:
                    return false;
            }
        }

        return false;
    }

    private static bool IsLoggingType(INamedTypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        var ns = type.ContainingNamespace;
        return ns.IsWithinNamespace("Microsoft.Extensions.Logging") || ns.IsWithinNamespace("Serilog") || ns.IsWithinNamespace("NLog")
               || (type.Name == "Console" && ns.IsNamespace("System"))
               || (type.Name is "Debug" or "Trace" && ns.IsNamespace("System.Diagnostics"));
    }

    /// <summary>Whether the code is in a type (or a type nested in one) implementing <c>IDesignTimeDbContextFactory&lt;T&gt;</c>.</summary>
    private static bool IsInDesignTimeFactory(ISymbol? symbol, Symbols symbols)
        => CodeScopes.IsInTypeImplementing(symbol, symbols.DesignTimeDbContextFactory);

    /// <summary>
    /// Whether the string is a part of a larger one that is checked as a whole: a constant concatenation or
    /// interpolation, or any string concatenation (whose constant parts are read together, with holes between).
    /// </summary>
    private static bool IsPartOfLargerString(IOperation operation)
    {
        var parent = operation.Parent;
        while (parent is IParenthesizedOperation or IConversionOperation { IsImplicit: true })
        {
            parent = parent.Parent;
        }

        return parent is IBinaryOperation { ConstantValue: { HasValue: true, Value: string } }
               || (parent is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation && concatenation.Type?.SpecialType == SpecialType.System_String)
               || (parent is IInterpolationOperation { Parent: IInterpolatedStringOperation { ConstantValue: { HasValue: true, Value: string } } });
    }

    /// <summary>Whether a text part or constant hole of the string can hold a credential marker (<see cref="SecretText.MayEmbedCredential"/>).</summary>
    private static bool MayEmbedCredential(IInterpolatedStringOperation interpolated)
    {
        foreach (var part in interpolated.Parts)
        {
            var text = part switch
            {
                IInterpolatedStringTextOperation { Text.ConstantValue.Value: string constantText } => constantText,
                IInterpolationOperation { Expression.ConstantValue.Value: string constant } => constant,
                _ => null,
            };

            if (text is not null && SecretText.MayEmbedCredential(text))
            {
                return true;
            }
        }

        return false;
    }

    private static string WithHoles(IInterpolatedStringOperation interpolated)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var part in interpolated.Parts)
        {
            if (part is IInterpolatedStringTextOperation { Text.ConstantValue.Value: string text })
            {
                builder.Append(text);
            }
            else if (part is IInterpolationOperation { Expression.ConstantValue.Value: string constant })
            {
                builder.Append(constant);
            }
            else
            {
                builder.Append(SecretText.Hole);
            }
        }

        return builder.ToString();
    }

    // ------------------------------------------------------------------ checks

    /// <summary>A constant stored under a secret name.</summary>
    private static void CheckNamed(OperationAnalysisContext context, Symbols symbols, string name, string? typeName, ISymbol target, IOperation value, Subject description)
    {
        // The shape check is cheaper than the name check, and TryEvaluate accepts nothing it rejects.
        if (!HardCodedValues.MayBeHardCoded(value))
        {
            return;
        }

        var names = symbols.Names.For(context.Options, context.Operation.Syntax.SyntaxTree);
        if (!names.Matches(name, typeName)
            || !HardCodedValues.TryEvaluate(value, allowZeroArrays: false, context.CancellationToken, out var hardCoded))
        {
            return;
        }

        if (IsReportedElsewhere(hardCoded.Origin, target, hardCoded.Text, names) || IsReportedElsewhere(hardCoded.Source, target, hardCoded.Text, names))
        {
            return;
        }

        if (hardCoded.Text is { } text
            && (SecretText.IsPlaceholder(text, Placeholders(context)) || SecretText.LooksLikeLabel(text, name, names) || SecretText.EmbeddedCredential(text) is not null
                || SecretText.IsWellKnownPublicValue(text) || IsSeedPlaceholder(context.Operation, target, text)))
        {
            return;
        }

        Report(context, symbols, hardCoded.ReportAt, description);
    }

    /// <summary>
    /// Sample data of the application's own objects, written in an object initializer (installers, seeders):
    /// <c>new EmailAccount { Username = "123", Password = "123" }</c>. The value repeats the user name of the same
    /// object, or is a trivially short run of digits (four at most) for a member the application declares itself.
    /// Credentials handed to APIs (<c>UserManager.CreateAsync(user, "…")</c>, <c>NetworkCredential</c>,
    /// <c>SqlConnectionStringBuilder.Password</c>) are not assignments to the application's own members and stay reported.
    /// </summary>
    private static bool IsSeedPlaceholder(IOperation operation, ISymbol target, string text)
    {
        if (operation is not ISimpleAssignmentOperation { Parent: IObjectOrCollectionInitializerOperation initializer } || target is not (IPropertySymbol or IFieldSymbol))
        {
            return false;
        }

        var ownMember = !target.Locations.IsEmpty && target.Locations[0].IsInSource;
        if (ownMember && text.Length <= 4 && IsDigits(text))
        {
            return true;
        }

        foreach (var member in initializer.Initializers)
        {
            if (member is ISimpleAssignmentOperation sibling && !ReferenceEquals(sibling, operation)
                && sibling.Target switch
                {
                    IPropertyReferenceOperation property => AccountNames.IsUserName(property.Property.Name),
                    IFieldReferenceOperation field => AccountNames.IsUserName(field.Field.Name),
                    _ => false,
                }
                && sibling.Value.TryGetConstantString(out var user) && string.Equals(user, text, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDigits(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>if (password == "Adm1n!")</c>: a credential check against a literal is a hard-coded credential.</summary>
    private static void CheckComparison(OperationAnalysisContext context, Symbols symbols, IOperation left, IOperation right)
    {
        left = left.WalkDownConversions();
        right = right.WalkDownConversions();
        if (!CheckComparisonSide(context, symbols, left, right))
        {
            CheckComparisonSide(context, symbols, right, left);
        }
    }

    private static bool CheckComparisonSide(OperationAnalysisContext context, Symbols symbols, IOperation named, IOperation constant)
    {
        if (constant.Type?.SpecialType != SpecialType.System_String || constant.ConstantValue is not { HasValue: true, Value: string } || named.ConstantValue.HasValue)
        {
            return false;
        }

        var symbol = named switch
        {
            ILocalReferenceOperation local => (ISymbol)local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation { Property.IsIndexer: false } property => property.Property,
            _ => null,
        };

        if (symbol is null)
        {
            return false;
        }

        var typeName = symbol is IFieldSymbol or IPropertySymbol ? symbol.ContainingType?.Name : null;
        CheckNamed(context, symbols, symbol.Name, typeName, symbol, constant, Subject.Named("The value compared with '", symbol.Name));
        return true;
    }

    /// <summary>A constant handed to an API that takes a key or password.</summary>
    private static void CheckSink(OperationAnalysisContext context, Symbols symbols, IOperation value, bool allowZeroArrays, Subject description)
    {
        if (!HardCodedValues.TryEvaluate(value, allowZeroArrays, context.CancellationToken, out var hardCoded))
        {
            return;
        }

        var names = symbols.Names.For(context.Options, context.Operation.Syntax.SyntaxTree);
        if (IsReportedElsewhere(hardCoded.Origin, null, hardCoded.Text, names) || IsReportedElsewhere(hardCoded.Source, null, hardCoded.Text, names))
        {
            return;
        }

        if (hardCoded.Text is { } text && (SecretText.IsPlaceholder(text, Placeholders(context)) || SecretText.EmbeddedCredential(text) is not null || SecretText.IsWellKnownPublicValue(text)))
        {
            return;
        }

        Report(context, symbols, hardCoded.ReportAt, description);
    }

    /// <summary>A constant stored under a constant key: dictionary and configuration entries, headers, form fields.</summary>
    private static void CheckPair(OperationAnalysisContext context, Symbols symbols, string key, IOperation value)
    {
        if (AuthorizationHeaders.Contains(key))
        {
            if (HardCodedValues.TryEvaluate(value, allowZeroArrays: false, context.CancellationToken, out var header) && header.Text is { } text)
            {
                var space = text.IndexOf(' ');
                var credentials = space > 0 ? text.Substring(space + 1) : text;
                if (!SecretText.IsPlaceholder(credentials, Placeholders(context)))
                {
                    Report(context, symbols, header.ReportAt, Subject.Text("The credentials in the '" + key + "' header"));
                }
            }

            return;
        }

        CheckNamed(context, symbols, key, null, context.ContainingSymbol, value, Subject.Named("The value of '", key));
    }

    /// <summary>Whether a local or field the value passed through (other than <paramref name="target"/>) is reported where it is declared.</summary>
    private static bool IsReportedElsewhere(ISymbol? holder, ISymbol? target, string? text, SecretNameMatcher names)
        => holder is not null && !SymbolEqualityComparer.Default.Equals(holder, target) && IsReportedAtDeclaration(holder, text, names);

    /// <summary>Whether the local or field the value was read from is itself reported where it is declared.</summary>
    private static bool IsReportedAtDeclaration(ISymbol origin, string? text, SecretNameMatcher names)
        => names.Matches(origin.Name, origin.ContainingType?.Name)
           && (text is null || (!SecretText.IsPlaceholder(text) && !SecretText.LooksLikeLabel(text, origin.Name, names) && SecretText.EmbeddedCredential(text) is null));

    private static void Report(OperationAnalysisContext context, Symbols symbols, IOperation at, Subject description)
    {
        var tree = at.Syntax.SyntaxTree;
        if (SecretsScope.IsSuppressed(symbols.IsTestProject, context.Options, tree) || DevelopmentGuards.IsInDevelopmentOnlyCode(at))
        {
            return;
        }

        context.Report(Diagnostic.Create(Rules.HardCodedSecret, at.Syntax.GetLocation(), description.ToString()));
    }

    private static ImmutableArray<string> Placeholders(OperationAnalysisContext context)
        => context.Options.GetList(context.Operation.Syntax.SyntaxTree, PlaceholdersOption);

    /// <summary>Types in <c>System.Security.Cryptography*</c> or <c>Microsoft.IdentityModel.Tokens</c>, and <c>NetworkCredential</c> (no string formatting: this runs for every call).</summary>
    private static bool IsCryptoApi(INamedTypeSymbol? type, Symbols symbols)
    {
        if (type is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(type, symbols.NetworkCredential))
        {
            return true;
        }

        var ns = type.ContainingNamespace;
        return ns.IsWithinNamespace("System.Security.Cryptography") || ns.IsNamespace("Microsoft.IdentityModel.Tokens");
    }

    /// <summary>The key, IV and password parameters of the crypto and credential APIs (checked for every hard-coded argument).</summary>
    private static bool IsCryptoSinkParameter(string name) => name is "key" or "rgbKey" or "iv" or "rgbIV" or "password" or "strPassword";

    /// <summary>The key of a key/value pair: <c>Add(key, value)</c>, <c>SetEnvironmentVariable(variable, value)</c>, headers.</summary>
    private static bool IsPairKeyParameter(string name) => name is "key" or "name" or "variable" or "header" or "headerName";

    private static bool IsTextOrBytes(ITypeSymbol? type) => type switch
    {
        { SpecialType: SpecialType.System_String } => true,
        IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte or SpecialType.System_Char } => true,
        INamedTypeSymbol { Name: "ReadOnlySpan" or "Span", TypeArguments.Length: 1 } span => span.TypeArguments[0].SpecialType is SpecialType.System_Byte or SpecialType.System_Char,
        _ => false,
    };

    private sealed class Symbols
    {
        public Symbols(KnownTypes types)
        {
            SymmetricAlgorithm = types.Get("System.Security.Cryptography.SymmetricAlgorithm");
            KeyedHashAlgorithm = types.Get("System.Security.Cryptography.KeyedHashAlgorithm");
            NetworkCredential = types.Get("System.Net.NetworkCredential");
            AuthenticationHeaderValue = types.Get("System.Net.Http.Headers.AuthenticationHeaderValue");
            DesignTimeDbContextFactory = types.Get("Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory`1");
            Exception = types.Get("System.Exception");
            IsTestProject = SecretsScope.IsTestProject(types);
            Names = new SecretNameMatchers(SecretNameMatcher.HardCodedSecrets, RuleIds.HardCodedSecret);
        }

        public INamedTypeSymbol? SymmetricAlgorithm { get; }

        public INamedTypeSymbol? KeyedHashAlgorithm { get; }

        public INamedTypeSymbol? NetworkCredential { get; }

        public INamedTypeSymbol? AuthenticationHeaderValue { get; }

        public INamedTypeSymbol? DesignTimeDbContextFactory { get; }

        public INamedTypeSymbol? Exception { get; }

        public bool IsTestProject { get; }

        public SecretNameMatchers Names { get; }

        public void AnalyzeFieldInitializer(OperationAnalysisContext context) => HardCodedSecretAnalyzer.AnalyzeFieldInitializer(context, this);

        public void AnalyzePropertyInitializer(OperationAnalysisContext context) => HardCodedSecretAnalyzer.AnalyzePropertyInitializer(context, this);

        public void AnalyzeParameterInitializer(OperationAnalysisContext context) => HardCodedSecretAnalyzer.AnalyzeParameterInitializer(context, this);

        public void AnalyzeDeclarator(OperationAnalysisContext context) => HardCodedSecretAnalyzer.AnalyzeDeclarator(context, this);

        public void AnalyzeAssignment(OperationAnalysisContext context) => HardCodedSecretAnalyzer.AnalyzeAssignment(context, this);

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (invocation.TargetMethod is { Name: "Format", ContainingType.SpecialType: SpecialType.System_String })
            {
                AnalyzeFormat(context, this, invocation);
                return;
            }

            AnalyzeCall(context, this, invocation.TargetMethod, invocation.Arguments);
        }

        public void AnalyzeObjectCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            AnalyzeCall(context, this, creation.Constructor, creation.Arguments);
        }

        public void AnalyzeText(OperationAnalysisContext context) => HardCodedSecretAnalyzer.AnalyzeText(context, this);
    }
}
