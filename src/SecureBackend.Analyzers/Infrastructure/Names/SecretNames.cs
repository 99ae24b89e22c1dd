using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;

namespace SecureBackend.Analyzers.Infrastructure.Names;

/// <summary>
/// Decides whether a variable, member, parameter or key name denotes a secret, by its head noun: the name is split
/// into words (<see cref="IdentifierWords"/>), trailing "carrier" words such as <c>Bytes</c> or <c>Value</c> are
/// dropped, and the remaining words must end with one of the profile's phrases (<c>token</c>, <c>api key</c>,
/// <c>reset code</c> …). So <c>passwordResetToken</c> and <c>saltBytes</c> match while <c>PasswordMinLength</c>,
/// <c>TokenEndpoint</c> and <c>cacheKey</c> do not. Words such as <c>fake</c>, <c>sample</c> or <c>cancellation</c>
/// anywhere before the phrase cancel the match. Each rule extends or trims its list with
/// <c>securebackend.SBxxxx.names</c> and <c>securebackend.SBxxxx.excluded_names</c>.
/// </summary>
internal sealed class SecretNameMatcher
{
    private static readonly string[] KeyQualifiers =
    {
        "api", "secret", "private", "signing", "sign", "encryption", "encrypt", "decryption", "decrypt", "crypto", "cipher",
        "jwt", "hmac", "mac", "aes", "des", "master", "access", "auth", "authentication", "shared",
        "symmetric", "subscription", "account", "security",
    };

    private static readonly string[] CodeQualifiers =
    {
        "reset", "verification", "verify", "confirmation", "confirm", "otp", "auth", "authorization", "authentication",
        "activation", "security", "mfa", "factor", "sms", "login", "recovery", "access", "backup", "unlock", "pairing",
        "pin", "one time", "magic",
    };

    private static readonly string[] CommonExcludingWords =
    {
        "fake", "dummy", "mock", "mocked", "sample", "example", "test", "stub", "placeholder", "demo", "page", "paging",
        "continuation", "cancellation",
    };

    /// <summary>SB2004: names of values that must be unpredictable.</summary>
    public static readonly SecretNameMatcher RandomValues = new(
        phrases: Combine(
            new[] { "token", "password", "passwd", "pwd", "passphrase", "passcode", "salt", "nonce", "otp", "totp", "hotp", "secret", "pin", "csrf", "xsrf", "session id", "session key", "code verifier" },
            Qualified(KeyQualifiers, "key"),
            Qualified(CodeQualifiers, "code")),
        exactPhrases: new[] { "key", "iv" },
        carriers: new[] { "bytes", "byte", "value", "val", "string", "str", "text", "txt", "hex", "base64", "b64", "chars", "char", "buffer", "buf", "data", "material", "digits", "digit", "number", "num", "raw", "array", "arr", "span", "list", "builder", "sb", "parts" },
        excludingWords: CommonExcludingWords,
        typeQualifiedHeads: Array.Empty<string>());

    /// <summary>SB2005: names whose constant value is a credential.</summary>
    public static readonly SecretNameMatcher HardCodedSecrets = new(
        phrases: Combine(
            new[] { "password", "passwd", "pwd", "passphrase", "passcode", "secret", "token", "credential", "credentials" },
            Qualified(KeyQualifiers, "key"),
            Qualified(new[] { "db", "database", "admin", "smtp", "user", "root", "mail", "email", "ftp", "sql", "redis", "proxy" }, "pass")),
        exactPhrases: Array.Empty<string>(),
        carriers: new[] { "bytes", "value", "val", "string", "str", "hex", "base64", "b64", "data", "raw", "plain", "literal", "utf8" },

        // Public by definition: an assembly's PublicKeyToken, a publishable (client-side) key.
        excludingWords: Combine(CommonExcludingWords, new[] { "public", "publishable" }),
        typeQualifiedHeads: new[] { "key" });

    /// <summary>SB2006: names of values that must be compared in constant time.</summary>
    public static readonly SecretNameMatcher Comparands = new(
        phrases: Combine(
            new[] { "password", "passwd", "pwd", "passphrase", "passcode", "secret", "token", "otp", "totp", "hotp", "signature", "sig", "hmac", "pin", "session id", "hmac digest", "mac digest", "mac tag", "auth tag" },
            Qualified(KeyQualifiers, "key"),
            Qualified(CodeQualifiers, "code"),
            Qualified(new[] { "password", "pwd", "passwd", "secret", "token", "key", "pin", "stored", "credential" }, "hash")),
        exactPhrases: Array.Empty<string>(),
        carriers: new[] { "bytes", "value", "val", "string", "str", "hex", "base64", "b64", "data", "raw", "header", "span", "array", "arr" },
        excludingWords: Combine(CommonExcludingWords, new[] { "confirm", "repeat", "repeated", "retype", "retyped", "again", "new", "old", "previous", "prev", "next" }),
        typeQualifiedHeads: Array.Empty<string>());

