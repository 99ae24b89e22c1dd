using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using SecureBackend.Analyzers;

namespace SecureBackend.CodeFixes.Crypto;

/// <summary>
/// SB2002: "Hash passwords with Argon2id" (Konscious.Security.Cryptography.Argon2 referenced) or "Hash passwords with
/// PBKDF2 (built in)". Adds the <c>PasswordHashing</c> helper once per project, rewrites the fresh hash into
/// <c>PasswordHashing.Hash(password)</c> and the comparisons with stored hashes it can find in the solution into
/// <c>PasswordHashing.Verify(password, stored)</c>. When it cannot see or rewrite every verification (or the place
/// that stores hashes), the title says what must still be updated by hand.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PasswordHashingFixer)), Shared]
public sealed class PasswordHashingFixer : CodeFixProvider
{
    public const string Argon2idKey = "SB2002.Argon2id";
    public const string Pbkdf2Key = "SB2002.Pbkdf2";

    public const string Argon2idTitle = "Hash passwords with Argon2id";
    public const string Pbkdf2Title = "Hash passwords with PBKDF2 (built in)";
    public const string VerificationSuffix = " (password verification must be updated to PasswordHashing.Verify)";
    public const string StorageSuffix = " (stored hashes must be created with PasswordHashing.Hash)";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.PasswordFastHash);

    public override FixAllProvider GetFixAllProvider() => PasswordFixAllProvider.Instance;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var compilation = await document.Project.GetCompilationAsync(context.CancellationToken).ConfigureAwait(false);
        if (compilation is null || PasswordRewriteApplier.ExistingHelper(compilation) is null || PasswordRewriteApplier.KindFor(compilation) is not { } kind)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var plan = await PasswordRewritePlanner.CreateAsync(document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false);
            if (plan is null)
            {
                continue;
            }

            var solution = document.Project.Solution;
            context.RegisterCodeFix(
                CodeAction.Create(
                    Title(kind, plan),
                    ct => PasswordRewriteApplier.ApplyAsync(solution, new[] { plan }, ct),
                    KeyFor(kind)),
                diagnostic);
        }
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

    /// <summary>Fix All: one solution change that plans every diagnostic against the original solution and adds the helper once per project.</summary>
    private sealed class PasswordFixAllProvider : FixAllProvider
    {
        public static readonly PasswordFixAllProvider Instance = new();

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes()
            => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var diagnostics = new List<Diagnostic>();
            switch (fixAllContext.Scope)
            {
                case FixAllScope.Document when fixAllContext.Document is not null:
                    diagnostics.AddRange(await fixAllContext.GetDocumentDiagnosticsAsync(fixAllContext.Document).ConfigureAwait(false));
                    break;
                case FixAllScope.Project:
                    diagnostics.AddRange(await fixAllContext.GetAllDiagnosticsAsync(fixAllContext.Project).ConfigureAwait(false));
                    break;
                case FixAllScope.Solution:
                    foreach (var project in fixAllContext.Solution.Projects)
                    {
                        diagnostics.AddRange(await fixAllContext.GetAllDiagnosticsAsync(project).ConfigureAwait(false));
                    }

                    break;
            }

            var key = fixAllContext.CodeActionEquivalenceKey;
            var solution = fixAllContext.Solution;
            return CodeAction.Create(
                key == Pbkdf2Key ? Pbkdf2Title : Argon2idTitle,
                ct => FixAllAsync(solution, diagnostics, key, ct),
                key);
        }

        private static async Task<Solution> FixAllAsync(Solution solution, List<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
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
    }
}
