using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SecureBackend.CodeFixes.Crypto;

/// <summary>One expression the SB2002 fix rewrites: a fresh hash into <c>Hash(p)</c>, or a comparison into <c>Verify(p, stored)</c>.</summary>
internal sealed class PasswordEdit
{
    public PasswordEdit(DocumentId document, TextSpan span, SyntaxNode password, SyntaxNode? stored, bool negated)
    {
        Document = document;
        Span = span;
        Password = password;
        Stored = stored;
        Negated = negated;
    }

    public DocumentId Document { get; }

    /// <summary>The span of the expression to replace, in the original document.</summary>
    public TextSpan Span { get; }

    /// <summary>The password expression (original syntax).</summary>
    public SyntaxNode Password { get; }

    /// <summary>The stored hash for a verification; null for a hash.</summary>
    public SyntaxNode? Stored { get; }

    public bool Negated { get; }

    public bool IsVerification => Stored is not null;
}

/// <summary>A local declaration the fix removes once every read of the local has been rewritten or removed.</summary>
internal sealed class RemovableLocal
{
    public RemovableLocal(DocumentId document, TextSpan statement, ImmutableArray<TextSpan> references)
    {
        Document = document;
        Statement = statement;
        References = references;
    }

    public DocumentId Document { get; }

    public TextSpan Statement { get; }

    public ImmutableArray<TextSpan> References { get; }
}

/// <summary>Everything one SB2002 fix changes in the solution.</summary>
internal sealed class PasswordRewritePlan
{
    public List<PasswordEdit> Edits { get; } = new();

    public List<RemovableLocal> Locals { get; } = new();
}
