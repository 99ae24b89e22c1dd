using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SecureBackend.Analyzers.Infrastructure.Names;

/// <summary>
/// Decides whether a name denotes a password: the last meaningful word is password, passwd, pwd, passphrase, pin or
/// passcode (plus the words configured with <c>securebackend.SB2002.names</c>, or its older alias
/// <c>securebackend.SB2002.password_names</c>). Words after it may only
/// describe the same value (<c>passwordText</c>, <c>pinCode</c>, <c>pwdBytes</c>), so <c>passwordHash</c>,
/// <c>passwordResetToken</c>, <c>PasswordHasher</c> and <c>hashedPassword</c> are not passwords.
/// </summary>
internal sealed class PasswordNames
{
    private static readonly ImmutableHashSet<string> DefaultWords = ImmutableHashSet.Create(
        StringComparer.Ordinal, "password", "passwd", "pwd", "passphrase", "pin", "passcode");

    /// <summary>Lower-case compounds that end with a password word (<c>userpassword</c>, <c>newpasswd</c>).</summary>
    private static readonly string[] CompoundSuffixes = { "password", "passwd", "passphrase", "passcode" };

    /// <summary>Words that may follow the password word and still name the password itself.</summary>
    private static readonly HashSet<string> SameValueWords = NameSet.Of(
        StringComparer.Ordinal,
        "bytes", "byte", "buffer", "data", "text", "plain", "plaintext", "clear", "cleartext", "input", "value", "string",
        "str", "chars", "char", "array", "utf8", "utf", "raw", "confirm", "confirmation", "entered", "provided", "candidate",
        "attempt", "given", "supplied", "code", "number", "span", "arg", "param", "field", "box", "model");

    /// <summary>Extra words allowed after the password word in a method name (<c>ComputePasswordHash</c>).</summary>
    private static readonly HashSet<string> MethodTailWords = NameSet.Of(
        StringComparer.Ordinal, "hash", "hashed", "digest", "async", "core", "internal", "impl", "legacy", "with", "salt", "salted");

    /// <summary>Words before the password word that say the value is already a hash or cipher text.</summary>
    private static readonly HashSet<string> DerivedWords = NameSet.Of(
        StringComparer.Ordinal, "hashed", "hash", "encrypted", "encoded", "salted", "protected", "digest", "stored", "saved", "db");

    /// <summary>Every default word and compound suffix contains one of these.</summary>
    private static readonly string[] DefaultFragments = { "pass", "pwd", "pin" };

    private readonly ImmutableHashSet<string> _words;
    private readonly string[] _fragments;

    private PasswordNames(ImmutableHashSet<string> words, string[] fragments)
    {
        _words = words;
        _fragments = fragments;
    }

    public static PasswordNames Default { get; } = new(DefaultWords, DefaultFragments);

    /// <summary>The SB2002 vocabulary: <c>names</c> with its older alias <c>password_names</c>; no excluded names.</summary>
    private static readonly NameVocabulary<PasswordNames> Vocabulary = new(
        RuleIds.PasswordFastHash, Default, (extra, _) => WithWords(extra), readsExcluded: false, "password_names");

    /// <summary>The names in force for <paramref name="tree"/>: the defaults plus the configured words.</summary>
    public static PasswordNames For(AnalyzerOptions options, SyntaxTree tree) => Vocabulary.Resolve(options, tree);

    private static PasswordNames WithWords(ImmutableArray<string> extra)
    {
        var builder = DefaultWords.ToBuilder();
        var fragments = new List<string>(DefaultFragments);
        foreach (var word in extra)
        {
            builder.Add(word.ToLowerInvariant());
            fragments.Add(word.ToLowerInvariant());
        }

        return new PasswordNames(builder.ToImmutable(), fragments.ToArray());
    }

    /// <summary>Whether a variable, parameter, field or property with this name holds a password.</summary>
    public bool IsPasswordName(string name) => Matches(name, allowMethodTail: false);

    /// <summary>Whether a method with this name hashes or checks a password (<c>HashPassword</c>, <c>VerifyPassword</c>, <c>ComputePasswordHash</c>).</summary>
    public bool IsPasswordMethodName(string name) => Matches(name, allowMethodTail: true);

    private bool Matches(string name, bool allowMethodTail)
    {
        if (name.Length < 3 || !MayContainPasswordWord(name))
        {
            return false;
        }

        var words = IdentifierWords.Split(name);
        for (var i = words.Count - 1; i >= 0; i--)
        {
            if (!IsPasswordWord(words[i]))
            {
                continue;
            }

            if (!allowMethodTail && i > 0 && DerivedWords.Contains(words[i - 1]))
            {
                return false;
            }

            for (var j = i + 1; j < words.Count; j++)
            {
                var tail = words[j];
                if (!SameValueWords.Contains(tail) && !IsNumber(tail) && !(allowMethodTail && MethodTailWords.Contains(tail)))
                {
                    return false;
                }
            }

            return true;
        }

        return false;
    }

    /// <summary>
    /// A cheap necessary condition, checked before the name is split into words (names of every call argument and
    /// helper are looked at): a password word is a lower-cased part of the name, so the name contains one of the
    /// fragments ignoring case. Names with non-ASCII letters, whose lower-casing can differ, always go on.
    /// </summary>
    private bool MayContainPasswordWord(string name)
    {
        foreach (var c in name)
        {
            if (c > 127)
            {
                return true;
            }
        }

        foreach (var fragment in _fragments)
        {
            if (name.IndexOf(fragment, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private bool IsPasswordWord(string word)
    {
        if (_words.Contains(word))
        {
            return true;
        }

        foreach (var suffix in CompoundSuffixes)
        {
            if (word.Length > suffix.Length && word.EndsWith(suffix, StringComparison.Ordinal)
                && !word.StartsWith("hash", StringComparison.Ordinal) && !word.StartsWith("encrypted", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNumber(string word)
    {
        foreach (var c in word)
        {
            if (!char.IsDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
