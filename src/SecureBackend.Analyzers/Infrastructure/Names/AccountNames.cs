using System.Collections.Immutable;

namespace SecureBackend.Analyzers.Infrastructure.Names;

/// <summary>
/// The account profile: names of the account a credential belongs to end with one of its phrases — <c>user</c>,
/// <c>username</c>, <c>login</c>, <c>account</c>, <c>email</c>/<c>mail</c>, <c>user id</c>, <c>user name</c>,
/// <c>login name</c>, <c>account name</c> (<c>UserName</c>, <c>SmtpUser</c>, <c>LoginEmail</c>, <c>DbUserId</c>).
/// Exact words only: no plurals, no carrier words, no options.
/// </summary>
internal static class AccountNames
{
    private static readonly ImmutableArray<string[]> Phrases = NamePhrases.Parse(new[]
    {
        "user", "username", "login", "account", "email", "mail", "user id", "user name", "login name", "account name",
    });

    public static bool IsUserName(string name)
    {
        var words = IdentifierWords.Split(name);
        foreach (var phrase in Phrases)
        {
            if (NamePhrases.EndsWith(words, words.Count, phrase, allowPlural: false))
            {
                return true;
            }
        }

        return false;
    }
}
