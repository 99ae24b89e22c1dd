using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace SecureBackend.Analyzers.Infrastructure.Names;

/// <summary>
/// A name profile given as data and matched by phrase (<see cref="NamePhrases"/>): read from its last word back, a name
/// matches when one of the phrases ends before any word that is not a carrier (a word that may follow the phrase and
/// still name the same value: <c>passwordText</c>, <c>pinCode</c>, <c>pwd2</c>), and no derived word stands right
/// before the phrase (<c>hashedPassword</c>, <c>storedPassword</c>). A word that ends with a compound head
/// (<c>userpassword</c>) is a one-word phrase too, unless it starts with an excluded start (<c>hashpassword</c>). The
/// extended form (for method names: <c>ComputePasswordHash</c>) also lets the extended carriers follow and does not
/// check derived words. Fragments are a cheap pre-filter: every phrase word contains one, ignoring case.
/// </summary>
internal sealed class PhraseProfile
{
    private readonly ImmutableArray<string[]> _phrases;
    private readonly ImmutableArray<string> _fragments;
    private readonly ImmutableHashSet<string> _carriers;
    private readonly ImmutableHashSet<string> _extendedCarriers;
    private readonly ImmutableHashSet<string> _derivedWords;
    private readonly ImmutableArray<string> _compoundHeads;
    private readonly ImmutableArray<string> _compoundExcludedStarts;
    private readonly int _minLength;

    public PhraseProfile(
        ImmutableArray<string[]> phrases,
        ImmutableArray<string> fragments,
        ImmutableHashSet<string> carriers,
        ImmutableHashSet<string> extendedCarriers,
        ImmutableHashSet<string> derivedWords,
        ImmutableArray<string> compoundHeads,
        ImmutableArray<string> compoundExcludedStarts,
        int minLength)
    {
        _phrases = phrases;
        _fragments = fragments;
        _carriers = carriers;
        _extendedCarriers = extendedCarriers;
        _derivedWords = derivedWords;
        _compoundHeads = compoundHeads;
        _compoundExcludedStarts = compoundExcludedStarts;
        _minLength = minLength;
    }

    /// <summary>This profile with more one-word phrases (lower-cased as given, not split), each also a fragment.</summary>
    public PhraseProfile WithWords(ImmutableArray<string> words)
    {
        var phrases = _phrases.ToBuilder();
        var fragments = _fragments.ToBuilder();
        foreach (var word in words)
        {
            var lower = word.ToLowerInvariant();
            phrases.Add(new[] { lower });
            fragments.Add(lower);
        }

        return new PhraseProfile(phrases.ToImmutable(), fragments.ToImmutable(), _carriers, _extendedCarriers, _derivedWords, _compoundHeads, _compoundExcludedStarts, _minLength);
    }

    /// <summary>Whether <paramref name="name"/> matches; <paramref name="extended"/> for the extended form (method names).</summary>
    public bool Matches(string name, bool extended)
    {
        if (name.Length < _minLength || !MayContainPhrase(name))
        {
            return false;
        }

        var words = IdentifierWords.Split(name);
        for (var end = words.Count; end > 0; end--)
        {
            var start = PhraseStart(words, end);
            if (start >= 0)
            {
                return extended || start == 0 || !_derivedWords.Contains(words[start - 1]);
            }

            var word = words[end - 1];
            if (!_carriers.Contains(word) && !IsNumber(word) && !(extended && _extendedCarriers.Contains(word)))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>The start of a phrase (or compound word) that ends at <paramref name="end"/>, or -1.</summary>
    private int PhraseStart(List<string> words, int end)
    {
        foreach (var phrase in _phrases)
        {
            if (NamePhrases.EndsWith(words, end, phrase, allowPlural: false))
            {
                return end - phrase.Length;
            }
        }

        var word = words[end - 1];
        foreach (var head in _compoundHeads)
        {
            if (word.Length > head.Length && word.EndsWith(head, StringComparison.Ordinal) && !StartsWithAny(word, _compoundExcludedStarts))
            {
                return end - 1;
            }
        }

        return -1;
    }

    private static bool StartsWithAny(string word, ImmutableArray<string> starts)
    {
        foreach (var start in starts)
        {
            if (word.StartsWith(start, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A cheap necessary condition, checked before the name is split into words: a phrase word is a lower-cased part of
    /// the name, so the name contains one of the fragments ignoring case. Names with non-ASCII letters, whose
    /// lower-casing can differ, always go on.
    /// </summary>
    private bool MayContainPhrase(string name)
    {
        foreach (var c in name)
        {
            if (c > 127)
            {
                return true;
            }
        }

        foreach (var fragment in _fragments)
        {
            if (name.IndexOf(fragment, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNumber(string word)
    {
        foreach (var c in word)
        {
            if (!char.IsDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
