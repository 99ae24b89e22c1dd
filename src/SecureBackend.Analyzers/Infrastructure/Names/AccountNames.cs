namespace SecureBackend.Analyzers.Infrastructure.Names;

/// <summary>
/// Names of the account a credential belongs to: the last word is <c>user</c>, <c>username</c>, <c>login</c>,
/// <c>account</c>, <c>email</c>/<c>mail</c>, or the pair <c>user id</c> / <c>user name</c> / <c>login name</c> /
/// <c>account name</c> (<c>UserName</c>, <c>SmtpUser</c>, <c>LoginEmail</c>, <c>DbUserId</c>).
/// </summary>
internal static class AccountNames
{
    public static bool IsUserName(string name)
    {
        var words = IdentifierWords.Split(name);
        if (words.Count == 0)
        {
            return false;
        }

        var last = words[words.Count - 1];
        var previous = words.Count > 1 ? words[words.Count - 2] : null;
        return last switch
        {
            "user" or "username" or "login" or "account" or "email" or "mail" => true,
            "id" => previous == "user",
            "name" => previous is "user" or "login" or "account",
            _ => false,
        };
    }
}
