namespace SecureBackend.Analyzers;

/// <summary>Builds the help link of a rule from its identifier; links are never written by hand.</summary>
public static class HelpLinks
{
    public const string RepositoryUrl = "https://github.com/SecureBackend/SecureBackend";

    public static string For(string ruleId) => RepositoryUrl + "/blob/main/docs/rules/" + ruleId + ".md";
}
