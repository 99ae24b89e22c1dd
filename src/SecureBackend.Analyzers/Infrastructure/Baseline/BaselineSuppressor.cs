using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace SecureBackend.Analyzers.Infrastructure.Baseline;

/// <summary>
/// Suppresses the SecureBackend findings listed in the project's baseline, so a codebase adopts the package with its
/// build green and fails only on new findings. The baseline is the additional file marked with the
/// <c>SecureBackendBaseline</c> metadata (the package's props pass the nearest <c>securebackend.baseline.json</c> at or
/// above the project's folder, or the file named by the <c>SecureBackendBaseline</c> property), or else any additional
/// file of that name. A finding is suppressed when its rule, its file relative to the baseline's folder and its
/// <see cref="BaselineFingerprint"/> are listed. A baseline that cannot be read suppresses nothing, so the findings
/// stay visible. Suppressed findings still appear in SARIF logs, marked as suppressed.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BaselineSuppressor : DiagnosticSuppressor
{
    internal const string MetadataOption = "build_metadata.AdditionalFiles.SecureBackendBaseline";

    /// <summary>Every rule a baseline can list (a catalogue test keeps it complete).</summary>
    internal static readonly ImmutableArray<string> RuleIdentifiers = ImmutableArray.Create(
        RuleIds.SqlFromStrings,
        RuleIds.CommandInjection,
        RuleIds.CrossSiteScripting,
        RuleIds.PathTraversal,
        RuleIds.XmlExternalEntities,
        RuleIds.LdapInjection,
        RuleIds.XPathInjection,
        RuleIds.BrokenHashAlgorithm,
        RuleIds.PasswordFastHash,
        RuleIds.WeakKeyDerivation,
        RuleIds.InsecureRandomness,
        RuleIds.HardCodedSecret,
        RuleIds.NonConstantTimeComparison,
        RuleIds.TokenValidationDisabled,
        RuleIds.WeakCipher,
        RuleIds.WeakAsymmetricKey,
        RuleIds.InsecureDatabaseConnection,
        RuleIds.WeakIdentitySettings,
        RuleIds.MissingAntiforgery,
        RuleIds.AntiforgeryDisabled,
        RuleIds.InsecureCookie,
        RuleIds.PermissiveCors,
        RuleIds.OpenRedirect,
        RuleIds.MissingHttpsRedirection,
        RuleIds.MissingHsts,
        RuleIds.CertificateValidationDisabled,
        RuleIds.ObsoleteTls,
        RuleIds.CleartextProtocol,
        RuleIds.DeveloperExceptionPage,
        RuleIds.SensitiveDataLogging,
        RuleIds.UnsafeDeserialization,
        RuleIds.ExceptionDetailsExposed,
        RuleIds.AuthenticationWithoutRateLimiting,
        RuleIds.MissingSecurityHeaders,
        RuleIds.ForwardedHeadersTrustAll);

    private static readonly ImmutableDictionary<string, SuppressionDescriptor> Descriptors = CreateDescriptors();

    private static readonly ConditionalWeakTable<SourceText, ParsedBaseline> Parsed = new();

    public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions { get; } = Descriptors.Values.ToImmutableArray();

    public override void ReportSuppressions(SuppressionAnalysisContext context)
    {
        var baselineFile = FindBaseline(context.Options);
        if (baselineFile is null)
        {
            return;
        }

        var text = baselineFile.GetText(context.CancellationToken);
        if (text is null)
        {
            return;
        }

        var parsed = Parsed.GetValue(text, static t => ParsedBaseline.From(t));
        if (parsed.Baseline is null || parsed.Baseline.Count == 0)
        {
            return;
        }

        var directory = BaselineFile.DirectoryOf(baselineFile.Path);
        var relativePaths = new Dictionary<SyntaxTree, string>();
        foreach (var diagnostic in context.ReportedDiagnostics)
        {
            var tree = diagnostic.Location.SourceTree;
            if (tree is null || !Descriptors.TryGetValue(diagnostic.Id, out var descriptor))
            {
                continue;
            }

            if (!relativePaths.TryGetValue(tree, out var relative))
            {
                relative = BaselineFile.RelativePath(directory, tree.FilePath);
                relativePaths.Add(tree, relative);
            }

            var fingerprint = BaselineFingerprint.For(diagnostic, context.CancellationToken);
            if (fingerprint is not null && parsed.Baseline.Contains(new BaselineEntry(diagnostic.Id, relative, fingerprint)))
            {
                context.ReportSuppression(Suppression.Create(descriptor, diagnostic));
            }
        }
    }

    private static AdditionalText? FindBaseline(AnalyzerOptions options)
    {
        AdditionalText? byName = null;
        foreach (var file in options.AdditionalFiles)
        {
            if (options.AnalyzerConfigOptionsProvider.GetOptions(file).TryGetValue(MetadataOption, out var marked)
                && string.Equals(marked, "true", StringComparison.OrdinalIgnoreCase))
            {
                return file;
            }

            if (byName is null && file.Path.EndsWith(BaselineFile.FileName, StringComparison.OrdinalIgnoreCase)
                && (file.Path.Length == BaselineFile.FileName.Length || file.Path[file.Path.Length - BaselineFile.FileName.Length - 1] is '/' or '\\'))
            {
                byName = file;
            }
        }

        return byName;
    }

    private static ImmutableDictionary<string, SuppressionDescriptor> CreateDescriptors()
    {
        var builder = ImmutableDictionary.CreateBuilder<string, SuppressionDescriptor>(StringComparer.Ordinal);
        foreach (var id in RuleIdentifiers)
        {
            builder.Add(id, new SuppressionDescriptor(
                "SBB" + id.Substring(2),
                id,
                "The finding is listed in the SecureBackend baseline (" + BaselineFile.FileName + ") as accepted when the codebase adopted SecureBackend."));
        }

        return builder.ToImmutable();
    }

    private sealed class ParsedBaseline
    {
        private ParsedBaseline(BaselineFile? baseline) => Baseline = baseline;

        public BaselineFile? Baseline { get; }

        public static ParsedBaseline From(SourceText text)
            => new(BaselineFile.TryParse(text.ToString(), out var baseline, out _) ? baseline : null);
    }
}
