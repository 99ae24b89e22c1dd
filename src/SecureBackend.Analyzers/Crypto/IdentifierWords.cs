using System.Collections.Generic;

namespace SecureBackend.Analyzers.Crypto;

/// <summary>
/// Splits identifiers into lower-case words: <c>newPasswordText</c> → new, password, text; <c>PIN_CODE</c> → pin, code;
/// <c>userPwd2</c> → user, pwd, 2. Matching works on whole words, so <c>pin</c> never matches <c>spinner</c>.
/// </summary>
internal static class IdentifierWords
{
    public static List<string> Split(string identifier)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i < identifier.Length; i++)
        {
            var c = identifier[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush(identifier, ref start, i, words);
                continue;
            }

            if (start < 0)
            {
                start = i;
                continue;
            }

            var previous = identifier[i - 1];
            var boundary =
                (char.IsUpper(c) && char.IsLower(previous))
                || (char.IsDigit(c) != char.IsDigit(previous))
                || (char.IsUpper(c) && char.IsUpper(previous) && i + 1 < identifier.Length && char.IsLower(identifier[i + 1]));
            if (boundary)
            {
                Flush(identifier, ref start, i, words);
                start = i;
            }
        }

        Flush(identifier, ref start, identifier.Length, words);
        return words;
    }

    private static void Flush(string identifier, ref int start, int end, List<string> words)
    {
        if (start >= 0 && end > start)
        {
            words.Add(identifier.Substring(start, end - start).ToLowerInvariant());
        }

        start = -1;
    }
}
