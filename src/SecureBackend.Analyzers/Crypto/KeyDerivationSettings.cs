using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;

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

    /// <summary>Whether the settings fall short of current guidance; <paramref name="reason"/> reads well in a build log.</summary>
    public bool IsWeak(out string reason)
    {
        var hashText = Hash is null ? null : "HMAC-" + Hash.Replace("_", "-") + (HashIsDefault ? " (the default)" : string.Empty);
        var iterationsText = Iterations is { } count
            ? count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " iteration" + (count == 1 ? string.Empty : "s") + (IterationsAreDefault ? " (the default)" : string.Empty)
            : null;
        var tooFew = Iterations is { } known && known < MinimumIterations(Hash);
        if (HashIsDefault || Hash == "MD5" || tooFew)
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
    public static int? MinimumConstant(IOperation? value, int depth = 0)
    {
        if (value is null || depth > 4)
        {
            return null;
        }

        value = value.WalkDownConversions();
        if (value.ConstantValue is { HasValue: true, Value: int constant })
        {
            return constant;
        }

        switch (value)
        {
            case ILocalReferenceOperation local:
                var writes = new List<LocalWrite>();
                if (!LocalValues.CollectWrites(local.GetRoot(), local.Local, writes) || writes.Count == 0)
                {
                    return null;
                }

                int? minimum = null;
                foreach (var write in writes)
                {
                    if (write.Kind is not (LocalWriteKind.Initializer or LocalWriteKind.Assignment) || MinimumConstant(write.Value, depth + 1) is not { } written)
                    {
                        return null;
                    }

                    minimum = minimum is null || written < minimum ? written : minimum;
                }

                return minimum;

            case IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } field }:
                foreach (var reference in field.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: LiteralExpressionSyntax literal }
                        && literal.IsKind(SyntaxKind.NumericLiteralExpression) && literal.Token.Value is int fieldValue)
                    {
                        return fieldValue;
                    }
                }

                return null;

            default:
                return null;
        }
    }
}
