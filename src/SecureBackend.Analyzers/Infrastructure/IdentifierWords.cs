using System.Collections.Generic;

namespace SecureBackend.Analyzers.Infrastructure;

/// <summary>
/// Splits identifiers and key strings into lower-case words on camel/Pascal case, acronyms, digits and separators:
/// <c>PasswordResetToken</c>, <c>password_reset_token</c>, <c>PASSWORD-RESET</c>, <c>JWTKey</c>, <c>Jwt:Key</c>,
/// <c>X-Hub-Signature-256</c>.
/// </summary>
internal static class IdentifierWords
{
    public static List<string> Split(string? text)
    {
        var words = new List<string>(4);
        if (string.IsNullOrEmpty(text))
        {
            return words;
        }

        var start = -1;
        for (var i = 0; i < text!.Length; i++)
        {
            var c = text[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush(text, ref start, i, words);
                continue;
            }

            if (start < 0)
            {
                start = i;
                continue;
            }

            var previous = text[i - 1];
            var boundary =
                (char.IsLower(previous) && char.IsUpper(c))
                || (char.IsDigit(previous) != char.IsDigit(c))
                || (char.IsUpper(previous) && char.IsUpper(c) && i + 1 < text.Length && char.IsLower(text[i + 1]));
            if (boundary)
            {
                Flush(text, ref start, i, words);
                start = i;
            }
        }

        Flush(text, ref start, text.Length, words);
        return words;
    }

    /// <summary>Whether the text has no case or separator boundaries (<c>apikey</c>, <c>DBPASSWORD</c>).</summary>
    public static bool IsSingleBlob(string text, List<string> words)
        => words.Count == 1 && words[0].Length == text.Length;

    private static void Flush(string text, ref int start, int end, List<string> words)
    {
        if (start >= 0 && end > start)
        {
            words.Add(text.Substring(start, end - start).ToLowerInvariant());
        }

        start = -1;
    }
}
