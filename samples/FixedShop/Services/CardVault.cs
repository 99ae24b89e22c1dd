using System.Security.Cryptography;

namespace FixedShop.Services;

/// <summary>Encrypts stored card tokens and creates the key that signs settlement files for the payment partner.</summary>
public sealed class CardVault
{
    private readonly byte[] _key;

    public CardVault(byte[] key) => _key = key;

    /// <summary>AES-GCM with a fresh nonce per token: nonce, tag and ciphertext are stored together.</summary>
    public byte[] Protect(byte[] cardToken)
    {
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        var ciphertext = new byte[cardToken.Length];
        using var aes = new AesGcm(_key, tag.Length);
        aes.Encrypt(nonce, cardToken, ciphertext, tag);
        return [.. nonce, .. tag, .. ciphertext];
    }

    public static RSA CreateSettlementKey() => RSA.Create(3072);

    public static byte[] WrapForPartner(RSA partnerKey, byte[] sessionKey)
        => partnerKey.Encrypt(sessionKey, RSAEncryptionPadding.OaepSHA256);
}
