using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Transport;

/// <summary>A cleartext URL that reaches a sink: its scheme and host, and the literal that spells the scheme.</summary>
public sealed class CleartextUrl
{
    public CleartextUrl(string scheme, string host, bool hasPort, SyntaxNode? schemeLiteral)
    {
        Scheme = scheme;
        Host = host;
        HasPort = hasPort;
        SchemeLiteral = schemeLiteral;
    }

    /// <summary>Lower-case scheme without <c>://</c>: <c>http</c>, <c>ws</c>, <c>ftp</c>, <c>telnet</c>.</summary>
    public string Scheme { get; }

    public string Host { get; }

    public bool HasPort { get; }

    /// <summary>The string literal or interpolated-text part whose text starts with the scheme, when it is in source.</summary>
    public SyntaxNode? SchemeLiteral { get; }
}

/// <summary>
/// Follows a string or <c>Uri</c> value back to the URL text it is built from — literals, constants, <c>const</c>
/// concatenation, interpolated strings and concatenations with a constant start, <c>string.Format</c>/<c>Concat</c>,
/// <c>new Uri(…)</c>, locals of the same method and readonly fields initialized in the same file — and reports the
/// cleartext ones whose host is known and is not a loopback, wildcard, documentation or XML-namespace name.
/// </summary>
public static class CleartextUrls
{
    private const int MaxDepth = 5;

    private static readonly string[] Schemes = { "http", "ws", "ftp", "telnet" };

    /// <summary>Hosts whose URLs are names, not network destinations (XML namespaces, schema identifiers).</summary>
    private static readonly string[] NamespaceHosts =
    {
        "www.w3.org", "w3.org", "purl.org", "tempuri.org", "xmlns.com", "ns.adobe.com", "json-schema.org", "www.xml.org",
        "docs.oasis-open.org",
    };

    /// <summary>Reserved top-level names (RFC 2606, RFC 6761): never real destinations.</summary>
    private static readonly string[] ReservedSuffixes = { ".localhost", ".test", ".invalid", ".example" };

    private static readonly string[] DocumentationDomains = { "example.com", "example.org", "example.net" };

    private static readonly char[] AuthorityEnd = { '/', '?', '#' };

    /// <summary>Adds every cleartext URL that <paramref name="value"/> may carry.</summary>
    public static void Find(IOperation value, List<CleartextUrl> found) => ValueTrace<bool>.Of(new Policy(found), value);

    /// <summary>Every value that may reach the use is a candidate; each one whose constant start is a cleartext URL is listed.</summary>
    private sealed class Policy : ValuePolicy<bool>
    {
        private readonly List<CleartextUrl> _found;

        public Policy(List<CleartextUrl> found) => _found = found;

        /// <summary>
        /// <see cref="CleartextUrls.MaxDepth"/>, not <see cref="FlowBudget.MaxDepth"/>: the same reach as the walk that
        /// finds the literal a finding points at (<c>SchemeLiteral</c>).
        /// </summary>
        public override int MaxDepth => CleartextUrls.MaxDepth;

        public override bool Exhausted => false;

        public override bool FollowsFieldInitializers => true;

        public override bool Merge(bool first, bool second) => first | second;

        public override bool Unseen(ILocalReferenceOperation local, LocalWrite? write) => false;

        public override bool TryRead(IOperation value, ValueTrace<bool> trace, int depth, out bool result)
        {
            switch (value)
            {
                case IObjectCreationOperation { Constructor.ContainingType: { Name: "Uri", ContainingNamespace.Name: "System" } } uri
                    when uri.Arguments.Length > 0:
                    // new Uri(uriString[, kind]) or new Uri(baseUri, relative): the scheme is in the first argument.
                    result = trace.Of(uri.Arguments[0].Value, depth + 1);
                    return true;

                case ILocalReferenceOperation { Local.IsConst: true }:
                    result = Leaf(value, depth);
                    return true;

                default:
                    result = false;
                    return false;
            }
        }

        public override bool Leaf(IOperation value, int depth)
        {
            var (text, complete, literal) = Prefix(value, depth);
            if (text is not null && TryParse(text, complete, out var scheme, out var host, out var hasPort) && !IsExempt(host))
            {
                _found.Add(new CleartextUrl(scheme, host, hasPort, literal));
                return true;
            }

            return false;
        }
    }

