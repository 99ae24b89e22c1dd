using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SecureBackend.Analyzers.Infrastructure.Names;

/// <summary>
/// The one option scheme of every identifier vocabulary: a rule's profile is extended with
/// <c>securebackend.SBxxxx.names</c> and trimmed with <c>securebackend.SBxxxx.excluded_names</c>; older keys are read
/// as aliases of <c>names</c> (their words are added as well). A profile (<see cref="SecretNameMatcher"/>'s
/// RandomValues / HardCodedSecrets / Comparands, <see cref="PasswordNames"/>) supplies its defaults and how configured
/// words extend it; this class reads the options once and keeps one configured profile per distinct configuration.
/// </summary>
internal sealed class NameVocabulary<TProfile>
    where TProfile : class
{
    private readonly ConcurrentDictionary<string, TProfile> _byConfiguration = new(StringComparer.Ordinal);
    private readonly Func<ImmutableArray<string>, ImmutableArray<string>, TProfile> _configure;
    private readonly string _namesKey;
    private readonly string? _excludedKey;
    private readonly ImmutableArray<string> _aliasKeys;

    /// <param name="ruleId">The rule whose <c>names</c> / <c>excluded_names</c> keys configure the profile.</param>
    /// <param name="defaults">The profile when nothing is configured.</param>
    /// <param name="configure">The profile extended by the added words and trimmed by the excluded ones.</param>
    /// <param name="readsExcluded">Whether the rule reads <c>excluded_names</c>.</param>
    /// <param name="aliases">Older keys (after <c>securebackend.SBxxxx.</c>) read as aliases of <c>names</c>.</param>
    public NameVocabulary(
        string ruleId,
        TProfile defaults,
        Func<ImmutableArray<string>, ImmutableArray<string>, TProfile> configure,
        bool readsExcluded = true,
        params string[] aliases)
    {
        Defaults = defaults;
        _configure = configure;
        _namesKey = NamesKey(ruleId);
        _excludedKey = readsExcluded ? ConfigOptions.Prefix + ruleId + ".excluded_names" : null;
        var aliasKeys = ImmutableArray.CreateBuilder<string>(aliases.Length);
        foreach (var alias in aliases)
        {
            aliasKeys.Add(ConfigOptions.Prefix + ruleId + "." + alias);
        }

        _aliasKeys = aliasKeys.ToImmutable();
    }

    public TProfile Defaults { get; }

    /// <summary>The key that adds words to a rule's vocabulary.</summary>
    public static string NamesKey(string ruleId) => ConfigOptions.Prefix + ruleId + ".names";

    /// <summary>The profile in force for <paramref name="tree"/>.</summary>
    public TProfile Resolve(AnalyzerOptions options, SyntaxTree tree)
    {
        var added = options.GetList(tree, _namesKey);
        foreach (var alias in _aliasKeys)
        {
            added = added.AddRange(options.GetList(tree, alias));
        }

        var excluded = _excludedKey is null ? ImmutableArray<string>.Empty : options.GetList(tree, _excludedKey);
        if (added.IsEmpty && excluded.IsEmpty)
        {
            return Defaults;
        }

        return _byConfiguration.GetOrAdd(
            string.Join(",", added) + "|" + string.Join(",", excluded),
            _ => _configure(added, excluded));
    }
}

/// <summary>
/// Per-compilation cache of a <see cref="NameVocabulary{TProfile}"/>'s profile for each syntax tree (callbacks arrive
/// tree by tree, so the last answer is checked first).
/// </summary>
internal class TreeNameVocabulary<TProfile>
    where TProfile : class
{
    private readonly ConcurrentDictionary<SyntaxTree, TProfile> _byTree = new();
    private readonly NameVocabulary<TProfile> _vocabulary;
    private TreeProfile? _last;

    public TreeNameVocabulary(NameVocabulary<TProfile> vocabulary)
    {
        _vocabulary = vocabulary;
    }

    public TProfile For(AnalyzerOptions options, SyntaxTree tree)
    {
        var last = Volatile.Read(ref _last);
        if (last is not null && last.Tree == tree)
        {
            return last.Profile;
        }

        if (!_byTree.TryGetValue(tree, out var profile))
        {
            profile = _byTree.GetOrAdd(tree, _vocabulary.Resolve(options, tree));
        }

        Volatile.Write(ref _last, new TreeProfile(tree, profile));
        return profile;
    }

    private sealed class TreeProfile
    {
        public TreeProfile(SyntaxTree tree, TProfile profile)
        {
            Tree = tree;
            Profile = profile;
        }

        public SyntaxTree Tree { get; }

        public TProfile Profile { get; }
    }
}

/// <summary>Phrases of a profile, as word arrays matched against the words of an identifier (<see cref="IdentifierWords"/>).</summary>
internal static class NamePhrases
{
    private static readonly char[] Space = { ' ' };

    /// <summary>Space-separated phrases (<c>api key</c>) as word arrays.</summary>
    public static ImmutableArray<string[]> Parse(IEnumerable<string> phrases)
    {
        var builder = ImmutableArray.CreateBuilder<string[]>();
        foreach (var phrase in phrases)
        {
            var words = phrase.Split(Space, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length > 0)
            {
                builder.Add(words);
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>Whether <c>words[0..end)</c> ends with <paramref name="phrase"/>; with <paramref name="allowPlural"/>
    /// its last word may also be plural (<c>tokens</c>, <c>resetCodes</c>: collections of secrets are secrets too).</summary>
    public static bool EndsWith(List<string> words, int end, string[] phrase, bool allowPlural)
    {
        if (phrase.Length == 0 || phrase.Length > end)
        {
            return false;
        }

        var offset = end - phrase.Length;
        for (var i = 0; i < phrase.Length; i++)
        {
            var word = words[offset + i];
            if (!string.Equals(word, phrase[i], StringComparison.Ordinal)
                && !(allowPlural && i == phrase.Length - 1 && IsPlural(word, phrase[i])))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPlural(string word, string singular)
        => word.Length == singular.Length + 1 && word[word.Length - 1] == 's' && word.StartsWith(singular, StringComparison.Ordinal);
}
