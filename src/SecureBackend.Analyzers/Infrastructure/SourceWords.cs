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
/// rule's APIs pays for a few files and one that uses none for one pass over its text; each file is read at most once,
/// for every name any rule asks. Only a 64-bit hash of each distinct word is kept, so reading allocates no string: two
/// words with the same hash make the answer "written" where it is not, which costs a registration, never a report.
/// </remarks>
internal sealed class SourceWords
{
    private const ulong Seed = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    private static readonly PerCompilation<SourceWords> Cache = new((compilation, _) => new SourceWords(compilation));

    /// <summary>Per ASCII character: 1 when it belongs to a word (letters, digits, underscore), 2 for a backslash.</summary>
    private static readonly byte[] AsciiKind = CreateAsciiKinds();

    private readonly ImmutableArray<SyntaxTree> _trees;
    private readonly HashTable _words = new();
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
        // The names' hashes once per question, not once per file read.
        var hashes = new ulong[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            hashes[i] = Hash(names[i]);
        }

        lock (_words)
        {
            while (true)
            {
                foreach (var hash in hashes)
                {
                    if (_words.Contains(hash))
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

    private static ulong Hash(string name)
    {
        var hash = Seed;
        foreach (var c in name)
        {
            hash = (hash ^ c) * Prime;
        }

        return hash;
    }

    private void Read(SourceText text)
    {
        var chunk = _chunk;
        var kinds = AsciiKind;
        var length = text.Length;
        var hash = Seed;
        var inWord = false;
        var skip = 0;
        for (var start = 0; start < length; start += chunk.Length)
        {
            var count = System.Math.Min(chunk.Length, length - start);
            text.CopyTo(start, chunk, 0, count);
            for (var i = 0; i < count; i++)
            {
                if (skip > 0)
                {
                    skip--;
                    continue;
                }

                var c = chunk[i];
                int kind;
                if (c < 128)
                {
                    kind = kinds[c];
                    if (kind == 2)
                    {
                        if (TryDecodeEscape(text, start + i, out var decoded, out var escapeLength))
                        {
                            // The escaped character counts as written: inside a word it belongs to it.
                            c = decoded;
                            skip = escapeLength - 1;
                            kind = c < 128 ? kinds[c] == 1 ? 1 : 0 : KindOf(c);
                        }
                        else
                        {
                            kind = 0;
                        }
                    }
                }
                else
                {
                    kind = KindOf(c);
                }

                if (kind == 1)
                {
                    hash = ((inWord ? hash : Seed) ^ c) * Prime;
                    inWord = true;
                }
                else if (kind == 0 && inWord)
                {
                    _words.Add(hash);
                    inWord = false;
                }

                // kind 3: a formatting character, ignored inside identifiers by the compiler.
            }
        }

        if (inWord)
        {
            _words.Add(hash);
        }
    }

    /// <summary>0: ends a word; 1: belongs to one; 3: ignored (formatting).</summary>
    private static int KindOf(char c)
    {
        switch (CharUnicodeInfo.GetUnicodeCategory(c))
        {
            case UnicodeCategory.Format:
                return 3;
            case UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                or UnicodeCategory.Surrogate:
                return 1;
            default:
                return 0;
        }
    }

    private static byte[] CreateAsciiKinds()
    {
        var kinds = new byte[128];
        for (var c = 0; c < 128; c++)
        {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')
            {
                kinds[c] = 1;
            }
        }

        kinds['\\'] = 2;
        return kinds;
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

    /// <summary>A set of 64-bit word hashes (open addressing; the value 0 marks an empty slot and is stored apart).</summary>
    private sealed class HashTable
    {
        private ulong[] _slots = new ulong[4096];
        private int _count;
        private bool _hasZero;

        public bool Contains(ulong hash)
        {
            if (hash == 0)
            {
                return _hasZero;
            }

            var slots = _slots;
            var mask = slots.Length - 1;
            for (var slot = Spread(hash) & mask; ; slot = (slot + 1) & mask)
            {
                var key = slots[slot];
                if (key == hash)
                {
                    return true;
                }

                if (key == 0)
                {
                    return false;
                }
            }
        }

        public void Add(ulong hash)
        {
            if (hash == 0)
            {
                _hasZero = true;
                return;
            }

            var slots = _slots;
            var mask = slots.Length - 1;
            for (var slot = Spread(hash) & mask; ; slot = (slot + 1) & mask)
            {
                var key = slots[slot];
                if (key == hash)
                {
                    return;
                }

                if (key == 0)
                {
                    slots[slot] = hash;
                    break;
                }
            }

            if (++_count * 2 > slots.Length)
            {
                Grow();
            }
        }

        private static int Spread(ulong hash) => (int)(hash ^ (hash >> 32));

        private void Grow()
        {
            var old = _slots;
            var slots = new ulong[old.Length * 2];
            var mask = slots.Length - 1;
            foreach (var key in old)
            {
                if (key != 0)
                {
                    var slot = Spread(key) & mask;
                    while (slots[slot] != 0)
                    {
                        slot = (slot + 1) & mask;
                    }

                    slots[slot] = key;
                }
            }

            _slots = slots;
        }
    }
}