    /// <summary>The constant text the value starts with, whether that is the whole value, and the literal holding its start.</summary>
    private static (string? Text, bool Complete, SyntaxNode? Literal) Prefix(IOperation value, int depth)
    {
        value = value.WalkDownConversions();
        if (value.TryGetConstantString(out var constant) && constant is not null)
        {
            return (constant, true, SchemeLiteral(value, depth));
        }

        switch (value)
        {
            case IInterpolatedStringOperation interpolated:
            {
                var text = string.Empty;
                SyntaxNode? literal = null;
                var first = true;
                foreach (var part in interpolated.Parts)
                {
                    string? piece = null;
                    SyntaxNode? pieceLiteral = null;
                    switch (part)
                    {
                        case IInterpolatedStringTextOperation { Text.ConstantValue.Value: string partText }:
                            (piece, pieceLiteral) = (partText, part.Syntax);
                            break;

                        // $"{BaseUrl}/orders" with a constant BaseUrl
                        case IInterpolationOperation { Alignment: null, FormatString: null, Expression.ConstantValue: { HasValue: true, Value: string hole } } interpolation:
                            (piece, pieceLiteral) = (hole, SchemeLiteral(interpolation.Expression, depth));
                            break;
                    }

                    if (piece is null)
                    {
                        return (text, false, literal);
                    }

                    if (first)
                    {
                        literal = pieceLiteral;
                        first = false;
                    }

                    text += piece;
                }

                return (text, true, literal);
            }

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add when add.Type?.SpecialType == SpecialType.System_String:
            {
                var left = Prefix(add.LeftOperand, depth);
                if (left.Text is null || !left.Complete)
                {
                    return left;
                }

                var right = Prefix(add.RightOperand, depth);
                return (left.Text + (right.Text ?? string.Empty), right.Text is not null && right.Complete, left.Literal);
            }

            case IInvocationOperation { TargetMethod: { IsStatic: true, ContainingType.SpecialType: SpecialType.System_String } method } invocation
                when invocation.Arguments.Length > 0:
                if (method.Name == "Format" && invocation.GetArgument("format") is { } format
                    && format.Value.ConstantValue is { HasValue: true, Value: string pattern })
                {
                    var hole = pattern.IndexOf('{');
                    return (hole < 0 ? pattern : pattern.Substring(0, hole), hole < 0, SchemeLiteral(format.Value, depth));
                }

                if (method.Name == "Concat" && invocation.Arguments[0].ArgumentKind == ArgumentKind.Explicit)
                {
                    var first = Prefix(invocation.Arguments[0].Value, depth);
                    return (first.Text, false, first.Literal);
                }

                break;
        }

        return (null, false, null);
    }

    /// <summary>The literal syntax that spells the start of a constant: the literal itself, or the declaration of the constant it names.</summary>
    private static SyntaxNode? SchemeLiteral(IOperation value, int depth)
    {
        for (var i = 0; i < MaxDepth + depth; i++)
        {
            value = value.WalkDownConversions();
            switch (value)
            {
                case ILiteralOperation literal:
                    return literal.Syntax is LiteralExpressionSyntax ? literal.Syntax : null;
                case IBinaryOperation binary:
                    value = binary.LeftOperand;
                    continue;
                case IFieldReferenceOperation { Field: { IsConst: true } field }:
                    return DeclaredInitializer(field.DeclaringSyntaxReferences);
                case ILocalReferenceOperation { Local: { IsConst: true } local }:
                    return DeclaredInitializer(local.DeclaringSyntaxReferences);
                default:
                    return null;
            }
        }

        return null;
    }

    private static ExpressionSyntax? DeclaredInitializer(System.Collections.Immutable.ImmutableArray<SyntaxReference> references)
    {
        if (references.Length != 1 || references[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } value })
        {
            return null;
        }

        while (value is BinaryExpressionSyntax binary)
        {
            value = binary.Left;
        }

        return value is LiteralExpressionSyntax ? value : null;
    }

    /// <summary>Splits <c>scheme://[user@]host[:port]/…</c>; false unless the scheme is cleartext and the host is complete.</summary>
    public static bool TryParse(string text, bool complete, out string scheme, out string host, out bool hasPort)
    {
        scheme = host = string.Empty;
        hasPort = false;
        text = text.TrimStart();
        var separator = text.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0)
        {
            return false;
        }

        var candidate = text.Substring(0, separator).ToLowerInvariant();
        if (Array.IndexOf(Schemes, candidate) < 0)
        {
            return false;
        }

        var start = separator + 3;
        var end = text.IndexOfAny(AuthorityEnd, start);
        if (end < 0)
        {
            if (!complete)
            {
                return false; // the host continues in a non-constant part
            }

            end = text.Length;
        }

        var authority = text.Substring(start, end - start);
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            authority = authority.Substring(at + 1);
        }

        var portSeparator = authority.StartsWith("[", StringComparison.Ordinal)
            ? authority.IndexOf("]:", StringComparison.Ordinal) + 1
            : authority.LastIndexOf(':');
        if (portSeparator > 0)
        {
            hasPort = true;
            authority = authority.Substring(0, portSeparator);
        }

        scheme = candidate;
        host = authority.ToLowerInvariant();
        return true;
    }

    /// <summary>Loopback, wildcard bindings, reserved documentation names and XML-namespace hosts.</summary>
    public static bool IsExempt(string host)
    {
        if (host.Length == 0 || host is "localhost" or "+" or "*" or "0.0.0.0" or "[::]" or "[::1]" or "[0:0:0:0:0:0:0:1]" or "host.docker.internal"
            || host.StartsWith("127.", StringComparison.Ordinal)
            || host.StartsWith("schemas.", StringComparison.Ordinal)
            || Array.IndexOf(NamespaceHosts, host) >= 0)
        {
            return true;
        }

        foreach (var suffix in ReservedSuffixes)
        {
            if (host.EndsWith(suffix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        foreach (var documentation in DocumentationDomains)
        {
            if (host == documentation || host.EndsWith("." + documentation, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
