using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Infrastructure.AspNet;

/// <summary>
/// What the application sets up somewhere in the compilation, which can only SUPPRESS forgery and cookie diagnostics:
/// a global validating antiforgery filter (SB3001), antiforgery middleware or services (SB3002), a cookie policy that
/// forces Secure (SB3003). Found by a syntax-only scan so that the diagnostics can be reported by the callback that
/// finds them (live, per document, with their code fixes) instead of at compilation end.
/// </summary>
/// <remarks>
/// <para>The calls come from <see cref="SetupCalls"/>, the one scan of the setup calls shared with
/// <see cref="ApplicationAuthentication"/>. For the rest, each syntax tree is scanned once, without a semantic model:
/// its text is searched for the few identifiers that matter, and only where one occurs is the syntax around it looked
/// at (<see cref="SyntaxNode.FindToken"/>, no walk of the whole tree). The facts are cached per <see cref="SyntaxTree"/>, so in the editor only edited trees are scanned
/// again; a compilation's facts are combined at most once, and only when a rule has found something it would
/// otherwise report.</para>
/// <para>Types and methods are matched by name (the rightmost identifier, so qualified names and <c>global::</c> are
/// covered; <c>using</c> aliases and classes deriving from the attributes are followed across files). A name match
/// that is not the real API can only hide a diagnostic, never create one, so the approximation never adds a false
/// alarm. Generated files are scanned too: a registration a generator writes is registered all the same.</para>
/// </remarks>
internal sealed class ApplicationSetup
{
    /// <summary>The antiforgery middleware, and the service registrations with which <c>WebApplication</c> adds it itself.</summary>
    private static readonly ImmutableArray<string> AntiforgerySetupMethods = ImmutableArray.Create(
        "UseAntiforgery", "AddAntiforgery", "AddControllersWithViews", "AddMvc", "AddRazorPages", "AddRazorComponents", "AddServerSideBlazor");

    private const string CookiePolicy = "UseCookiePolicy";

    private static readonly ImmutableArray<string> ValidatingAttributeNames = ImmutableArray.Create(
        "ValidateAntiForgeryTokenAttribute", "AutoValidateAntiforgeryTokenAttribute");

    private static readonly ConditionalWeakTable<SyntaxTree, TreeFacts> Trees = new();
    private static readonly PerCompilation<ApplicationSetup> Compilations = new(Combine);

    /// <summary>The names of the invoked methods this model looks at, for <see cref="SetupCalls"/>.</summary>
    internal static ImmutableArray<string> CallNames { get; } = AntiforgerySetupMethods.Add(CookiePolicy);

    private ApplicationSetup(bool registersValidatingFilter, bool setsUpAntiforgery, bool forcesSecureCookies)
    {
        RegistersValidatingFilter = registersValidatingFilter;
        SetsUpAntiforgery = setsUpAntiforgery;
        ForcesSecureCookies = forcesSecureCookies;
    }

    /// <summary>
    /// <c>new AutoValidateAntiforgeryTokenAttribute()</c>, <c>typeof(ValidateAntiForgeryTokenAttribute)</c> or
    /// <c>Add&lt;AutoValidateAntiforgeryTokenAttribute&gt;()</c> (or of a class deriving from one) outside attribute lists.
    /// </summary>
    public bool RegistersValidatingFilter { get; }

    /// <summary>A call to <c>UseAntiforgery</c> or to a service registration that adds antiforgery.</summary>
    public bool SetsUpAntiforgery { get; }

    /// <summary><c>Secure = CookieSecurePolicy.Always</c> assigned somewhere and <c>UseCookiePolicy</c> called somewhere.</summary>
    public bool ForcesSecureCookies { get; }

    /// <summary>The setup of the whole compilation: computed once per compilation, from facts cached per tree.</summary>
    public static ApplicationSetup Get(Compilation compilation, CancellationToken cancellationToken)
        => Compilations.Get(compilation, cancellationToken);

    private static ApplicationSetup Combine(Compilation compilation, CancellationToken cancellationToken)
    {
        var trees = new List<SyntaxTree>();
        var createsValidatingAttribute = false;
        var setsSecurePolicy = false;
        HashSet<string>? standIns = null;
        foreach (var tree in compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!Trees.TryGetValue(tree, out var facts))
            {
                facts = Trees.GetValue(tree, t => TreeFacts.Scan(t, cancellationToken));
            }

            trees.Add(tree);
            createsValidatingAttribute |= facts.CreatesValidatingAttribute;
            setsSecurePolicy |= facts.SetsSecurePolicyAlways;
            foreach (var name in facts.StandIns)
            {
                (standIns ??= new HashSet<string>()).Add(name);
            }
        }

