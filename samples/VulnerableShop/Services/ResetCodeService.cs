using System.Security.Cryptography;
using System.Text;

namespace VulnerableShop.Services;

/// <summary>Password-reset codes sent by e-mail, and the payment provider's webhook signature check.</summary>
public sealed class ResetCodeService
{
    private readonly Random _random = new();
    private readonly Dictionary<string, string> _resetCodes = new(StringComparer.OrdinalIgnoreCase);

    public string CreateResetCode(string email)
    {
        var resetCode = _random.Next(100000, 1000000).ToString("D6"); // expect: SB2004
        _resetCodes[email] = resetCode;
        return resetCode;
    }

    public byte[] NewSalt()
    {
        var salt = new byte[16];
        _random.NextBytes(salt); // expect: SB2004
        return salt;
    }

    public bool CheckResetCode(string email, string code)
        => _resetCodes.TryGetValue(email, out var resetCode) && string.Equals(resetCode, code); // expect: SB2006

    public bool IsGenuineWebhook(string payload, string signatureHeader)
    {
        var secret = Encoding.UTF8.GetBytes(ShopSecrets.PaymentsApiKey);
        var expected = Convert.ToHexString(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(payload)));
        return expected == signatureHeader; // expect: SB2006
    }

    // Not security values: these are not reported.
    public int RetryDelayMilliseconds(int attempt) => (int)Math.Pow(2, attempt) * 100 + _random.Next(0, 100);

    public IReadOnlyList<string> ShuffleFeatured(IEnumerable<string> products) => products.OrderBy(_ => _random.Next()).ToList();
}
