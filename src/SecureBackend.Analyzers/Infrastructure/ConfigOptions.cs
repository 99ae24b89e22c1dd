using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SecureBackend.Analyzers.Infrastructure;

/// <summary>
/// Reads SecureBackend options from <c>.editorconfig</c> / <c>.globalconfig</c>. Keys are case-insensitive and
/// start with <c>securebackend.</c>, e.g. <c>securebackend.SB1001.additional_sinks = M:MyApp.Db.Run(System.String)</c>.
/// The file-specific value wins over the global one.
/// </summary>
public static class ConfigOptions
{
    public const string Prefix = "securebackend.";

    private static readonly char[] Separators = { ',', ';' };

    public static string? GetString(this AnalyzerOptions options, SyntaxTree tree, string key)
    {
        var provider = options.AnalyzerConfigOptionsProvider;
        if (provider.GetOptions(tree).TryGetValue(key, out var value) || provider.GlobalOptions.TryGetValue(key, out value))
        {
            return value;
        }

        return null;
    }

    public static bool GetBool(this AnalyzerOptions options, SyntaxTree tree, string key, bool defaultValue = false)
    {
        var value = options.GetString(tree, key);
        return value is not null && bool.TryParse(value.Trim(), out var parsed) ? parsed : defaultValue;
    }

    public static int GetInt(this AnalyzerOptions options, SyntaxTree tree, string key, int defaultValue)
    {
        var value = options.GetString(tree, key);
        return value is not null && int.TryParse(value.Trim(), out var parsed) ? parsed : defaultValue;
    }

    /// <summary>A comma- or semicolon-separated list, trimmed, empty entries dropped.</summary>
    public static ImmutableArray<string> GetList(this AnalyzerOptions options, SyntaxTree tree, string key)
        => ParseList(options.GetString(tree, key));

    /// <summary>Global-only variant, for options read once at compilation start.</summary>
    public static ImmutableArray<string> GetGlobalList(this AnalyzerOptions options, string key)
        => ParseList(options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(key, out var value) ? value : null);

    public static ImmutableArray<string> ParseList(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return ImmutableArray<string>.Empty;
        }

        var builder = ImmutableArray.CreateBuilder<string>();
        foreach (var part in value!.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            var trimmed = part.Trim();
            if (trimmed.Length > 0)
            {
                builder.Add(trimmed);
            }
        }

        return builder.ToImmutable();
    }
}
