using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SecureBackend.Analyzers.Infrastructure.Names;

/// <summary>
/// The password profile (SB2002, and SB2006's confirmation pairs), as data on <see cref="PhraseProfile"/>: a name
/// denotes a password when its last meaningful word is password, passwd, pwd, passphrase, pin or passcode (or a
/// compound ending with one, <c>userpassword</c>; plus the words configured with <c>securebackend.SB2002.names</c>, or
/// its older alias <c>securebackend.SB2002.password_names</c>). Words after it may only describe the same value
/// (<c>passwordText</c>, <c>pinCode</c>, <c>pwdBytes</c>), so <c>passwordHash</c>, <c>passwordResetToken</c>,
/// <c>PasswordHasher</c> and <c>hashedPassword</c> are not passwords.
/// </summary>
internal sealed class PasswordNames
{
    private static readonly string[] DefaultWords = { "password", "passwd", "pwd", "passphrase", "pin", "passcode" };

    /// <summary>Lower-case compounds that end with a password word (<c>userpassword</c>, <c>newpasswd</c>), unless they start with <see cref="CompoundExcludedStarts"/>.</summary>
    private static readonly string[] CompoundHeads = { "password", "passwd", "passphrase", "passcode" };

    private static readonly string[] CompoundExcludedStarts = { "hash", "encrypted" };

    /// <summary>Words that may follow the password word and still name the password itself.</summary>
    private static readonly string[] SameValueWords =
    {
        "bytes", "byte", "buffer", "data", "text", "plain", "plaintext", "clear", "cleartext", "input", "value", "string",
        "str", "chars", "char", "array", "utf8", "utf", "raw", "confirm", "confirmation", "entered", "provided", "candidate",
        "attempt", "given", "supplied", "code", "number", "span", "arg", "param", "field", "box", "model",
    };

    /// <summary>Extra words allowed after the password word in a method name (<c>ComputePasswordHash</c>).</summary>
    private static readonly string[] MethodTailWords = { "hash", "hashed", "digest", "async", "core", "internal", "impl", "legacy", "with", "salt", "salted" };

    /// <summary>Words before the password word that say the value is already a hash or cipher text.</summary>
    private static readonly string[] DerivedWords = { "hashed", "hash", "encrypted", "encoded", "salted", "protected", "digest", "stored", "saved", "db" };

    /// <summary>Every default word and compound head contains one of these.</summary>
    private static readonly string[] DefaultFragments = { "pass", "pwd", "pin" };

    private readonly PhraseProfile _profile;

    private PasswordNames(PhraseProfile profile) => _profile = profile;

    public static PasswordNames Default { get; } = new(new PhraseProfile(
        NamePhrases.Parse(DefaultWords),
        ImmutableArray.Create(DefaultFragments),
        ImmutableHashSet.Create(StringComparer.Ordinal, SameValueWords),
        ImmutableHashSet.Create(StringComparer.Ordinal, MethodTailWords),
        ImmutableHashSet.Create(StringComparer.Ordinal, DerivedWords),
        ImmutableArray.Create(CompoundHeads),
        ImmutableArray.Create(CompoundExcludedStarts),
        minLength: 3));

    /// <summary>The SB2002 vocabulary: <c>names</c> with its older alias <c>password_names</c>; no excluded names.</summary>
    private static readonly NameVocabulary<PasswordNames> Vocabulary = new(
        RuleIds.PasswordFastHash, Default, (extra, _) => new PasswordNames(Default._profile.WithWords(extra)), readsExcluded: false, "password_names");

    /// <summary>The names in force for <paramref name="tree"/>: the defaults plus the configured words.</summary>
    public static PasswordNames For(AnalyzerOptions options, SyntaxTree tree) => Vocabulary.Resolve(options, tree);

    /// <summary>Whether a variable, parameter, field or property with this name holds a password.</summary>
    public bool IsPasswordName(string name) => _profile.Matches(name, extended: false);

    /// <summary>Whether a method with this name hashes or checks a password (<c>HashPassword</c>, <c>VerifyPassword</c>, <c>ComputePasswordHash</c>).</summary>
    public bool IsPasswordMethodName(string name) => _profile.Matches(name, extended: true);
}
