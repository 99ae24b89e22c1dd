using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace SecureBackend.Analyzers.Infrastructure;

/// <summary>One <c>key=value</c> segment of a connection string, with its position in the text it was read from.</summary>
public readonly struct ConnectionStringPair
{
    public ConnectionStringPair(string key, string value, int start, int end)
    {
        Key = key;
        Value = value;
        Start = start;
        End = end;
    }

    /// <summary>The key, trimmed, with inner spaces kept (<c>Trust Server Certificate</c>).</summary>
    public string Key { get; }

    /// <summary>The value, trimmed and unquoted.</summary>
    public string Value { get; }

    /// <summary>Index of the segment's first character (after the separator and leading white space).</summary>
    public int Start { get; }

    /// <summary>Index just past the segment's value (before the next separator).</summary>
    public int End { get; }
}

/// <summary>
/// Reads ADO.NET-style connection strings (<c>Server=db;Database=shop;Encrypt=True</c>): their segments, the servers
/// they name and whether those are this machine. Keys compare case-insensitively and without inner spaces, as the
/// providers compare them (<c>TrustServerCertificate</c> = <c>Trust Server Certificate</c>).
/// A character <see cref="Unknown"/> stands for a part of the text not known at compile time (an interpolation hole).
/// </summary>
public static class ConnectionStrings
{
    /// <summary>Stands for text not known at compile time; a value containing it is never local nor constant.</summary>
    public const char Unknown = '\u0001';

    private static readonly ImmutableHashSet<string> ServerKeys = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase, "server", "datasource", "host", "hostname", "address", "addr", "networkaddress");

    private static readonly ImmutableHashSet<string> DatabaseKeys = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase, "database", "initialcatalog");

    private static readonly char[] HostEnd = { ':', '\\', '/' };

    /// <summary>The segments of <paramref name="text"/> that have a key and an <c>=</c> (values in double quotes may contain <c>;</c>).</summary>
    public static List<ConnectionStringPair> Parse(string text)
    {
        var pairs = new List<ConnectionStringPair>(8);
        var position = 0;
        while (position < text.Length)
        {
            var start = position;
            var end = start;
            var quoted = false;
            while (end < text.Length && (quoted || text[end] != ';'))
            {
                if (text[end] == '"')
                {
                    quoted = !quoted;
                }

                end++;
            }

            var equals = text.IndexOf('=', start, end - start);
            if (equals > start)
            {
                var keyStart = start;
                while (keyStart < equals && char.IsWhiteSpace(text[keyStart]))
                {
                    keyStart++;
                }

                var valueEnd = end;
                while (valueEnd > equals + 1 && char.IsWhiteSpace(text[valueEnd - 1]))
                {
                    valueEnd--;
                }

                var key = text.Substring(keyStart, equals - keyStart).Trim();
                var value = text.Substring(equals + 1, valueEnd - equals - 1).Trim().Trim('"', '\'');
                if (key.Length > 0)
                {
                    pairs.Add(new ConnectionStringPair(key, value, keyStart, valueEnd));
                }
            }

            position = end + 1;
        }

        return pairs;
    }

    /// <summary>Whether <paramref name="key"/> is <paramref name="expected"/> ignoring case and spaces (<c>Trust Server Certificate</c>).</summary>
    public static bool KeyIs(string key, string expected)
    {
        var j = 0;
        foreach (var c in key)
        {
            if (c == ' ')
            {
                continue;
            }

            if (j >= expected.Length || char.ToUpperInvariant(c) != char.ToUpperInvariant(expected[j]))
            {
                return false;
            }

            j++;
        }

        return j == expected.Length;
    }

    /// <summary>Whether the key names the server (<c>Server</c>, <c>Data Source</c>, <c>Host</c>, <c>Address</c> …).</summary>
    public static bool IsServerKey(string key) => ServerKeys.Contains(key.Replace(" ", string.Empty));

    /// <summary>Whether the key names the database (<c>Database</c>, <c>Initial Catalog</c>).</summary>
    public static bool IsDatabaseKey(string key) => DatabaseKeys.Contains(key.Replace(" ", string.Empty));

    /// <summary>Whether the pairs name a server or a database: the text is a connection string, not some other settings list.</summary>
    public static bool NamesServerOrDatabase(List<ConnectionStringPair> pairs)
    {
        foreach (var pair in pairs)
        {
            if (IsServerKey(pair.Key) || IsDatabaseKey(pair.Key))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>true</c> or <c>yes</c>, the spellings the providers accept for a switched-on flag.</summary>
    public static bool IsTrue(string value) => value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("yes", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether every server the pairs name is this machine (<c>localhost</c>, <c>127.0.0.1</c>, <c>::1</c>, <c>.</c>,
    /// <c>(local)</c>, a LocalDB instance; with port, protocol prefix or instance name). False when no server is named
    /// or a server is not known at compile time.
    /// </summary>
    public static bool NamesOnlyLocalServers(List<ConnectionStringPair> pairs)
    {
        var servers = 0;
        foreach (var pair in pairs)
        {
            if (!IsServerKey(pair.Key))
            {
                continue;
            }

            foreach (var host in pair.Value.Split(','))
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

    /// <summary>Whether a server or host name is this machine (see <see cref="NamesOnlyLocalServers"/>).</summary>
    public static bool IsLocalHost(string name)
    {
        if (name.IndexOf(Unknown) >= 0)
        {
            return false;
        }

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
}
