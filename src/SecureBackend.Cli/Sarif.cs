using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using SecureBackend.Analyzers;

namespace SecureBackend.Cli;

/// <summary>
/// Writes the findings as a SARIF 2.1.0 log, the shape GitHub code scanning reads: one run whose driver lists every
/// SecureBackend rule with its help URI, results with rule ID, level, message and a physical location whose artifact
/// URI is relative to the scanned folder (<c>%SRCROOT%</c>), plus a partial fingerprint. Findings the baseline accepts
/// are kept and marked with an external suppression, so viewers show them as accepted rather than new.
/// </summary>
internal static class Sarif
{
    public const string SourceRoot = "%SRCROOT%";

    public static void Write(string path, IReadOnlyList<Finding> findings, string root)
    {
        var rules = Analysis.Rules.Values.ToList();
        var index = rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var version = typeof(Sarif).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
        var invariant = System.Globalization.CultureInfo.InvariantCulture;

        try
        {
            using var stream = File.Create(path);
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();

            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", "SecureBackend");
            json.WriteString("version", version);
            json.WriteString("semanticVersion", version);
            json.WriteString("informationUri", HelpLinks.RepositoryUrl);
            json.WriteStartArray("rules");
            foreach (var rule in rules)
            {
                json.WriteStartObject();
                json.WriteString("id", rule.Id);
                json.WriteString("name", rule.Id);
                json.WriteStartObject("shortDescription");
                json.WriteString("text", rule.Title.ToString(invariant));
                json.WriteEndObject();
                var description = rule.Description.ToString(invariant);
                json.WriteStartObject("fullDescription");
                json.WriteString("text", description.Length > 0 ? description : rule.Title.ToString(invariant));
                json.WriteEndObject();
                json.WriteString("helpUri", rule.HelpLinkUri);
                json.WriteStartObject("help");
                json.WriteString("text", "See " + rule.HelpLinkUri);
                json.WriteEndObject();
                json.WriteStartObject("defaultConfiguration");
                json.WriteString("level", rule.IsEnabledByDefault ? Severities.SarifLevel(rule.DefaultSeverity) : "none");
                json.WriteBoolean("enabled", rule.IsEnabledByDefault);
                json.WriteEndObject();
                json.WriteStartObject("properties");
                json.WriteString("category", rule.Category);
                json.WriteStartArray("tags");
                json.WriteStringValue("security");
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartObject("originalUriBaseIds");
            json.WriteStartObject(SourceRoot);
            json.WriteString("uri", new Uri(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar).AbsoluteUri);
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartArray("results");
            foreach (var finding in findings)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", finding.RuleId);
                if (index.TryGetValue(finding.RuleId, out var ruleIndex))
                {
                    json.WriteNumber("ruleIndex", ruleIndex);
                }

                json.WriteString("level", Severities.SarifLevel(finding.Severity));
                json.WriteStartObject("message");
                json.WriteString("text", finding.Message);
                json.WriteEndObject();
                json.WriteStartArray("locations");
                json.WriteStartObject();
                json.WriteStartObject("physicalLocation");
                json.WriteStartObject("artifactLocation");
                var outside = Path.IsPathRooted(finding.RelativePath);
                json.WriteString("uri", outside ? new Uri(finding.FilePath).AbsoluteUri : RelativeUri(finding.RelativePath));
                if (!outside)
                {
                    json.WriteString("uriBaseId", SourceRoot);
                }

                json.WriteEndObject();
                json.WriteStartObject("region");
                json.WriteNumber("startLine", finding.Line);
                json.WriteNumber("startColumn", finding.Column);
                json.WriteNumber("endLine", finding.EndLine);
                json.WriteNumber("endColumn", finding.EndColumn);
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteStartObject("partialFingerprints");
                json.WriteString("secureBackendFingerprint/v1", finding.Fingerprint);
                json.WriteEndObject();
                if (finding.Baselined)
                {
                    json.WriteStartArray("suppressions");
                    json.WriteStartObject();
                    json.WriteString("kind", "external");
                    json.WriteString("status", "accepted");
                    json.WriteString("justification", "Listed in the SecureBackend baseline (securebackend.baseline.json).");
                    json.WriteEndObject();
                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("columnKind", "utf16CodeUnits");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new UserError(ExitCodes.PathNotFound, "cannot write the SARIF log " + path + ": " + Program.OneLine(exception.Message));
        }
    }

    /// <summary>A relative path as a URI reference: '/' separators, each segment percent-encoded.</summary>
    private static string RelativeUri(string relativePath)
        => string.Join('/', relativePath.Split('/').Select(Uri.EscapeDataString));
}
