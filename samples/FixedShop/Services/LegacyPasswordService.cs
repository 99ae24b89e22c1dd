using System.Security.Cryptography;
using System.Text;
using FixedShop.Models;
using Microsoft.AspNetCore.Cryptography.KeyDerivation;

namespace FixedShop.Services;

/// <summary>Customer passwords, PINs, checksums and export keys: Argon2id, SHA-256, HMAC-SHA256 and strong PBKDF2.</summary>
public sealed class LegacyPasswordService
{
    public string HashPassword(string password)
    {
        return PasswordHashing.Hash(password);
    }

    public Customer Register(string email, string password) => new() { Email = email, PasswordHash = HashPassword(password) };

    public bool Login(Customer customer, string password) => PasswordHashing.Verify(password, customer.PasswordHash);

    public string HashPin(string pin) => PasswordHashing.Hash(pin);

    public static string ImageChecksum(byte[] image) => Convert.ToHexString(SHA256.HashData(image));

    public static string WebhookSignature(byte[] key, string body)
    {
        using var hmac = new HMACSHA256(key);
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(body)));
    }

    public static byte[] DeriveExportKey(string passphrase, byte[] salt)
        => KeyDerivation.Pbkdf2(passphrase, salt, KeyDerivationPrf.HMACSHA256, 600_000, 32);

    public static byte[] DeriveBackupKey(string password, byte[] salt)
    {
        return Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32);
    }

    public static string ContentHash(byte[] content) => Convert.ToHexString(SHA256.HashData(content));

    public static string ComputeETag(byte[] content) => "\"" + Convert.ToBase64String(SHA256.HashData(content)) + "\"";

    public static string CacheKey(string query) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(query)));
}
