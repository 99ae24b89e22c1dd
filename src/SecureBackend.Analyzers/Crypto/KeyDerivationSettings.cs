using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Crypto;

/// <summary>What a PBKDF2 call is configured with, as far as constants show it.</summary>
internal readonly struct KeyDerivationSettings
{
    public const int DefaultIterations = 1000;

    public KeyDerivationSettings(string api, string? hash, bool hashIsDefault, int? iterations, bool iterationsAreDefault,
        IArgumentOperation? hashArgument, IArgumentOperation? iterationsArgument)
    {
        Api = api;
        Hash = hash;
        HashIsDefault = hashIsDefault;
        Iterations = iterations;
        IterationsAreDefault = iterationsAreDefault;
        HashArgument = hashArgument;
        IterationsArgument = iterationsArgument;
    }

    public string Api { get; }

    /// <summary>SHA1, SHA256, SHA384, SHA512, MD5 …; null when not constant.</summary>
    public string? Hash { get; }

    public bool HashIsDefault { get; }

    public int? Iterations { get; }

    public bool IterationsAreDefault { get; }

    public IArgumentOperation? HashArgument { get; }

    public IArgumentOperation? IterationsArgument { get; }

    /// <summary>OWASP's minimum PBKDF2 iterations for the hash (2023): SHA-1 1,300,000, SHA-256 600,000, SHA-512 210,000.</summary>
    public static int MinimumIterations(string? hash) => hash switch
    {
        "SHA1" or "MD5" => 1_300_000,
        "SHA256" or "SHA3_256" => 600_000,
        _ => 210_000,
    };

    /// <summary>
    /// OWASP's recommendation for these settings, for the message: the SHA-512 (or SHA-384) minimum where that hash is
    /// named, otherwise PBKDF2-HMAC-SHA256 with 600,000 iterations (with the SHA-1 minimum where SHA-1 is named).
    /// </summary>
    public string Recommendation => Hash switch
    {
        "SHA512" => "PBKDF2-HMAC-SHA512 with at least 210,000 iterations",
        "SHA384" => "PBKDF2-HMAC-SHA384 with at least 210,000 iterations (the SHA-512 minimum)",
        "SHA1" when !HashIsDefault => Sha256Recommendation + " (with HMAC-SHA1: 1,300,000)",
        _ => Sha256Recommendation,
    };

    /// <summary>OWASP's first recommendation, also named for PBKDF1.</summary>
    public const string Sha256Recommendation = "PBKDF2-HMAC-SHA256 with at least 600,000 iterations";

    /// <summary>
    /// Whether the settings fall short of current guidance; <paramref name="reason"/> reads well in a build log. A
    /// constant iteration count that meets the minimum of its hash is never weak, also with SHA-1 by default
    /// (<c>new Rfc2898DeriveBytes(p, s, 1_300_000)</c>).
    /// </summary>
    public bool IsWeak(out string reason)
    {
        var hashText = Hash is null ? null : "HMAC-" + Hash.Replace("_", "-") + (HashIsDefault ? " (the default)" : string.Empty);
        var iterationsText = Iterations is { } count
            ? count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " iteration" + (count == 1 ? string.Empty : "s") + (IterationsAreDefault ? " (the default)" : string.Empty)
            : null;
        var tooFew = Iterations is { } known && known < MinimumIterations(Hash);
        var meetsDefaultHash = HashIsDefault && Iterations is { } given && given >= MinimumIterations("SHA1");
        if ((HashIsDefault && !meetsDefaultHash) || Hash == "MD5" || tooFew)
        {
            reason = tooFew && hashText is not null ? hashText + " and " + iterationsText
                : tooFew ? iterationsText!
                : hashText!;
            return true;
        }

        reason = string.Empty;
        return false;
    }

    /// <summary>The smallest constant value an <c>int</c> expression can have: literals, constants, locals only assigned constants, static readonly fields with a literal initializer.</summary>
    public static int? MinimumConstant(IOperation? value) => value is null ? null : ValueTrace<int?>.Of(MinimumPolicy.Instance, value);

    /// <summary>
    /// The policy over <see cref="ValueTrace{T}"/> behind <see cref="MinimumConstant"/>: reads constants and static
    /// members with a constant initializer itself; the trace follows locals (every write an initializer or assignment
    /// of a constant), whose writes combine to their smallest value. <c>?:</c> and <c>??</c> are not followed (no constant).
    /// </summary>
    private sealed class MinimumPolicy : ValuePolicy<int?>
    {
        public static readonly MinimumPolicy Instance = new();

        /// <summary>
        /// 4, not <see cref="FlowBudget.MaxDepth"/>: an iteration count is a setting written next to the call or in a
        /// constant member; a value further away is not read as the count the call is configured with (no constant).
        /// </summary>
        public override int MaxDepth => 4;

        public override int? Exhausted => null;

        public override bool TryRead(IOperation value, ValueTrace<int?> trace, int depth, out int? result)
        {
            result = null;
            if (value.ConstantValue is { HasValue: true, Value: int constant })
            {
                result = constant;
                return true;
            }

            switch (value)
            {
                case ILocalReferenceOperation:
                    return false; // the trace reads its writes

                case IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } field } reference:
                    foreach (var declaration in field.DeclaringSyntaxReferences)
                    {
                        if (declaration.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } initializer }
                            && ConstantOf(initializer, reference.SemanticModel) is { } fieldValue)
                        {
                            result = fieldValue;
                            return true;
                        }
                    }

                    return true;

                case IPropertyReferenceOperation { Property: { IsStatic: true, SetMethod: null, Parameters.IsEmpty: true } property } reference:
                    // static int Iterations => 600_000;  static int Iterations { get; } = 600_000;
                    foreach (var declaration in property.DeclaringSyntaxReferences)
                    {
                        var body = declaration.GetSyntax() switch
                        {
                            PropertyDeclarationSyntax { ExpressionBody.Expression: { } expression } => expression,
                            PropertyDeclarationSyntax { Initializer.Value: { } initializer, AccessorList: { } accessors } when IsAutoGetter(accessors) => initializer,
                            _ => null,
                        };

                        if (body is not null && ConstantOf(body, reference.SemanticModel) is { } propertyValue)
                        {
                            result = propertyValue;
                            return true;
                        }
                    }

                    return true;

                default:
                    return true;
            }
        }

        public override int? Leaf(IOperation value, int depth) => null;

        /// <summary>No constant when either has none; otherwise the smaller.</summary>
        public override int? Merge(int? first, int? second) => first is null || second is null ? null : first < second ? first : second;

        public override bool IsSettled(int? result) => result is null;

        public override int? Unseen(ILocalReferenceOperation local, LocalWrite? write) => null;
    }

    private static bool IsAutoGetter(AccessorListSyntax accessors)
        => accessors.Accessors.Count == 1 && accessors.Accessors[0] is { Body: null, ExpressionBody: null } accessor && accessor.IsKind(SyntaxKind.GetAccessorDeclaration);

    /// <summary>
    /// The <c>int</c> value of an initializer: through the semantic model where the declaration is in the file being
    /// analysed (<c>600 * 1000</c>, <c>BaseIterations * 2</c> with a <c>const</c>), otherwise literal arithmetic only.
    /// </summary>
    private static int? ConstantOf(ExpressionSyntax expression, SemanticModel? model)
    {
        if (model is not null && expression.SyntaxTree == model.SyntaxTree)
        {
            return model.GetConstantValue(expression) is { HasValue: true, Value: int value } ? value : null;
        }

        return LiteralArithmetic(expression, 0) is { } computed && computed is >= int.MinValue and <= int.MaxValue ? (int)computed : null;
    }

    private static long? LiteralArithmetic(ExpressionSyntax expression, int depth)
    {
        if (depth > 8)
        {
            return null;
        }

        switch (expression)
        {
            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.NumericLiteralExpression) && literal.Token.Value is int number:
                return number;
            case ParenthesizedExpressionSyntax parenthesized:
                return LiteralArithmetic(parenthesized.Expression, depth + 1);
            case BinaryExpressionSyntax binary when LiteralArithmetic(binary.Left, depth + 1) is { } left && LiteralArithmetic(binary.Right, depth + 1) is { } right:
                return binary.Kind() switch
                {
                    SyntaxKind.MultiplyExpression => left * right,
                    SyntaxKind.AddExpression => left + right,
                    SyntaxKind.SubtractExpression => left - right,
                    _ => null,
                };
            default:
                return null;
        }
    }
}
