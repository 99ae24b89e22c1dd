using Microsoft.CodeAnalysis.Text;

namespace SecureBackend.Analyzers.Infrastructure;

/// <summary>
/// A pre-filter for the few analyses that look at every file of a compilation once: whether a file's text mentions one
/// of some words (ASCII, compared case-insensitively), read in chunks so no file is copied whole.
/// </summary>
public static class SourceTextSearch
{
    private const int Chunk = 4096;

    /// <summary>Whether <paramref name="text"/> contains one of <paramref name="lowerCaseWords"/>, ignoring ASCII case.</summary>
    public static bool MentionsAny(SourceText text, string[] lowerCaseWords)
    {
        var longest = 0;
        foreach (var word in lowerCaseWords)
        {
            longest = System.Math.Max(longest, word.Length);
        }

        var buffer = new char[Chunk + longest];
        var length = text.Length;
        for (var start = 0; start < length; start += Chunk)
        {
            var count = System.Math.Min(buffer.Length, length - start);
            text.CopyTo(start, buffer, 0, count);
            for (var i = 0; i < count; i++)
            {
                var c = buffer[i];
                if (c is >= 'A' and <= 'Z')
                {
                    buffer[i] = (char)(c + 32);
                }
            }

            foreach (var word in lowerCaseWords)
            {
                if (Contains(buffer, count, word))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool Contains(char[] buffer, int count, string word)
    {
        for (var i = 0; i + word.Length <= count; i++)
        {
            if (buffer[i] != word[0])
            {
                continue;
            }

            var j = 1;
            while (j < word.Length && buffer[i + j] == word[j])
            {
                j++;
            }

            if (j == word.Length)
            {
                return true;
            }
        }

        return false;
    }
}
