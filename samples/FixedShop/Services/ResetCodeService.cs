using System.Security.Cryptography;
using System.Text;

namespace FixedShop.Services;

/// <summary>Password-reset codes sent by e-mail, and the payment provider's webhook signature check.</summary>
public sealed class ResetCodeService(ShopSecrets secrets)
{
    private readonly Random _random = new();
    private readonly Dictionary<string, string> _resetCodes = new(StringComparer.OrdinalIgnoreCase);

    public string CreateResetCode(string email)
    {
        var resetCode = RandomNumberGenerator.GetInt32(100000, 1000000).ToString("D6");
        _resetCodes[email] = resetCode;
        return resetCode;
    }

    public byte[] NewSalt()
    {
        var salt = new byte[16];
        RandomNumberGenerator.Fill(salt);
        return salt;
    }

    public bool CheckResetCode(string email, string code)
        => _resetCodes.TryGetValue(email, out var resetCode)
           && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(resetCode), Encoding.UTF8.GetBytes(code));

    public bool IsGenuineWebhook(string payload, string signatureHeader)
    {
        var secret = Encoding.UTF8.GetBytes(secrets.PaymentsApiKey);
        var expected = Convert.ToHexString(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(payload)));
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(signatureHeader));
    }

    // Not security values: System.Random is fine here.
    public int RetryDelayMilliseconds(int attempt) => (int)Math.Pow(2, attempt) * 100 + _random.Next(0, 100);

    public IReadOnlyList<string> ShuffleFeatured(IEnumerable<string> products) => products.OrderBy(_ => _random.Next()).ToList();
}
