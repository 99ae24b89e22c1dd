using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SecureBackend.Analyzers.Infrastructure;

/// <summary>
/// The identifier-like words of a compilation's source files, for a bail-out at compilation start: a rule whose every
/// report needs a call, a member access or a type written out in the source registers nothing when none of those names
/// occurs in any file. It complements the type lookups of <c>IsRelevant</c>: the reference packs define every API of
/// the framework, so whether a type resolves says nothing about whether the code uses it.
/// </summary>
/// <remarks>
/// The words are read from the text, comments and string literals included, so the set is a superset of the
/// identifiers; Unicode escapes (<c>\u0041</c>) are decoded and formatting characters skipped as the compiler does, so
/// an identifier matches however it is spelled. A name is asked for by its exact spelling (the compiler binds names
/// ordinally). Files are read lazily, one at a time, until a name asked for is found, so a compilation that uses a
/// rule's APIs pays for a few files and one that uses none for one pass over its text; each file is read at most once.
/// </remarks>
internal sealed class SourceWords
{
    private static readonly PerCompilation<SourceWords> Cache = new((compilation, _) => new SourceWords(compilation));

    private readonly ImmutableArray<SyntaxTree> _trees;
    private readonly WordTable _words = new();
    private readonly char[] _chunk = new char[4096];
    private int _nextTree;

    private SourceWords(Compilation compilation) => _trees = ImmutableArray.CreateRange(compilation.SyntaxTrees);

    public static SourceWords Get(Compilation compilation, CancellationToken cancellationToken)
        => Cache.Get(compilation, cancellationToken);

    /// <summary>
    /// Whether any of <paramref name="names"/> is written anywhere in the compilation's source: false means that no
    /// call, member access or type name spelled with them occurs, so a rule that needs one can register nothing.
    /// </summary>
    public static bool AnyWritten(Compilation compilation, ImmutableArray<string> names, CancellationToken cancellationToken)
        => Get(compilation, cancellationToken).ContainsAny(names, cancellationToken);

    /// <summary>Whether any of <paramref name="names"/> is written anywhere in the compilation's source.</summary>
    public bool ContainsAny(ImmutableArray<string> names, CancellationToken cancellationToken)
    {
        lock (_words)
        {
            while (true)
            {
                foreach (var name in names)
                {
                    if (_words.Contains(name))
                    {
                        return true;
                    }
                }

                if (_nextTree >= _trees.Length)
                {
                    return false;
                }

                cancellationToken.ThrowIfCancellationRequested();
                Read(_trees[_nextTree].GetText(cancellationToken));
                _nextTree++;
            }
        }
    }

    private void Read(SourceText text)
    {
        var word = new WordBuilder();
        var length = text.Length;
        var skip = 0;
        for (var start = 0; start < length; start += _chunk.Length)
        {
            var count = System.Math.Min(_chunk.Length, length - start);
            text.CopyTo(start, _chunk, 0, count);
            for (var i = 0; i < count; i++)
            {
                if (skip > 0)
                {
                    skip--;
                    continue;
                }

                var c = _chunk[i];
                if (c == '\\' && TryDecodeEscape(text, start + i, out var decoded, out var escapeLength))
                {
                    // The escaped character counts as written: inside a word it belongs to it.
                    c = decoded;
                    skip = escapeLength - 1;
                }

                AddChar(ref word, c);
            }
        }

        EndWord(ref word);
    }

    private void AddChar(ref WordBuilder word, char c)
    {
        if (c < 128)
        {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')
            {
                word.Append(c);
            }
            else
            {
                EndWord(ref word);
            }

            return;
        }

        switch (CharUnicodeInfo.GetUnicodeCategory(c))
        {
            case UnicodeCategory.Format:
                return; // ignored inside identifiers by the compiler
            case UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                or UnicodeCategory.Surrogate:
                word.Append(c);
                return;
            default:
                EndWord(ref word);
                return;
        }
    }

