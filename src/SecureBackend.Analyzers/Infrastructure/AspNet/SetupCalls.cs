using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SecureBackend.Analyzers.Infrastructure.AspNet;

/// <summary>One call found by <see cref="SetupCalls"/>: the method's name and the position of its identifier.</summary>
internal readonly struct SetupCall
{
    public SetupCall(string method, int position)
    {
        Method = method;
        Position = position;
    }

    public string Method { get; }

    public int Position { get; }
}

/// <summary>The calls <see cref="SetupCalls"/> found in one syntax tree.</summary>
internal sealed class TreeSetupCalls
{
    public TreeSetupCalls(SyntaxTree tree, ImmutableArray<SetupCall> calls)
    {
        Tree = tree;
        Calls = calls;
    }

    public SyntaxTree Tree { get; }

    public ImmutableArray<SetupCall> Calls { get; }
}

/// <summary>
/// The one scan for the calls with which an application sets itself up, read by both application models: the
/// authentication schemes, method override, CORS and page calls of <see cref="ApplicationAuthentication"/> and the
/// antiforgery and cookie-policy registrations of <see cref="ApplicationSetup"/>.
/// </summary>
/// <remarks>
/// Syntax only: each tree's text is searched for the method names, and only where one occurs is the token there looked
/// at (an identifier with exactly that name that is invoked: <c>M()</c>, <c>x.M()</c>, <c>x?.M()</c>,
/// <c>x.M&lt;T&gt;()</c>). The calls are cached per <see cref="SyntaxTree"/> (in the editor only edited trees are
/// scanned again) and collected at most once per compilation. Binding is left to the models.
/// </remarks>
internal sealed class SetupCalls
{
    private static readonly ImmutableArray<string> Names = BuildNames();
    private static readonly ConditionalWeakTable<SyntaxTree, TreeSetupCalls> Trees = new();
    private static readonly PerCompilation<SetupCalls> Compilations = new(Collect);

    private readonly HashSet<string> _invoked;

    private SetupCalls(ImmutableArray<TreeSetupCalls> trees, HashSet<string> invoked)
    {
        WithCalls = trees;
        _invoked = invoked;
    }

    /// <summary>The trees that contain at least one of the calls, in the compilation's order.</summary>
    public ImmutableArray<TreeSetupCalls> WithCalls { get; }

    /// <summary>The calls of the whole compilation: collected once per compilation, from calls cached per tree.</summary>
    public static SetupCalls Get(Compilation compilation, CancellationToken cancellationToken)
        => Compilations.Get(compilation, cancellationToken);

    /// <summary>Whether a method of this name is invoked anywhere in the compilation.</summary>
    public bool Invokes(string method) => _invoked.Contains(method);

    /// <summary>The invocation whose method <paramref name="name"/> names: <c>M()</c>, <c>x.M()</c>, <c>x?.M()</c>, <c>x.M&lt;T&gt;()</c>.</summary>
    public static InvocationExpressionSyntax? InvocationOf(SimpleNameSyntax name) => name.Parent switch
    {
        InvocationExpressionSyntax invocation when invocation.Expression == name => invocation,
        MemberAccessExpressionSyntax access when access.Name == name => access.Parent is InvocationExpressionSyntax invocation && invocation.Expression == access ? invocation : null,
        MemberBindingExpressionSyntax binding => binding.Parent is InvocationExpressionSyntax invocation && invocation.Expression == binding ? invocation : null,
        _ => null,
    };

    private static SetupCalls Collect(Compilation compilation, CancellationToken cancellationToken)
    {
        var trees = ImmutableArray.CreateBuilder<TreeSetupCalls>();
        var invoked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!Trees.TryGetValue(tree, out var calls))
            {
                calls = Trees.GetValue(tree, t => Scan(t, cancellationToken));
            }

            if (calls.Calls.IsEmpty)
            {
                continue;
            }

            trees.Add(calls);
            foreach (var call in calls.Calls)
            {
                invoked.Add(call.Method);
            }
        }

        return new SetupCalls(trees.ToImmutable(), invoked);
    }

    private static TreeSetupCalls Scan(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var text = tree.GetText(cancellationToken).ToString();
        SyntaxNode? root = null;
        var calls = ImmutableArray.CreateBuilder<SetupCall>();
        foreach (var name in Names)
        {
            for (var position = text.IndexOf(name, StringComparison.Ordinal); position >= 0; position = text.IndexOf(name, position + name.Length, StringComparison.Ordinal))
            {
                var end = position + name.Length;
                if ((position > 0 && IsIdentifierPart(text[position - 1])) || (end < text.Length && IsIdentifierPart(text[end])))
                {
                    continue; // part of a longer identifier: PageModel, ViewData, AddCookiePolicy …
                }

                root ??= tree.GetRoot(cancellationToken);
                var token = root.FindToken(position);
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.Span.Contains(position) && token.ValueText == name
                    && token.Parent is SimpleNameSyntax simpleName && InvocationOf(simpleName) is not null)
                {
                    calls.Add(new SetupCall(name, token.SpanStart));
                }
            }
        }

        return new TreeSetupCalls(tree, calls.ToImmutable());
    }

    private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static ImmutableArray<string> BuildNames()
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in ApplicationAuthentication.CallNames)
        {
            if (seen.Add(name))
            {
                names.Add(name);
            }
        }

        foreach (var name in ApplicationSetup.CallNames)
        {
            if (seen.Add(name))
            {
                names.Add(name);
            }
        }

        return names.ToImmutableArray();
    }
}