    private static readonly string[] TypeQualifiers = { "jwt", "signing", "encryption", "api", "hmac", "aes", "crypto", "token", "secret", "auth", "authentication" };

    private const int MaxCacheEntries = 20_000;

    private readonly ConcurrentDictionary<NameKey, bool> _cache = new();
    private int _cacheEntries;
    private readonly ImmutableArray<string[]> _phrases;
    private readonly ImmutableArray<string[]> _exactPhrases;
    private readonly ImmutableArray<string[]> _excludedPhrases;
    private readonly ImmutableHashSet<string> _carriers;
    private readonly ImmutableHashSet<string> _excludingWords;
    private readonly ImmutableHashSet<string> _typeQualifiedHeads;
    private readonly ImmutableArray<string> _blobSuffixes;

    private SecretNameMatcher(
        IEnumerable<string> phrases,
        IEnumerable<string> exactPhrases,
        IEnumerable<string> carriers,
        IEnumerable<string> excludingWords,
        IEnumerable<string> typeQualifiedHeads,
        IEnumerable<string>? excludedPhrases = null)
    {
        _phrases = NamePhrases.Parse(phrases);
        _exactPhrases = NamePhrases.Parse(exactPhrases);
        _excludedPhrases = NamePhrases.Parse(excludedPhrases ?? Array.Empty<string>());
        _carriers = ImmutableHashSet.CreateRange(StringComparer.Ordinal, carriers);
        _excludingWords = ImmutableHashSet.CreateRange(StringComparer.Ordinal, excludingWords);
        _typeQualifiedHeads = ImmutableHashSet.CreateRange(StringComparer.Ordinal, typeQualifiedHeads);

        var suffixes = ImmutableArray.CreateBuilder<string>();
        foreach (var phrase in _phrases)
        {
            var joined = string.Concat(phrase);
            if (joined.Length >= 5)
            {
                suffixes.Add(joined);
            }
        }

        _blobSuffixes = suffixes.ToImmutable();
    }

    /// <summary>Whether <paramref name="name"/> denotes a secret.</summary>
    /// <param name="name">Identifier or key text (<c>ResetToken</c>, <c>Jwt:Key</c>).</param>
    /// <param name="containingTypeName">For fields and properties: the type name, which qualifies a bare <c>Key</c>
    /// (<c>JwtSettings.Key</c>).</param>
    /// <param name="allowExact">False for parameters of called methods: bare names such as <c>key</c> are too vague there.</param>
    public bool Matches(string? name, string? containingTypeName = null, bool allowExact = true)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        // Names repeat a lot (every argument of every call is checked by SB2005): remember the answers. The key holds
        // the strings as they are (no concatenation per lookup); the entry count is kept apart because
        // ConcurrentDictionary.Count takes every lock.
        var key = new NameKey(name!, allowExact ? containingTypeName : null, allowExact);
        if (_cache.TryGetValue(key, out var known))
        {
            return known;
        }

        var result = Compute(name!, containingTypeName, allowExact);
        if (Volatile.Read(ref _cacheEntries) < MaxCacheEntries && _cache.TryAdd(key, result))
        {
            Interlocked.Increment(ref _cacheEntries);
        }

