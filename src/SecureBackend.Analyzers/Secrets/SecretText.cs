using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Secrets;

/// <summary>
/// Questions about the text of a string constant: is it a placeholder, a label (a field, header or configuration
/// key name rather than a value), or does it embed a credential (connection-string password, URL user-info,
/// PEM private key, well-known token formats)? Interpolation holes and non-constant parts are passed in as
/// <see cref="Hole"/> so a value that starts with one is never treated as literal.
/// </summary>
internal static class SecretText
{
    /// <summary>Stands for an interpolation hole or a non-constant part of a string.</summary>
    public const char Hole = '\u0001';

    private static readonly HashSet<string> PlaceholderWords = NameSet.Of(
        StringComparer.Ordinal,
        "changeme", "changeit", "change", "replaceme", "secret", "password", "passwd", "pwd", "pass", "test", "none", "null",
        "nil", "undefined", "empty", "default", "example", "sample", "dummy", "fake", "todo", "tbd", "na", "placeholder",
        "redacted", "hidden", "notset", "unset", "setme", "fillme", "token", "apikey", "key", "value", "xxx", "string",
        "deleted", "expired", "invalid", "revoked", "removed", "cleared", "unknown", "anonymous", "disabled", "true", "false",
        "obfuscated", "masked", "censored", "omitted", "withheld", "concealed", "scrubbed");

    private static readonly string[] PlaceholderPrefixes = { "your", "enter", "insert", "replace", "put", "paste", "changeme", "placeholder", "redacted", "set", "add" };

    private const string GooglePrefix = "AIza";

    private static readonly char[] MarkerCharacters = { '=', ':', '-', '_' };

    private static readonly string[] GitHubPrefixes = { "ghp_", "gho_", "ghu_", "ghs_", "ghr_" };

    private static readonly string[] SlackPrefixes = { "xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-" };

