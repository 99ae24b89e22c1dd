using System.Text;

namespace SecureBackend.CodeFixes.Crypto;

/// <summary>Which password hash the added helper implements.</summary>
internal enum PasswordHashKind
{
    /// <summary>Argon2id through Konscious.Security.Cryptography.Argon2.</summary>
    Argon2id,

    /// <summary>PBKDF2-HMAC-SHA256 through the built-in <c>Rfc2898DeriveBytes.Pbkdf2</c>.</summary>
    Pbkdf2,
}

/// <summary>
/// Source of the <c>PasswordHashing</c> helper the SB2002 fix adds to a project once: <c>Hash(string)</c> returns a
/// self-describing PHC string with a random 16-byte salt, <c>Verify(string, string)</c> re-derives with the stored
/// parameters and compares in constant time.
/// </summary>
internal static class PasswordHashingHelper
{
    public const string TypeName = "PasswordHashing";
    public const string HashMethod = "Hash";
    public const string VerifyMethod = "Verify";
    public const string FileName = "PasswordHashing.cs";

    public static string Source(PasswordHashKind kind, string? ns)
    {
        var body = kind == PasswordHashKind.Argon2id ? Argon2idBody : Pbkdf2Body;
        var usings = kind == PasswordHashKind.Argon2id ? Argon2idUsings : Pbkdf2Usings;
        var text = new StringBuilder(usings);
        text.Append('\n');
        if (string.IsNullOrEmpty(ns))
        {
            text.Append(body);
        }
        else
        {
            text.Append("namespace ").Append(ns).Append("\n{\n");
            foreach (var line in body.Split('\n'))
            {
                text.Append(line.Length == 0 ? string.Empty : "    " + line).Append('\n');
            }

            text.Length -= 1;
            text.Append("}\n");
        }

        return text.ToString();
    }

    private const string Argon2idUsings = "using System;\nusing System.Globalization;\nusing System.Security.Cryptography;\nusing System.Text;\nusing Konscious.Security.Cryptography;\n";

    private const string Pbkdf2Usings = "using System;\nusing System.Globalization;\nusing System.Security.Cryptography;\n";

    private const string Argon2idBody = @"/// <summary>
/// Password hashing with Argon2id (RFC 9106) and OWASP's minimum parameters: 19 MiB of memory, 2 passes, 1 lane.
/// <see cref=""Hash""/> returns a self-describing PHC string, $argon2id$v=19$m=19456,t=2,p=1$salt$hash, with a random
/// 16-byte salt; <see cref=""Verify""/> re-derives with the parameters stored in that string.
/// </summary>
internal static class PasswordHashing
{
    private const int SaltSize = 16;
    private const int HashSize = 32;
    private const int MemoryKiB = 19456;
    private const int Passes = 2;
    private const int Lanes = 1;

    /// <summary>Hashes <paramref name=""password""/> with a fresh random salt, for storing.</summary>
    public static string Hash(string password)
    {
        if (string.IsNullOrEmpty(password))
        {
            throw new ArgumentException(""A password is required."", nameof(password));
        }

        var salt = new byte[SaltSize];
        RandomNumberGenerator.Fill(salt);
        var hash = Derive(password, salt, MemoryKiB, Passes, Lanes, HashSize);
        return string.Format(CultureInfo.InvariantCulture, ""$argon2id$v=19$m={0},t={1},p={2}${3}${4}"", MemoryKiB, Passes, Lanes, Encode(salt), Encode(hash));
    }