        return result;
    }

    private bool Compute(string name, string? containingTypeName, bool allowExact)
    {
        var words = IdentifierWords.Split(name);
        if (words.Count == 0)
        {
            return false;
        }

        var end = words.Count;
        while (end > 1 && (_carriers.Contains(words[end - 1]) || IsNumber(words[end - 1])))
        {
            end--;
        }

        foreach (var excluded in _excludedPhrases)
        {
            if (NamePhrases.EndsWith(words, end, excluded, allowPlural: true))
            {
                return false;
            }
        }

        var start = MatchStart(words, end);
        if (start < 0 && allowExact)
        {
            start = MatchExact(words, end, containingTypeName);
        }

        if (start < 0 && IdentifierWords.IsSingleBlob(name, words))
        {
            start = MatchBlob(words[0]);
        }

        if (start < 0)
        {
            return false;
        }

        for (var i = 0; i < start; i++)
        {
            if (_excludingWords.Contains(words[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the words of a value (<c>X-Api-Key</c>, <c>access_token</c>) contain a secret phrase anywhere.</summary>
    public bool ContainsSecretPhrase(List<string> words)
    {
        for (var end = words.Count; end > 0; end--)
        {
            if (EndsWithAnyPhrase(words, end))
            {
                return true;
            }
        }

        foreach (var word in words)
        {
            if (MatchBlob(word) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>This profile extended and trimmed by the tree's <c>.editorconfig</c> options.</summary>
    public SecretNameMatcher WithOptions(ImmutableArray<string> added, ImmutableArray<string> excluded)
    {
        if (added.IsEmpty && excluded.IsEmpty)
        {
            return this;
        }

        var phrases = new List<string>();
        foreach (var phrase in _phrases)
        {
            phrases.Add(string.Join(" ", phrase));
        }

        foreach (var entry in added)
        {
            phrases.Add(string.Join(" ", IdentifierWords.Split(entry)));
        }

        var excludedPhrases = new List<string>();
        foreach (var phrase in _excludedPhrases)
        {
            excludedPhrases.Add(string.Join(" ", phrase));
        }

        foreach (var entry in excluded)
        {
            excludedPhrases.Add(string.Join(" ", IdentifierWords.Split(entry)));
        }

        var exact = new List<string>();
        foreach (var phrase in _exactPhrases)
        {
            exact.Add(string.Join(" ", phrase));
        }

        return new SecretNameMatcher(phrases, exact, _carriers, _excludingWords, _typeQualifiedHeads, excludedPhrases);
    }

    private int MatchStart(List<string> words, int end)
    {
        foreach (var phrase in _phrases)
        {
            if (NamePhrases.EndsWith(words, end, phrase, allowPlural: true))
            {
                return end - phrase.Length;
            }
        }

        return -1;
    }

    private bool EndsWithAnyPhrase(List<string> words, int end)
    {
        foreach (var phrase in _phrases)
        {
            if (NamePhrases.EndsWith(words, end, phrase, allowPlural: true))
            {
                return true;
            }
        }

        return false;
    }

    private int MatchExact(List<string> words, int end, string? containingTypeName)
    {
        foreach (var phrase in _exactPhrases)
        {
            if (end == phrase.Length && NamePhrases.EndsWith(words, end, phrase, allowPlural: true))
            {
                return 0;
            }
        }

        if (end == 1 && containingTypeName is not null && _typeQualifiedHeads.Contains(words[0]))
        {
            foreach (var typeWord in IdentifierWords.Split(containingTypeName))
            {
                if (Array.IndexOf(TypeQualifiers, typeWord) >= 0)
                {
                    return 0;
                }
            }
        }

        return -1;
    }

    private int MatchBlob(string blob)
    {
        foreach (var suffix in _blobSuffixes)
        {
            if (blob.EndsWith(suffix, StringComparison.Ordinal))
            {
                return 0;
            }
        }

        return -1;
    }

    private static bool IsNumber(string word) => word.Length > 0 && char.IsDigit(word[0]);

    private readonly struct NameKey : IEquatable<NameKey>
    {
        private readonly string _name;
        private readonly string? _typeName;
        private readonly bool _allowExact;

        public NameKey(string name, string? typeName, bool allowExact)
        {
            _name = name;
            _typeName = typeName;
            _allowExact = allowExact;
        }

        public bool Equals(NameKey other)
            => _allowExact == other._allowExact && string.Equals(_name, other._name, StringComparison.Ordinal) && string.Equals(_typeName, other._typeName, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is NameKey other && Equals(other);

        public override int GetHashCode()
        {
            var hash = StringComparer.Ordinal.GetHashCode(_name);
            if (_typeName is not null)
            {
                hash = (hash * 31) + StringComparer.Ordinal.GetHashCode(_typeName);
            }

            return _allowExact ? hash : ~hash;
        }
    }

    private static IEnumerable<string> Qualified(string[] qualifiers, string head)
    {
        foreach (var qualifier in qualifiers)
        {
            yield return qualifier + " " + head;
        }
    }

    private static IEnumerable<string> Combine(params IEnumerable<string>[] parts)
    {
        foreach (var part in parts)
        {
            foreach (var item in part)
            {
                yield return item;
            }
        }
    }
}

/// <summary>Per-compilation cache of a rule's <see cref="SecretNameMatcher"/> profile configured for each syntax tree.</summary>
internal sealed class SecretNameMatchers : TreeNameVocabulary<SecretNameMatcher>
{
    public SecretNameMatchers(SecretNameMatcher defaults, string ruleId)
        : base(new NameVocabulary<SecretNameMatcher>(ruleId, defaults, defaults.WithOptions))
    {
    }
}