    private static readonly ImmutableHashSet<string> ConnectionStringPasswordKeys = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase, "password", "pwd", "accountkey", "sharedaccesskey", "user password");

    /// <summary>Substrings of which every key in <see cref="ConnectionStringPasswordKeys"/> contains one.</summary>
    private static readonly string[] ConnectionStringPasswordKeyFragments = { "password", "pwd", "accountkey", "sharedaccesskey" };

    /// <summary>
    /// Empty, whitespace, or an obvious stand-in: <c>&lt;password&gt;</c>, <c>${DB_PASSWORD}</c>, <c>{0}</c>, <c>***</c>,
    /// <c>changeme</c>, <c>your-api-key-here</c>, or a word that says the value is hidden (<c>obfuscated</c>, <c>masked</c>,
    /// <c>redacted</c>), written where a response or log shows a secret without revealing it.
    /// </summary>
    public static bool IsPlaceholder(string value, ImmutableArray<string> extraPlaceholders = default)
    {
        var trimmed = value.Trim().Trim('"', '\'');
        if (trimmed.Length == 0 || trimmed[0] == Hole)
        {
            return true;
        }

        var first = trimmed[0];
        var last = trimmed[trimmed.Length - 1];
        if ((first == '<' && last == '>') || (first == '[' && last == ']') || (first == '{' && last == '}') || (first == '%' && last == '%' && trimmed.Length > 2))
        {
            return true;
        }

        if (trimmed.IndexOf("${", StringComparison.Ordinal) >= 0 || trimmed.IndexOf("{{", StringComparison.Ordinal) >= 0
            || trimmed.IndexOf("$(", StringComparison.Ordinal) >= 0 || trimmed.IndexOf("***", StringComparison.Ordinal) >= 0
            || trimmed.IndexOf("xxxx", StringComparison.OrdinalIgnoreCase) >= 0 || HasFormatItem(trimmed) || IsOneRepeatedChar(trimmed))
        {
            return true;
        }

        var normalized = Normalize(trimmed);
        if (normalized.Length == 0 || PlaceholderWords.Contains(normalized) || normalized.EndsWith("here", StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var prefix in PlaceholderPrefixes)
        {
            if (normalized.StartsWith(prefix, StringComparison.Ordinal) && normalized.Length > prefix.Length
                && (normalized.IndexOf("password", StringComparison.Ordinal) >= 0 || normalized.IndexOf("secret", StringComparison.Ordinal) >= 0
                    || normalized.IndexOf("key", StringComparison.Ordinal) >= 0 || normalized.IndexOf("token", StringComparison.Ordinal) >= 0
                    || prefix is "your" or "changeme" or "placeholder" or "redacted"))
            {
                return true;
            }
        }

        if (!extraPlaceholders.IsDefaultOrEmpty)
        {
            foreach (var extra in extraPlaceholders)
            {
                if (string.Equals(extra, trimmed, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Text that names something rather than being a secret: messages and labels (whitespace), URLs, URNs and paths,
    /// SQL parameter names, the member's own name, or an identifier that itself contains a secret word and is shaped
    /// like a name: a short one (<c>access_token</c>, <c>Jwt:Key</c>), an environment variable (<c>DB_PASSWORD</c>), a
    /// configuration path of Pascal-case sections (<c>Authentication:Google:ClientSecret</c>), an HTTP header name
    /// (<c>X-Webhook-Secret-Token</c>) or a claim type (<c>urn:app:clientSecret</c>). Digits and single letters
    /// (<c>password_hash_b64</c>) do not count as words.
    /// </summary>
    public static bool LooksLikeLabel(string value, string memberName, SecretNameMatcher names)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsWhiteSpace(value[i]))
            {
                return true;
            }
        }

        if (value.StartsWith("/", StringComparison.Ordinal) || value.StartsWith("~/", StringComparison.Ordinal)
            || value.IndexOf("://", StringComparison.Ordinal) >= 0 || value[0] is '@' or ':' or '$' or '#'
            || (value.StartsWith("urn:", StringComparison.OrdinalIgnoreCase) && value.Length > 4))
        {
            return true;
        }

        if (Normalize(value) == Normalize(memberName))
        {
            return true;
        }

        if (!IsIdentifierLike(value))
        {
            return false;
        }

        // Lower-case kebab text ("dev-secret-key") is how secret values are invented, not how keys are named;
        // header, claim, form-field, configuration and environment names look like X-Api-Key, client_secret, Jwt:Key, DB_PASSWORD.
        if (IsLowerKebab(value))
        {
            return false;
        }

        var words = IdentifierWords.Split(value);
        var nameShaped = (value.IndexOf('_') >= 0 && IsUpperCase(value)) || IsSectionPath(value) || IsHeaderName(value)
            || (IsLowerSnake(value) ? CountWords(words) : words.Count) <= 3;
        return nameShaped && names.ContainsSecretPhrase(words);
    }

    /// <summary>A lower-case wire name (<c>password_hash_b64</c>): form fields, JSON properties, OAuth parameters.</summary>
    private static bool IsLowerSnake(string value)
    {
        if (value.IndexOf('_') < 0)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsLower(c) || char.IsDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Words that carry meaning in a wire name: digits and single letters (the <c>b</c> of <c>b64</c>) do not.</summary>
    private static int CountWords(List<string> words)
    {
        var count = 0;
        foreach (var word in words)
        {
            if (word.Length > 1 && !char.IsDigit(word[0]))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>A configuration path: two or more <c>:</c>-separated sections, each a Pascal-case identifier (<c>Authentication:Google:ClientSecret</c>).</summary>
    private static bool IsSectionPath(string value) => HasSections(value, ':', allowDigitSections: false);

    /// <summary>
    /// An HTTP header name: two or more <c>-</c>-separated capitalised words (<c>Proxy-Authorization-Token</c>), or a
    /// custom header whose later sections may be numbers (<c>X-Webhook-Secret-Token</c>, <c>X-Hub-Signature-256</c>).
    /// </summary>
    private static bool IsHeaderName(string value)
        => HasSections(value, '-', allowDigitSections: value.StartsWith("X-", StringComparison.Ordinal));

    private static bool HasSections(string value, char separator, bool allowDigitSections)
    {
        var sections = 0;
        var start = 0;
        for (var i = 0; i <= value.Length; i++)
        {
            if (i < value.Length && value[i] != separator)
            {
                continue;
            }

            if (i == start)
            {
                return false;
            }

            var first = value[start];
            var digits = char.IsDigit(first);
            if (!(char.IsUpper(first) || (allowDigitSections && digits && sections > 0)))
            {
                return false;
            }

            for (var j = start + 1; j < i; j++)
            {
                if (!char.IsLetterOrDigit(value[j]) || (digits && !char.IsDigit(value[j])))
                {
                    return false;
                }
            }

            sections++;
            start = i + 1;
        }

        return sections >= 2;
    }

    /// <summary>
    /// Whether every server a connection string names is this machine: <c>localhost</c>, <c>127.0.0.1</c>, <c>::1</c>,
    /// <c>.</c>, <c>(local)</c> or a LocalDB instance, with or without port, protocol prefix or instance name.
    /// </summary>
    public static bool ConnectsToLocalServer(string text)
    {
        var servers = 0;
        foreach (var segment in SplitSegments(text))
        {
            var equals = segment.IndexOf('=');
            if (equals <= 0 || !ServerKeys.Contains(segment.Substring(0, equals).Trim()))
            {
                continue;
            }

            foreach (var host in segment.Substring(equals + 1).Split(','))
            {
                var name = host.Trim().Trim('"', '\'');
                if (name.Length == 0 || (servers > 0 && IsPort(name)))
                {
                    continue; // "localhost,1433": the port of the previous server
                }

                servers++;
                if (!IsLocalHost(name))
                {
                    return false;
                }
            }
        }

        return servers > 0;
    }

    private static readonly ImmutableHashSet<string> ServerKeys = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase, "server", "data source", "datasource", "host", "hostname", "address", "addr", "network address");

    private static bool IsPort(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLocalHost(string name)
    {
        var colon = name.IndexOf(':');
        if (colon > 0 && colon <= 3 && name.Substring(0, colon).ToLowerInvariant() is "tcp" or "np" or "lpc")
        {
            name = name.Substring(colon + 1);
        }

        if (name.StartsWith("(localdb)", StringComparison.OrdinalIgnoreCase) || name.StartsWith("(local)", StringComparison.OrdinalIgnoreCase)
            || name == "." || name.StartsWith(".\\", StringComparison.Ordinal))
        {
            return true;
        }

        if (name is "::1" or "[::1]" || name.StartsWith("[::1]:", StringComparison.Ordinal))
        {
            return true;
        }

        var end = name.IndexOfAny(HostEnd);
        var host = end >= 0 ? name.Substring(0, end) : name;
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host == "127.0.0.1";
    }

    private static readonly char[] HostEnd = { ':', '\\', '/' };

    private static bool IsLowerKebab(string value)
    {
        if (value.IndexOf('-') < 0)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (char.IsUpper(c) || c is '_' or ':' or '.')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A connection string (<c>key=value;…</c>) with a literal, non-placeholder <c>Password</c>/<c>Pwd</c>/<c>AccountKey</c>.</summary>
    public static bool HasConnectionStringPassword(string text)
    {
        if (text.IndexOf('=') < 0 || !MentionsPasswordKey(text))
        {
            return false;
        }

        var segments = SplitSegments(text);
        var pairs = 0;
        var found = false;
        foreach (var segment in segments)
        {
            var equals = segment.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }

            var key = segment.Substring(0, equals).Trim();
            if (key.Length == 0 || key.IndexOf(Hole) >= 0)
            {
                continue;
            }

            pairs++;
            if (ConnectionStringPasswordKeys.Contains(key))
            {
                var value = segment.Substring(equals + 1).Trim();
                if (value.Length > 0 && value[0] != Hole && !IsPlaceholder(value))
                {
                    found = true;
                }
            }
        }

        return found && pairs >= 2;
    }

    /// <summary>Whether one of <see cref="ConnectionStringPasswordKeys"/> occurs anywhere (a key can only equal one if it does).</summary>
    private static bool MentionsPasswordKey(string text)
    {
        foreach (var key in ConnectionStringPasswordKeyFragments)
        {
            if (text.IndexOf(key, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A URL with a literal password in its user-info: <c>scheme://user:password@host</c>.</summary>
    public static bool HasUrlCredentials(string text)
    {
        var index = text.IndexOf("://", StringComparison.Ordinal);
        while (index > 0)
        {
            var start = index + 3;
            var end = start;
            while (end < text.Length && text[end] is not ('/' or '?' or '#' or '"' or '\'' or ';' or ',') && !char.IsWhiteSpace(text[end]))
            {
                end++;
            }

            if (IsScheme(text, index))
            {
                var authority = text.Substring(start, end - start);
                var at = authority.LastIndexOf('@');
                if (at > 0)
                {
                    var userInfo = authority.Substring(0, at);
                    var colon = userInfo.IndexOf(':');
                    if (colon >= 0)
                    {
                        var password = userInfo.Substring(colon + 1);
                        if (password.Length > 0 && password.IndexOf(Hole) < 0 && !IsPlaceholder(password))
                        {
                            return true;
                        }
                    }
                }
            }

            index = end < text.Length ? text.IndexOf("://", end, StringComparison.Ordinal) : -1;
        }

        return false;
    }

    /// <summary>What kind of well-known credential the text embeds (PEM private key, provider token formats), or null.</summary>
    public static string? KnownCredentialKind(string text)
    {
        // PEM headers and Slack prefixes contain '-', GitHub and Stripe prefixes '_': look for those only when present.
        var dash = text.IndexOf('-') >= 0;
        var underscore = text.IndexOf('_') >= 0;
        if (dash && text.IndexOf("-----BEGIN", StringComparison.Ordinal) >= 0 && text.IndexOf("PRIVATE KEY-----", StringComparison.Ordinal) >= 0)
        {
            return "private key";
        }

        if (underscore)
        {
            foreach (var prefix in GitHubPrefixes)
            {
                if (HasTokenAfter(text, prefix, minLength: 36))
                {
                    return "GitHub token";
                }
            }

            if (HasTokenAfter(text, "github_pat_", minLength: 40))
            {
                return "GitHub token";
            }

            if (HasTokenAfter(text, "sk_live_", minLength: 20) || HasTokenAfter(text, "rk_live_", minLength: 20))
            {
                return "Stripe live key";
            }
        }

        if (dash)
        {
            foreach (var prefix in SlackPrefixes)
            {
                if (HasTokenAfter(text, prefix, minLength: 20))
                {
                    return "Slack token";
                }
            }
        }

        if (HasTokenAfter(text, GooglePrefix, minLength: 35))
        {
            return "Google API key";
        }

        return null;
    }

    /// <summary>Any of the content checks: connection-string password, URL credentials, well-known credential formats.</summary>
    public static string? EmbeddedCredential(string text)
    {
        if (!MayEmbedCredential(text))
        {
            return null;
        }

        if (HasConnectionStringPassword(text))
        {
            return "The password in this connection string";
        }

        if (HasUrlCredentials(text))
        {
            return "The password in this URL";
        }

        return KnownCredentialKind(text) is { } kind ? "The " + kind + " in this string" : null;
    }

    /// <summary>
    /// A cheap necessary condition of <see cref="EmbeddedCredential"/>: the text contains a character of one of its
    /// markers (<c>=</c> of a connection string, <c>:</c> of a URL, <c>-</c> of PEM and Slack, <c>_</c> of GitHub and
    /// Stripe tokens) or the Google key prefix, or ends with the start of that prefix (a part of a larger string). When
    /// false, <see cref="EmbeddedCredential"/> finds nothing in this text.
    /// </summary>
    public static bool MayEmbedCredential(string text)
        => text.IndexOfAny(MarkerCharacters) >= 0
           || text.IndexOf(GooglePrefix, StringComparison.Ordinal) >= 0
           || text.EndsWith("A", StringComparison.Ordinal) || text.EndsWith("AI", StringComparison.Ordinal) || text.EndsWith("AIz", StringComparison.Ordinal);

    private static bool HasTokenAfter(string text, string prefix, int minLength)
    {
        var index = text.IndexOf(prefix, StringComparison.Ordinal);
        while (index >= 0)
        {
            var boundary = index == 0 || !char.IsLetterOrDigit(text[index - 1]);
            var length = 0;
            for (var i = index + prefix.Length; i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '-'); i++)
            {
                length++;
            }

            if (boundary && length >= minLength)
            {
                return true;
            }

            index = text.IndexOf(prefix, index + prefix.Length, StringComparison.Ordinal);
        }

        return false;
    }

    private static bool IsScheme(string text, int separator)
    {
        var start = separator;
        while (start > 0 && (char.IsLetterOrDigit(text[start - 1]) || text[start - 1] is '+' or '-' or '.'))
        {
            start--;
        }

        return separator - start >= 2 && char.IsLetter(text[start]);
    }

    /// <summary>Splits <c>key=value;key='quoted;value'</c> on semicolons outside quoted values.</summary>
    private static List<string> SplitSegments(string text)
    {
        var segments = new List<string>();
        var start = 0;
        var quote = '\0';
        var lastSignificant = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            if ((c == '\'' || c == '"') && lastSignificant == '=')
            {
                quote = c;
            }
            else if (c == ';')
            {
                segments.Add(text.Substring(start, i - start));
                start = i + 1;
            }

            if (!char.IsWhiteSpace(c))
            {
                lastSignificant = c;
            }
        }

        segments.Add(text.Substring(start));
        return segments;
    }

    private static bool HasFormatItem(string text)
    {
        for (var i = text.IndexOf('{'); i >= 0 && i + 1 < text.Length; i = text.IndexOf('{', i + 1))
        {
            if (char.IsDigit(text[i + 1]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsOneRepeatedChar(string text)
    {
        if (text.Length < 3)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c != text[0])
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsUpperCase(string value)
    {
        foreach (var c in value)
        {
            if (char.IsLower(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIdentifierLike(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsLetterOrDigit(c) && c is not ('_' or '-' or ':' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Letters and digits only, lower case.</summary>
    private static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }
}
