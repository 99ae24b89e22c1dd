using System.Security.Cryptography;

namespace FixedShop.Services;

/// <summary>The PIN customers confirm click-and-collect orders with at the pickup counter.</summary>
public sealed class PickupPinService
{
    private readonly Dictionary<string, (byte[] Salt, byte[] Verifier)> _pins = new(StringComparer.Ordinal);

    public void Enroll(string customerId, string pin)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        _pins[customerId] = (salt, Stretch(pin, salt));
    }

    public bool Confirm(string customerId, string entered)
    {
        if (!_pins.TryGetValue(customerId, out var stored))
        {
            return false;
        }

        var candidate = Stretch(entered, stored.Salt);
        return CryptographicOperations.FixedTimeEquals(candidate, stored.Verifier);
    }

    private static byte[] Stretch(string pin, byte[] salt)
        => Rfc2898DeriveBytes.Pbkdf2(pin, salt, 600_000, HashAlgorithmName.SHA256, 32);
}
