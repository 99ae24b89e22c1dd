using System.Security.Cryptography;

namespace Consumer.Security;

public static class Checksums
{
    public static string ForUpload(byte[] content) => Convert.ToHexString(MD5.HashData(content)); // expect: SB2001

    public static string ForCacheKey(string key) => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
}
