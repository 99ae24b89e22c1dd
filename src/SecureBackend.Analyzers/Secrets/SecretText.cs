using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Names;

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

    /// <summary>Substrings of which every key in <see cref="CredentialStrings.PasswordKeys"/> contains one.</summary>
    private static readonly string[] ConnectionStringPasswordKeyFragments = { "password", "pwd", "passwd", "accountkey", "sharedaccesskey" };

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
        // The exception is kebab text that spells the member's whole name after a tracking prefix: a feature-flag or
        // setting key such as DeviceAuthKey = "pm-27581-device-auth-key" names itself.
        if (IsLowerKebab(value))
        {
            return SpellsOwnNameAfterTrackingPrefix(value, memberName);
        }

        var words = IdentifierWords.Split(value);
        var nameShaped = (value.IndexOf('_') >= 0 && IsUpperCase(value)) || IsSectionPath(value) || IsHeaderName(value) || IsDottedName(value)
            || (IsLowerSnake(value) ? CountWords(words) : words.Count) <= 3;
        return nameShaped && names.ContainsSecretPhrase(words);
    }

    /// <summary>
    /// Lower-case kebab text whose last words are the member's name, word for word (three words at least), after a
    /// prefix made of a number and at most one short tag (<c>pm-27581-</c>, <c>1234-</c>): an identifier that names
    /// itself, such as a feature-flag key. Invented secrets (<c>dev-secret-key</c>, <c>my-api-token</c>) have no such prefix.
    /// </summary>
    private static bool SpellsOwnNameAfterTrackingPrefix(string value, string memberName)
    {
        var nameWords = IdentifierWords.Split(memberName);
        var valueWords = value.Split('-');
        var extra = valueWords.Length - nameWords.Count;
        if (nameWords.Count < 3 || extra is < 1 or > 2)
        {
            return false;
        }

        for (var i = 0; i < nameWords.Count; i++)
        {
            if (!string.Equals(valueWords[extra + i], nameWords[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        var number = false;
        for (var i = 0; i < extra; i++)
        {
            var word = valueWords[i];
            var digits = word.Length > 0;
            foreach (var c in word)
            {
                digits &= char.IsDigit(c);
            }

            if (digits)
            {
                number = true;
            }
            else if (word.Length is 0 or > 3)
            {
                return false;
            }
        }

        return number;
    }

    /// <summary>
    /// A dotted name of two or more sections, each an identifier starting with a letter and at least one in Pascal case
    /// (<c>Switch.Microsoft.AspNetCore.Mvc.UsePasswordValue</c>, <c>Identity.Password.RequireDigit</c>): AppContext
    /// switches, option and namespace paths. Sections that mix case at random, as Base64 does, do not count.
    /// </summary>
    private static bool IsDottedName(string value)
    {
        if (value.IndexOf('.') < 0)
        {
            return false;
        }

        var sections = value.Split('.');
        var pascal = false;
        foreach (var section in sections)
        {
            if (section.Length == 0 || !char.IsLetter(section[0]))
            {
                return false;
            }

            foreach (var c in section)
            {
                if (!char.IsLetterOrDigit(c))
                {
                    return false;
                }
            }

            if (char.IsUpper(section[0]))
            {
                // Pascal words: every upper-case letter starts a word of at least two letters or an acronym run.
                pascal = true;
                if (!IsPascalWords(section))
                {
                    return false;
                }
            }
            else if (!IsAllLower(section))
            {
                return false;
            }
        }

        return pascal && sections.Length >= 2;
    }

    private static bool IsAllLower(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsLower(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether a Pascal-case section reads as words: three letters a word or more on average (a word starts at each
    /// lower-to-upper change: <c>AspNetCore</c>, <c>UsePasswordValue</c>) and no digit inside a word (<c>G8g</c>). Base64
    /// noise changes case every one or two characters.
    /// </summary>
    private static bool IsPascalWords(string section)
    {
        var words = 1;
        for (var i = 1; i < section.Length; i++)
        {
            if (char.IsUpper(section[i]) && char.IsLower(section[i - 1]))
            {
                words++;
            }

            if (char.IsLetter(section[i]) && char.IsDigit(section[i - 1]))
            {
                return false;
            }
        }

        return words * 3 <= section.Length;
    }

    /// <summary>
    /// A value that is public by definition: the nil and max GUIDs (all zeros, all <c>f</c>) and the RFC 4122 name-space
    /// GUIDs (DNS, URL, OID, X.500). Other GUIDs can be keys and stay reported.
    /// </summary>
    public static bool IsWellKnownPublicValue(string value)
    {
        var trimmed = value.Trim().Trim('{', '}', '(', ')');
        if (trimmed.Length != 36 || trimmed[8] != '-' || trimmed[13] != '-' || trimmed[18] != '-' || trimmed[23] != '-')
        {
            return false;
        }

        var hex = trimmed.Replace("-", string.Empty).ToLowerInvariant();
        foreach (var c in hex)
        {
            if (!(char.IsDigit(c) || c is >= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return IsOneRepeatedChar(hex)
               || hex is "6ba7b8109dad11d180b400c04fd430c8" or "6ba7b8119dad11d180b400c04fd430c8" or "6ba7b8129dad11d180b400c04fd430c8" or "6ba7b8149dad11d180b400c04fd430c8";
    }

    /// <summary>
    /// A composite format with its arguments filled in: constant arguments by their text, the others (null) as
    /// <see cref="Hole"/>; <c>{{</c> and <c>}}</c> unescaped. Null when the format is malformed.
    /// </summary>
    public static string? FillFormat(string format, List<string?> arguments)
    {
        var builder = new StringBuilder(format.Length);
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '{' && i + 1 < format.Length && format[i + 1] == '{')
            {
                builder.Append('{');
                i++;
            }
            else if (c == '}' && i + 1 < format.Length && format[i + 1] == '}')
            {
                builder.Append('}');
                i++;
            }
            else if (c == '{')
            {
                var close = format.IndexOf('}', i);
                if (close < 0)
                {
                    return null;
                }

                var item = format.Substring(i + 1, close - i - 1);
                var end = item.IndexOfAny(FormatItemEnd);
                if (!int.TryParse(end >= 0 ? item.Substring(0, end) : item, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
                    || index >= arguments.Count)
                {
                    return null;
                }

                if (arguments[index] is { } argument)
                {
                    builder.Append(argument);
                }
                else
                {
                    builder.Append(Hole);
                }

                i = close;
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static readonly char[] FormatItemEnd = { ',', ':' };

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

    /// <summary>Whether every server a connection string names is this machine (<see cref="CredentialStrings.ConnectsToLocalServer"/>).</summary>
    public static bool ConnectsToLocalServer(string text) => CredentialStrings.ConnectsToLocalServer(text);

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

    /// <summary>
    /// A connection string (<c>key=value;…</c>, two pairs or more) with a literal <c>Password</c>/<c>Pwd</c>/<c>AccountKey</c>
    /// that is a value (<see cref="IsLiteralPasswordValue"/>).
    /// </summary>
    public static bool HasConnectionStringPassword(string text)
    {
        if (text.IndexOf('=') < 0 || !MentionsPasswordKey(text))
        {
            return false;
        }

        var entries = CredentialStrings.ParseConnectionString(text);
        var pairs = 0;
        var found = false;
        string? user = null;
        var userRead = false;
        foreach (var entry in entries)
        {
            if (entry.Key.IndexOf(Hole) >= 0)
            {
                continue;
            }

            pairs++;
            if (CredentialStrings.PasswordKeys.Contains(entry.Key))
            {
                if (!userRead)
                {
                    user = CredentialStrings.ValueOf(entries, CredentialStrings.UserKeys);
                    userRead = true;
                }

                found |= IsLiteralPasswordValue(entry.Key, entry.Value, user);
            }
        }

        return found && pairs >= 2;
    }

    /// <summary>
    /// A <c>password=…</c> pair in text that is not a connection string (those are read by
    /// <see cref="HasConnectionStringPassword"/>) — a query string, a form body, a single <c>"pwd=…"</c> literal — whose value
    /// is a literal password (<see cref="IsLiteralPasswordValue"/>).
    /// </summary>
    public static bool HasPasswordPair(string text)
    {
        if (text.IndexOf('=') < 0 || !MentionsPasswordKey(text))
        {
            return false;
        }

        var pairs = CredentialStrings.FindPairs(text, CredentialStrings.PasswordKeys);
        if (pairs.Count == 0)
        {
            return false;
        }

        string? user = null;
        var users = CredentialStrings.FindPairs(text, CredentialStrings.UserKeys);
        if (users.Count > 0)
        {
            user = users[0].Value;
        }

        foreach (var pair in pairs)
        {
            if (IsLiteralPasswordValue(pair.Key, pair.Value, user))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a password written in a string is a value: not empty or a hole, not a placeholder (<see cref="IsPlaceholder"/>),
    /// not a parameter reference (<c>Password=@p</c>, <c>:pwd</c>, <c>?</c>, <c>$1</c>), and not a repetition of its own
    /// key (<c>Password=password</c>) or of the user name of the same string (<c>User Id=app;Password=app</c>).
    /// </summary>
    public static bool IsLiteralPasswordValue(string key, string value, string? user)
    {
        var trimmed = value.Trim().Trim('"', '\'');
        if (trimmed.Length == 0 || trimmed.IndexOf(Hole) >= 0 || IsPlaceholder(trimmed) || CredentialStrings.IsParameterReference(trimmed))
        {
            return false;
        }

        var normalized = Normalize(trimmed);
        return normalized.Length > 0 && normalized != Normalize(key) && (user is null || normalized != Normalize(user.Trim().Trim('"', '\'')));
    }

    /// <summary>Whether the text has a password key or a URL user-info separator: where a credential written in parts starts.</summary>
    public static bool MentionsCredentialMarker(string text)
        => (text.IndexOf('=') >= 0 && MentionsPasswordKey(text)) || (text.IndexOf('@') >= 0 && text.IndexOf(':') >= 0);

    /// <summary>Whether one of <see cref="CredentialStrings.PasswordKeys"/> occurs anywhere (a key can only equal one if it does).</summary>
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

    /// <summary>
    /// A URL with a literal password in its user-info: <c>scheme://user:password@host</c>, where the password is not a
    /// placeholder, a parameter reference or the user name again.
    /// </summary>
    public static bool HasUrlCredentials(string text)
    {
        foreach (var userInfo in CredentialStrings.FindUrlUserInfo(text))
        {
            if (userInfo.Password is { Length: > 0 } password && IsLiteralPasswordValue("password", Uri.UnescapeDataString(password), Uri.UnescapeDataString(userInfo.User)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What kind of well-known credential the text embeds (PEM private key, provider token formats), or null.</summary>
    public static string? KnownCredentialKind(string text)
    {
        // PEM headers and Slack prefixes contain '-', GitHub and Stripe prefixes '_': look for those only when present.
        var dash = text.IndexOf('-') >= 0;
        var underscore = text.IndexOf('_') >= 0;
        if (dash && text.IndexOf("-----BEGIN", StringComparison.Ordinal) >= 0 && HasPemBody(text, text.IndexOf("PRIVATE KEY-----", StringComparison.Ordinal)))
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

        if (HasPasswordPair(text) && CredentialStrings.ParseConnectionString(text).Count < 2)
        {
            return "The password in this string";
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

    /// <summary>
    /// Whether key material follows a PEM header: 16 Base64 characters or more. A header or footer alone
    /// (<c>"-----BEGIN PRIVATE KEY-----"</c>, a format marker that code searches for) is not a key.
    /// </summary>
    private static bool HasPemBody(string text, int header)
    {
        if (header < 0)
        {
            return false;
        }

        var count = 0;
        for (var i = header + "PRIVATE KEY-----".Length; i < text.Length && count < 16; i++)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c) || c is '+' or '/' or '=')
            {
                count++;
            }
            else if (c == '-' || c == Hole)
            {
                break;
            }
        }

        return count >= 16;
    }

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