    /// <summary>Whether <paramref name=""password""/> matches <paramref name=""encoded""/>, a value returned by <see cref=""Hash""/>.</summary>
    public static bool Verify(string password, string encoded)
    {
        if (string.IsNullOrEmpty(password) || string.IsNullOrEmpty(encoded))
        {
            return false;
        }

        var parts = encoded.Split('$');
        if (parts.Length != 6 || parts[0].Length != 0 || parts[1] != ""argon2id"" || parts[2] != ""v=19"")
        {
            return false;
        }

        int memory = 0, passes = 0, lanes = 0;
        foreach (var setting in parts[3].Split(','))
        {
            var pair = setting.Split('=');
            if (pair.Length != 2 || !int.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            switch (pair[0])
            {
                case ""m"": memory = value; break;
                case ""t"": passes = value; break;
                case ""p"": lanes = value; break;
                default: return false;
            }
        }

        // Refuse parameters that would let a tampered or foreign hash exhaust the server.
        if (lanes < 1 || lanes > 16 || memory < 8 * lanes || memory > 1048576 || passes < 1 || passes > 16)
        {
            return false;
        }

        byte[] salt, expected;
        try
        {
            salt = Decode(parts[4]);
            expected = Decode(parts[5]);
        }
        catch (FormatException)
        {
            return false;
        }

        if (salt.Length < 8 || expected.Length < 16 || expected.Length > 64)
        {
            return false;
        }

        var actual = Derive(password, salt, memory, passes, lanes, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static byte[] Derive(string password, byte[] salt, int memoryKiB, int passes, int lanes, int length)
    {
        using (var argon2 = new Argon2id(Encoding.UTF8.GetBytes(password)))
        {
            argon2.Salt = salt;
            argon2.MemorySize = memoryKiB;
            argon2.Iterations = passes;
            argon2.DegreeOfParallelism = lanes;
            return argon2.GetBytes(length);
        }
    }

    // PHC strings carry standard Base64 without padding.
    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static byte[] Decode(string text) => Convert.FromBase64String(text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '='));
}
";

    private const string Pbkdf2Body = @"/// <summary>
/// Password hashing with PBKDF2-HMAC-SHA256 and OWASP's minimum of 600,000 iterations (add the
/// Konscious.Security.Cryptography.Argon2 package to move to Argon2id). <see cref=""Hash""/> returns a self-describing
/// PHC-style string, $pbkdf2-sha256$i=600000$salt$hash, with a random 16-byte salt; <see cref=""Verify""/> re-derives
/// with the iteration count stored in that string.
/// </summary>
internal static class PasswordHashing
{
    private const int SaltSize = 16;
    private const int HashSize = 32;
    private const int Iterations = 600000;

    /// <summary>Hashes <paramref name=""password""/> with a fresh random salt, for storing.</summary>
    public static string Hash(string password)
    {
        if (string.IsNullOrEmpty(password))
        {
            throw new ArgumentException(""A password is required."", nameof(password));
        }

        var salt = new byte[SaltSize];
        RandomNumberGenerator.Fill(salt);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, HashSize);
        return string.Format(CultureInfo.InvariantCulture, ""$pbkdf2-sha256$i={0}${1}${2}"", Iterations, Encode(salt), Encode(hash));
    }

    /// <summary>Whether <paramref name=""password""/> matches <paramref name=""encoded""/>, a value returned by <see cref=""Hash""/>.</summary>
    public static bool Verify(string password, string encoded)
    {
        if (string.IsNullOrEmpty(password) || string.IsNullOrEmpty(encoded))
        {
            return false;
        }

        var parts = encoded.Split('$');
        if (parts.Length != 5 || parts[0].Length != 0 || parts[1] != ""pbkdf2-sha256"" || !parts[2].StartsWith(""i="", StringComparison.Ordinal)
            || !int.TryParse(parts[2].Substring(2), NumberStyles.None, CultureInfo.InvariantCulture, out var iterations))
        {
            return false;
        }

        // Refuse counts that would let a tampered or foreign hash exhaust the server.
        if (iterations < 1 || iterations > 10000000)
        {
            return false;
        }

        byte[] salt, expected;
        try
        {
            salt = Decode(parts[3]);
            expected = Decode(parts[4]);
        }
        catch (FormatException)
        {
            return false;
        }

        // PBKDF2 output is a prefix of any longer output: accept only the full length this helper writes.
        if (salt.Length < 8 || expected.Length != HashSize)
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    // PHC strings carry standard Base64 without padding.
    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static byte[] Decode(string text) => Convert.FromBase64String(text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '='));
}
";
}