        if (!createsValidatingAttribute && standIns is not null)
        {
            createsValidatingAttribute = CreatesStandIn(trees, standIns, cancellationToken);
        }

        var calls = SetupCalls.Get(compilation, cancellationToken);
        var setsUpAntiforgery = false;
        foreach (var method in AntiforgerySetupMethods)
        {
            setsUpAntiforgery |= calls.Invokes(method);
        }

        var appliesCookiePolicy = calls.Invokes(CookiePolicy);
        return new ApplicationSetup(createsValidatingAttribute, setsUpAntiforgery, setsSecurePolicy && appliesCookiePolicy);
    }

    /// <summary>
    /// Whether a tree creates an alias of a validating attribute or a class deriving from one (rare, so not cached):
    /// <c>using Csrf = …AutoValidateAntiforgeryTokenAttribute;</c>, <c>class CsrfFilter : ValidateAntiForgeryTokenAttribute</c>,
    /// and aliases of, and classes deriving from, those in turn.
    /// </summary>
    private static bool CreatesStandIn(List<SyntaxTree> trees, HashSet<string> standIns, CancellationToken cancellationToken)
    {
        var pending = new List<string>(standIns);
        while (pending.Count > 0)
        {
            var next = new List<string>();
            foreach (var tree in trees)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var text = tree.GetText(cancellationToken).ToString();
                SyntaxNode? root = null;
                foreach (var name in pending)
                {
                    foreach (var position in TreeFacts.Occurrences(text, name))
                    {
                        root ??= tree.GetRoot(cancellationToken);
                        switch (TreeFacts.ClassifyType(root, name, position, out var standIn))
                        {
                            case TypeUse.Created:
                                return true;
                            case TypeUse.StandIn when standIns.Add(standIn!):
                                next.Add(standIn!);
                                break;
                        }
                    }
                }
            }

            pending = next;
        }

        return false;
    }

    private enum TypeUse
    {
        Other,

        /// <summary><c>new T(…)</c>, <c>T x = new()</c>, <c>typeof(T)</c>, <c>M&lt;T&gt;(…)</c> outside attribute lists.</summary>
        Created,

        /// <summary>The target of a <c>using</c> alias or the base class of a class: the alias or class stands in for the type.</summary>
        StandIn,
    }

    /// <summary>The facts of one syntax tree.</summary>
    private sealed class TreeFacts
    {
        private TreeFacts(bool createsValidatingAttribute, ImmutableArray<string> standIns, bool setsSecurePolicyAlways)
        {
            CreatesValidatingAttribute = createsValidatingAttribute;
            StandIns = standIns;
            SetsSecurePolicyAlways = setsSecurePolicyAlways;
        }

        public bool CreatesValidatingAttribute { get; }

        /// <summary>Aliases of the validating attributes, and classes deriving from them, declared in this tree.</summary>
        public ImmutableArray<string> StandIns { get; }

        public bool SetsSecurePolicyAlways { get; }

        public static TreeFacts Scan(SyntaxTree tree, CancellationToken cancellationToken)
        {
            var text = tree.GetText(cancellationToken).ToString();
            SyntaxNode? root = null;
            SyntaxNode Root() => root ??= tree.GetRoot(cancellationToken);

            var creates = false;
            var standIns = ImmutableArray.CreateBuilder<string>();
            foreach (var name in ValidatingAttributeNames)
            {
                foreach (var position in Occurrences(text, name))
                {
                    if (creates)
                    {
                        break;
                    }

                    switch (ClassifyType(Root(), name, position, out var standIn))
                    {
                        case TypeUse.Created:
                            creates = true;
                            break;
                        case TypeUse.StandIn:
                            standIns.Add(standIn!);
                            break;
                    }
                }
            }

            var setsSecurePolicyAlways = false;
            foreach (var position in Occurrences(text, "Always"))
            {
                if (FindName(Root(), "Always", position) is { } always && IsSecurePolicyValue(always.Parent is MemberAccessExpressionSyntax access && access.Name == always ? access : always))
                {
                    setsSecurePolicyAlways = true;
                    break;
                }
            }

            foreach (var position in Occurrences(text, "CookieSecurePolicy"))
            {
                if (setsSecurePolicyAlways)
                {
                    break;
                }

                // (CookieSecurePolicy)1
                setsSecurePolicyAlways = FindName(Root(), "CookieSecurePolicy", position) is { Parent: CastExpressionSyntax { Expression: LiteralExpressionSyntax { Token.Value: 1 } } cast }
                    && IsSecurePolicyValue(cast);
            }

            return new TreeFacts(creates, standIns.ToImmutable(), setsSecurePolicyAlways);
        }

        /// <summary>How the type name at <paramref name="position"/> is used; <paramref name="standIn"/> names the alias or derived class.</summary>
        public static TypeUse ClassifyType(SyntaxNode root, string name, int position, out string? standIn)
        {
            standIn = null;
            if (FindName(root, name, position) is not { } simpleName)
            {
                return TypeUse.Other;
            }

            // A.B.Name, global::Name
            SyntaxNode type = simpleName;
            while (type.Parent is QualifiedNameSyntax qualified && qualified.Right == type
                || type.Parent is AliasQualifiedNameSyntax aliasQualified && aliasQualified.Name == type)
            {
                type = type.Parent;
            }

            if (type.FirstAncestorOrSelf<AttributeListSyntax>() is not null)
            {
                return TypeUse.Other; // [AutoValidateAntiforgeryToken], [TypeFilter(typeof(…))]
            }

            switch (type.Parent)
            {
                case ObjectCreationExpressionSyntax creation when creation.Type == type:
                case TypeOfExpressionSyntax:
                    return TypeUse.Created;

                case TypeArgumentListSyntax { Parent: GenericNameSyntax generic } when SetupCalls.InvocationOf(generic) is not null:
                    return TypeUse.Created; // options.Filters.Add<AutoValidateAntiforgeryTokenAttribute>()

                case VariableDeclarationSyntax declaration when declaration.Type == type:
                    foreach (var variable in declaration.Variables)
                    {
                        if (variable.Initializer?.Value is ImplicitObjectCreationExpressionSyntax)
                        {
                            return TypeUse.Created;
                        }
                    }

                    return TypeUse.Other;

                case PropertyDeclarationSyntax property when property.Type == type:
                    return property.Initializer?.Value is ImplicitObjectCreationExpressionSyntax ? TypeUse.Created : TypeUse.Other;

                case UsingDirectiveSyntax { Alias: { } alias } directive when directive.NamespaceOrType == type:
                    standIn = alias.Name.Identifier.ValueText;
                    return TypeUse.StandIn;

                case SimpleBaseTypeSyntax { Parent: BaseListSyntax { Parent: ClassDeclarationSyntax declaration } bases } baseType when bases.Types[0] == baseType:
                    standIn = declaration.Identifier.ValueText;
                    return TypeUse.StandIn;

                default:
                    return TypeUse.Other;
            }
        }

        /// <summary>Positions where <paramref name="name"/> occurs in the text (in code, comments or strings alike).</summary>
        public static IEnumerable<int> Occurrences(string text, string name)
        {
            for (var position = text.IndexOf(name, StringComparison.Ordinal); position >= 0; position = text.IndexOf(name, position + name.Length, StringComparison.Ordinal))
            {
                yield return position;
            }
        }

        /// <summary>The simple name whose identifier is exactly <paramref name="name"/> at <paramref name="position"/>, or null (a longer identifier, a comment, a string).</summary>
        private static SimpleNameSyntax? FindName(SyntaxNode root, string name, int position)
        {
            var token = root.FindToken(position);
            return token.IsKind(SyntaxKind.IdentifierToken) && token.Span.Contains(position) && token.ValueText == name
                ? token.Parent as SimpleNameSyntax
                : null;
        }

        /// <summary>The value assigned in <c>o.Secure = value</c> or <c>Secure = value</c> (object initializer).</summary>
        private static bool IsSecurePolicyValue(ExpressionSyntax value)
        {
            SyntaxNode current = value;
            while (current.Parent is ParenthesizedExpressionSyntax)
            {
                current = current.Parent;
            }

            if (current.Parent is not AssignmentExpressionSyntax assignment || !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) || assignment.Right != current)
            {
                return false;
            }

            var target = assignment.Left switch
            {
                IdentifierNameSyntax identifier => identifier,
                MemberAccessExpressionSyntax access => access.Name,
                _ => null,
            };

            return target?.Identifier.ValueText == "Secure";
        }
    }
}
