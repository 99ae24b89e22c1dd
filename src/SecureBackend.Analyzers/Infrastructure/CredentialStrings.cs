using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace SecureBackend.Analyzers.Infrastructure;

/// <summary>One <c>key=value</c> pair of a connection string or key-value text, with the value as written (trimmed).</summary>
internal readonly struct KeyValueEntry
{
    public KeyValueEntry(string key, string value)
    {
        Key = key;
        Value = value;
    }

    public string Key { get; }

    public string Value { get; }
}

/// <summary>The user-info of a URL: <c>scheme://user:password@host</c>.</summary>
internal readonly struct UrlUserInfo
{
    public UrlUserInfo(string user, string? password)
    {
        User = user;
        Password = password;
    }

    public string User { get; }

    /// <summary>Null when the user-info has no <c>:</c>.</summary>
    public string? Password { get; }
}

/// <summary>
/// String shapes that carry credentials, for any rule that reads string constants: connection strings
/// (<c>Server=…;User Id=…;Password=…</c>, quoted values with <c>;</c> kept together), key-value text
/// (<c>user=…&amp;password=…</c>) and URL user-info. Pure text functions: the caller decides what a value means.
/// </summary>
internal static class CredentialStrings
{
    /// <summary>Keys whose value is a password or account key in ADO.NET, Npgsql, MySQL, Azure Storage and Service Bus connection strings.</summary>
    public static readonly ImmutableHashSet<string> PasswordKeys = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase, "password", "pwd", "passwd", "accountkey", "sharedaccesskey", "user password");

    /// <summary>Keys naming the account a password belongs to.</summary>
    public static readonly ImmutableHashSet<string> UserKeys = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase, "user id", "userid", "uid", "user", "username", "user name", "login", "accountname", "sharedaccesskeyname");

    /// <summary>The <c>key=value</c> segments of a connection string, split on <c>;</c> outside quoted values.</summary>
    public static List<KeyValueEntry> ParseConnectionString(string text)
    {
        var entries = new List<KeyValueEntry>();
        foreach (var segment in SplitSegments(text))
        {
            var equals = segment.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }

            var key = segment.Substring(0, equals).Trim();
            if (key.Length > 0)
            {
                entries.Add(new KeyValueEntry(key, segment.Substring(equals + 1).Trim()));
            }
        }

        return entries;
    }

    /// <summary>
    /// The value of the first entry whose key is in <paramref name="keys"/>, or null: used to compare a password with
    /// the user name of the same string.
    /// </summary>
    public static string? ValueOf(List<KeyValueEntry> entries, ImmutableHashSet<string> keys)
    {
        foreach (var entry in entries)
        {
            if (keys.Contains(entry.Key))
            {
                return entry.Value;
            }
        }

        return null;
    }

    /// <summary>
    /// The <c>key=value</c> pairs anywhere in free text whose key is in <paramref name="keys"/>: the key starts the text
    /// or follows <c>;</c>, <c>&amp;</c>, <c>?</c>, <c>,</c>, a quote or whitespace; the value ends at the next such
    /// delimiter (<c>password=s3cret</c>, <c>?user=bob&amp;pwd=s3cret</c>).
    /// </summary>
    public static List<KeyValueEntry> FindPairs(string text, ImmutableHashSet<string> keys)
    {
        var pairs = new List<KeyValueEntry>();
        for (var equals = text.IndexOf('='); equals > 0; equals = equals + 1 < text.Length ? text.IndexOf('=', equals + 1) : -1)
        {
            var keyEnd = equals;
            while (keyEnd > 0 && text[keyEnd - 1] == ' ')
            {
                keyEnd--;
            }

            var keyStart = keyEnd;
            while (keyStart > 0 && !IsPairDelimiter(text[keyStart - 1]))
            {
                keyStart--;
            }

            if (keyStart == keyEnd || !keys.Contains(text.Substring(keyStart, keyEnd - keyStart)))
            {
                continue;
            }

            var valueStart = equals + 1;
            while (valueStart < text.Length && text[valueStart] == ' ')
            {
                valueStart++;
            }

            var valueEnd = valueStart;
            while (valueEnd < text.Length && !IsPairDelimiter(text[valueEnd]))
            {
                valueEnd++;
            }

            pairs.Add(new KeyValueEntry(text.Substring(keyStart, keyEnd - keyStart), text.Substring(valueStart, valueEnd - valueStart)));
        }

        return pairs;
    }

    private static bool IsPairDelimiter(char c) => c is ';' or '&' or '?' or ',' or '"' or '\'' or '=' || char.IsWhiteSpace(c);

    /// <summary>
    /// The user-info of every <c>scheme://user[:password]@host</c> in the text (a scheme of at least two characters;
    /// the authority ends at <c>/ ? # ; ,</c>, a quote or whitespace).
    /// </summary>
    public static List<UrlUserInfo> FindUrlUserInfo(string text)
    {
        var found = new List<UrlUserInfo>();
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
                    found.Add(colon >= 0
                        ? new UrlUserInfo(userInfo.Substring(0, colon), userInfo.Substring(colon + 1))
                        : new UrlUserInfo(userInfo, null));
                }
            }

            index = end < text.Length ? text.IndexOf("://", end, StringComparison.Ordinal) : -1;
        }

        return found;
    }

    /// <summary>
    /// Whether every server a connection string names is this machine: <c>localhost</c>, <c>127.0.0.1</c>, <c>::1</c>,
    /// <c>.</c>, <c>(local)</c> or a LocalDB instance, with or without port, protocol prefix or instance name.
    /// </summary>
    public static bool ConnectsToLocalServer(string text) => ConnectionStrings.NamesOnlyLocalServers(ConnectionStrings.Parse(text));

    /// <summary>
    /// A parameter or variable reference standing where a value goes: <c>@password</c>, <c>:password</c>, <c>?</c>,
    /// <c>$1</c>, <c>$password</c>, <c>%s</c> — SQL, shell and printf placeholders, not values.
    /// </summary>
    public static bool IsParameterReference(string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        if (value == "?" || (value[0] == '?' && IsDigits(value.Substring(1))))
        {
            return true;
        }

        if (value.Length < 2 || value[0] is not ('@' or ':' or '$' or '%'))
        {
            return false;
        }

        for (var i = 1; i < value.Length; i++)
        {
            if (!(char.IsLetterOrDigit(value[i]) || value[i] == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDigits(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsDigit(c))
            {
                return false;
            }
        }

        return true;
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
}
