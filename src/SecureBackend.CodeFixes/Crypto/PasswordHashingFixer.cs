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
/// <c>PasswordHashing.Verify(password, stored)</c>. When it cannot see or rewrite every verification (or the place
/// that stores hashes), the title says what must still be updated by hand.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PasswordHashingFixer)), Shared]
public sealed class PasswordHashingFixer : SolutionFixer
{
    public const string Argon2idKey = "SB2002.Argon2id";
    public const string Pbkdf2Key = "SB2002.Pbkdf2";

    public const string Argon2idTitle = "Hash passwords with Argon2id";
    public const string Pbkdf2Title = "Hash passwords with PBKDF2 (built in)";
    public const string VerificationSuffix = " (password verification must be updated to PasswordHashing.Verify)";
    public const string StorageSuffix = " (stored hashes must be created with PasswordHashing.Hash)";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.PasswordFastHash);

    /// <summary>
    /// The title says what the fix could not see (a verification, the place that stores hashes), which only the
    /// solution-wide plan tells: this fixer plans when it offers.
    /// </summary>
    protected override bool OffersNeedModel => true;

    protected override async Task<IEnumerable<FixAction>> OfferAsync(FixOffer offer, Diagnostic diagnostic)
    {
        var compilation = offer.Model.Compilation;
        if (PasswordRewriteApplier.ExistingHelper(compilation) is null || PasswordRewriteApplier.KindFor(compilation) is not { } kind)
        {
            return Array.Empty<FixAction>();
        }

        var plan = await PasswordRewritePlanner.CreateAsync(offer.Document, diagnostic.Location.SourceSpan, offer.CancellationToken).ConfigureAwait(false);
        return plan is null ? Array.Empty<FixAction>() : new[] { new FixAction(Title(kind, plan), KeyFor(kind)) };
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

    internal static string Title(PasswordHashKind kind, PasswordRewritePlan plan)
    {
        var title = kind == PasswordHashKind.Argon2id ? Argon2idTitle : Pbkdf2Title;
        if (!plan.VerificationFound || plan.UnresolvedVerification)
        {
            title += VerificationSuffix;
        }
        else if (!plan.StorageFound)
        {
            title += StorageSuffix;
        }

        return title;
    }
}
