using System.Security.Cryptography;

namespace VulnerableShop.Services;

/// <summary>Encrypts stored card tokens and creates the key that signs settlement files for the payment partner.</summary>
public sealed class CardVault
{
    private readonly byte[] _key;

    public CardVault(byte[] key) => _key = key;

    public byte[] Protect(byte[] cardToken)
    {
        using var cipher = TripleDES.Create(); // expect: SB2008 (no fix)
        cipher.Key = _key;
        cipher.IV = new byte[8]; // expect: SB2005, SB2008 (no fix)
        using var encryptor = cipher.CreateEncryptor();
        return encryptor.TransformFinalBlock(cardToken, 0, cardToken.Length);
    }

    public static RSA CreateSettlementKey() => RSA.Create(1024); // expect: SB2009

    public static byte[] WrapForPartner(RSA partnerKey, byte[] sessionKey)
        => partnerKey.Encrypt(sessionKey, RSAEncryptionPadding.Pkcs1); // expect: SB2009
}
