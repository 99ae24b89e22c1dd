using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SecureBackend.Analyzers;
using SecureBackend.CodeFixes.Infrastructure;

namespace SecureBackend.CodeFixes.Crypto;

/// <summary>
/// SB2002: "Hash passwords with Argon2id" (Konscious.Security.Cryptography.Argon2 referenced) or "Hash passwords with
/// PBKDF2 (built in)". Adds the <c>PasswordHashing</c> helper once per project, rewrites the fresh hash into
/// <c>PasswordHashing.Hash(password)</c> and the comparisons with stored hashes it can find in the solution into
/// <c>PasswordHashing.Verify(password, stored)</c>. The titles are constant: whether a rewrite exists is decided in
/// the diagnostic's document, and the solution-wide plan is made inside the code action. What the fix leaves to be
/// updated by hand (verifications it cannot see or rewrite) is described in docs/rules/SB2002.md.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PasswordHashingFixer)), Shared]
public sealed class PasswordHashingFixer : SolutionFixer
{
    public const string Argon2idKey = "SB2002.Argon2id";
    public const string Pbkdf2Key = "SB2002.Pbkdf2";

    public const string Argon2idTitle = "Hash passwords with Argon2id";
    public const string Pbkdf2Title = "Hash passwords with PBKDF2 (built in)";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.PasswordFastHash);

    /// <summary>Which helper the project can use, and whether the reported hash can be rewritten, are decided on bound code.</summary>
    protected override bool OffersNeedModel => true;

    protected override async Task<IEnumerable<FixAction>> OfferAsync(FixOffer offer, Diagnostic diagnostic)
    {
        var compilation = offer.Model.Compilation;
        if (PasswordRewriteApplier.ExistingHelper(compilation) is null || PasswordRewriteApplier.KindFor(compilation) is not { } kind)
        {
            return Array.Empty<FixAction>();
        }

        // Only the document-local start of the plan: the solution-wide search runs inside the code action.
        return await PasswordRewritePlanner.CanRewriteAsync(offer.Document, diagnostic.Location.SourceSpan, offer.CancellationToken).ConfigureAwait(false)
            ? new[] { new FixAction(TitleFor(kind), KeyFor(kind)) }
            : Array.Empty<FixAction>();
    }

    protected override string FixAllTitle(string? key) => key == Pbkdf2Key ? Pbkdf2Title : Argon2idTitle;

    /// <summary>Plans every diagnostic against the original solution; the helper is added once per project.</summary>
    protected override async Task<Solution> FixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        var plans = new List<PasswordRewritePlan>();
        foreach (var diagnostic in diagnostics)
        {
            var document = solution.GetDocument(diagnostic.Location.SourceTree);
            var compilation = document is null ? null : await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (document is null || compilation is null || PasswordRewriteApplier.KindFor(compilation) is not { } kind || (key is not null && KeyFor(kind) != key))
            {
                continue;
            }

            var plan = await PasswordRewritePlanner.CreateAsync(document, diagnostic.Location.SourceSpan, cancellationToken).ConfigureAwait(false);
            if (plan is not null)
            {
                plans.Add(plan);
            }
        }

        return await PasswordRewriteApplier.ApplyAsync(solution, plans, cancellationToken).ConfigureAwait(false);
    }

    internal static string KeyFor(PasswordHashKind kind) => kind == PasswordHashKind.Argon2id ? Argon2idKey : Pbkdf2Key;

    internal static string TitleFor(PasswordHashKind kind) => kind == PasswordHashKind.Argon2id ? Argon2idTitle : Pbkdf2Title;
}