    private void EndWord(ref WordBuilder word)
    {
        if (word.Length > 0)
        {
            _words.Add(word.Buffer, word.Length, word.Hash);
            word.Clear();
        }
    }

    /// <summary>A <c>\uXXXX</c> or <c>\UXXXXXXXX</c> escape at <paramref name="position"/> (BMP characters only; others are left as they are).</summary>
    private static bool TryDecodeEscape(SourceText text, int position, out char decoded, out int length)
    {
        decoded = '\0';
        length = 0;
        if (position + 1 >= text.Length || text[position + 1] is not ('u' or 'U'))
        {
            return false;
        }

        var digits = text[position + 1] == 'u' ? 4 : 8;
        if (position + 1 + digits >= text.Length)
        {
            return false;
        }

        var value = 0;
        for (var i = 0; i < digits; i++)
        {
            var h = text[position + 2 + i];
            int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
            if (d < 0)
            {
                return false;
            }

            value = (value << 4) | d;
        }

        if (value > 0xFFFF)
        {
            return false;
        }

        decoded = (char)value;
        length = 2 + digits;
        return true;
    }

    private struct WordBuilder
    {
        public char[] Buffer;
        public int Length;
        public int Hash;

        public void Append(char c)
        {
            Buffer ??= new char[64];
            if (Length == Buffer.Length)
            {
                System.Array.Resize(ref Buffer, Buffer.Length * 2);
            }

            Buffer[Length++] = c;
            Hash = WordTable.Step(Length == 1 ? WordTable.Seed : Hash, c);
        }

        public void Clear()
        {
            Length = 0;
            Hash = 0;
        }
    }

    /// <summary>A set of strings looked up by characters, so that a word seen again allocates nothing.</summary>
    private sealed class WordTable
    {
        public const int Seed = unchecked((int)2166136261);

        private string?[] _keys = new string?[1024];
        private int[] _hashes = new int[1024];
        private int _count;

        public static int Step(int hash, char c) => unchecked((hash ^ c) * 16777619);

        public bool Contains(string name)
        {
            var hash = Seed;
            foreach (var c in name)
            {
                hash = Step(hash, c);
            }

            var mask = _keys.Length - 1;
            for (var slot = hash & mask; ; slot = (slot + 1) & mask)
            {
                var key = _keys[slot];
                if (key is null)
                {
                    return false;
                }

                if (_hashes[slot] == hash && key == name)
                {
                    return true;
                }
            }
        }

        public void Add(char[] buffer, int length, int hash)
        {
            var mask = _keys.Length - 1;
            var slot = hash & mask;
            for (; ; slot = (slot + 1) & mask)
            {
                var key = _keys[slot];
                if (key is null)
                {
                    break;
                }

                if (_hashes[slot] == hash && Equals(key, buffer, length))
                {
                    return;
                }
            }

            _keys[slot] = new string(buffer, 0, length);
            _hashes[slot] = hash;
            if (++_count * 2 > _keys.Length)
            {
                Grow();
            }
        }

        private static bool Equals(string key, char[] buffer, int length)
        {
            if (key.Length != length)
            {
                return false;
            }

            for (var i = 0; i < length; i++)
            {
                if (key[i] != buffer[i])
                {
                    return false;
                }
            }

            return true;
        }

        private void Grow()
        {
            var keys = _keys;
            var hashes = _hashes;
            _keys = new string?[keys.Length * 2];
            _hashes = new int[keys.Length * 2];
            var mask = _keys.Length - 1;
            for (var i = 0; i < keys.Length; i++)
            {
                if (keys[i] is { } key)
                {
                    var slot = hashes[i] & mask;
                    while (_keys[slot] is not null)
                    {
                        slot = (slot + 1) & mask;
                    }

                    _keys[slot] = key;
                    _hashes[slot] = hashes[i];
                }
            }
        }
    }
}
