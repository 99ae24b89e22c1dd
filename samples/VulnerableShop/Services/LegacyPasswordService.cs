using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Cryptography.KeyDerivation;
using VulnerableShop.Models;

namespace VulnerableShop.Services;

/// <summary>Customer passwords, PINs, checksums and export keys the way many older shops wrote them.</summary>
public sealed class LegacyPasswordService
{
    public string HashPassword(string password)
    {
        using var sha = SHA256.Create();
        var bytes = sha.ComputeHash(Encoding.UTF8.GetBytes(password)); // expect: SB2002
        return Convert.ToHexString(bytes);
    }

    public Customer Register(string email, string password) => new() { Email = email, PasswordHash = HashPassword(password) };

    public bool Login(Customer customer, string password) => HashPassword(password) == customer.PasswordHash; // expect: SB2006

    public string HashPin(string pin) => Convert.ToBase64String(MD5.HashData(Encoding.UTF8.GetBytes(pin))); // expect: SB2002

    public static string ImageChecksum(byte[] image) => Convert.ToHexString(MD5.HashData(image)); // expect: SB2001

    public static string WebhookSignature(byte[] key, string body)
    {
        using var hmac = new HMACSHA1(key); // expect: SB2001
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(body)));
    }

    public static byte[] DeriveExportKey(string passphrase, byte[] salt)
        => KeyDerivation.Pbkdf2(passphrase, salt, KeyDerivationPrf.HMACSHA1, 10_000, 32); // expect: SB2003

    public static byte[] DeriveBackupKey(string password, byte[] salt)
    {
#pragma warning disable SYSLIB0060 // the obsolete constructor is exactly what legacy code uses
        using var kdf = new Rfc2898DeriveBytes(password, salt, 1000); // expect: SB2003
#pragma warning restore SYSLIB0060
        return kdf.GetBytes(32);
    }

    // An ETag needs no particular algorithm, so MD5 here is reported like any other use.
    public static string ComputeETag(byte[] content) => "\"" + Convert.ToBase64String(MD5.HashData(content)) + "\""; // expect: SB2001

    // Not reported: SHA-256 of content and of a cache key are not passwords and not broken algorithms.
    public static string ContentHash(byte[] content) => Convert.ToHexString(SHA256.HashData(content));

    public static string CacheKey(string query) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(query)));
}
