using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using SecureBackend.Analyzers;
using SecureBackend.Benchmarks.Corpus;
using K = SecureBackend.Benchmarks.Corpus.VulnerabilityKind;

namespace SecureBackend.Benchmarks;

/// <summary>
/// Matches reported diagnostics with seeded vulnerabilities. A diagnostic finds a seed when it starts on one of the
/// seed's lines and its rule is not known to be about another kind (rules of all three sets are mapped where their
/// meaning is clear; an unmapped rule counts by location alone).
/// </summary>
internal static class Findings
{
    private static readonly Dictionary<string, K[]> KindsById = new(StringComparer.Ordinal)
    {
        [RuleIds.SqlFromStrings] = new[] { K.SqlInjection },
        [RuleIds.BrokenHashAlgorithm] = new[] { K.BrokenHash },
        [RuleIds.PasswordFastHash] = new[] { K.PasswordFastHash },
        [RuleIds.WeakKeyDerivation] = new[] { K.WeakKeyDerivation },
        [RuleIds.InsecureRandomness] = new[] { K.InsecureRandomness },
        [RuleIds.HardCodedSecret] = new[] { K.HardCodedSecret },
        [RuleIds.NonConstantTimeComparison] = new[] { K.NonConstantTimeComparison },
        [RuleIds.TokenValidationDisabled] = new[] { K.TokenValidationDisabled },
        [RuleIds.MissingAntiforgery] = new[] { K.MissingAntiforgery },
        [RuleIds.AntiforgeryDisabled] = new[] { K.AntiforgeryDisabled },
        [RuleIds.InsecureCookie] = new[] { K.InsecureCookie },
        [RuleIds.PermissiveCors] = new[] { K.PermissiveCors },
        [RuleIds.OpenRedirect] = new[] { K.OpenRedirect },
        [RuleIds.MissingHttpsRedirection] = new[] { K.MissingHttpsRedirection },
        [RuleIds.MissingHsts] = new[] { K.MissingHsts },
        [RuleIds.CertificateValidationDisabled] = new[] { K.CertificateValidationDisabled },
        [RuleIds.ObsoleteTls] = new[] { K.ObsoleteTls },
        [RuleIds.CleartextProtocol] = new[] { K.CleartextProtocol },

        // Security Code Scan
        ["SCS0002"] = new[] { K.SqlInjection },
        ["SCS0006"] = new[] { K.BrokenHash, K.PasswordFastHash },
        ["SCS0005"] = new[] { K.InsecureRandomness },
        ["SCS0015"] = new[] { K.HardCodedSecret },
        ["SCS0016"] = new[] { K.MissingAntiforgery, K.AntiforgeryDisabled },
        ["SCS0008"] = new[] { K.InsecureCookie },
        ["SCS0009"] = new[] { K.InsecureCookie },
        ["SCS0004"] = new[] { K.CertificateValidationDisabled },
        ["SCS0027"] = new[] { K.OpenRedirect },

        // .NET SDK security rules
        ["CA2100"] = new[] { K.SqlInjection },
        ["CA3001"] = new[] { K.SqlInjection },
        ["CA5350"] = new[] { K.BrokenHash, K.PasswordFastHash },
        ["CA5351"] = new[] { K.BrokenHash, K.PasswordFastHash },
        ["CA5394"] = new[] { K.InsecureRandomness },
        ["CA5359"] = new[] { K.CertificateValidationDisabled },
        ["CA5364"] = new[] { K.ObsoleteTls },
        ["CA5386"] = new[] { K.ObsoleteTls },
        ["CA5397"] = new[] { K.ObsoleteTls },
        ["CA5398"] = new[] { K.ObsoleteTls },
        ["CA5382"] = new[] { K.InsecureCookie },
        ["CA5383"] = new[] { K.InsecureCookie },
        ["CA5391"] = new[] { K.MissingAntiforgery },
        ["CA5395"] = new[] { K.MissingAntiforgery },
        ["CA3007"] = new[] { K.OpenRedirect },
        ["CA5404"] = new[] { K.TokenValidationDisabled },
        ["CA5405"] = new[] { K.TokenValidationDisabled },
        ["CA5379"] = new[] { K.WeakKeyDerivation },
        ["CA5387"] = new[] { K.WeakKeyDerivation },
        ["CA5388"] = new[] { K.WeakKeyDerivation },
        ["CA5390"] = new[] { K.HardCodedSecret },
    };

    /// <summary>The kind a SecureBackend rule is about (for <c>// expect:</c> markers in <c>--src</c> folders).</summary>
    public static K? KindOfRule(string id) => id.StartsWith("SB", StringComparison.Ordinal) && KindsById.TryGetValue(id, out var kinds) ? kinds[0] : null;

    public sealed record Result(Dictionary<K, int> FoundByKind, int Matched, int Unmatched);

    public static Result Match(IReadOnlyList<SeededVulnerability> seeds, IEnumerable<Diagnostic> diagnostics)
    {
        var byLine = new Dictionary<(string Path, int Line), List<int>>();
        for (var i = 0; i < seeds.Count; i++)
        {
            foreach (var line in seeds[i].Lines)
            {
                var key = (seeds[i].Path, line);
                if (!byLine.TryGetValue(key, out var list))
                {
                    byLine[key] = list = new List<int>();
                }

                list.Add(i);
            }
        }

        var found = new bool[seeds.Count];
        var matched = 0;
        var unmatched = 0;
        foreach (var diagnostic in diagnostics)
        {
            var any = false;
            if (diagnostic.Location.IsInSource)
            {
                var span = diagnostic.Location.GetLineSpan();
                if (byLine.TryGetValue((span.Path, span.StartLinePosition.Line + 1), out var candidates))
                {
                    KindsById.TryGetValue(diagnostic.Id, out var kinds);
                    foreach (var index in candidates)
                    {
                        if (kinds is null || kinds.Contains(seeds[index].Kind))
                        {
                            found[index] = true;
                            any = true;
                        }
                    }
                }
            }

            if (any)
            {
                matched++;
            }
            else
            {
                unmatched++;
            }
        }

        var byKind = Enum.GetValues<K>().ToDictionary(k => k, _ => 0);
        for (var i = 0; i < seeds.Count; i++)
        {
            if (found[i])
            {
                byKind[seeds[i].Kind]++;
            }
        }

        return new Result(byKind, matched, unmatched);
    }
}
