using System.Threading.Tasks;
using SecureBackend.Analyzers.Crypto;
using SecureBackend.CodeFixes.Crypto;
using SecureBackend.Tests.Infrastructure;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Crypto.PasswordHashingAnalyzer,
    SecureBackend.CodeFixes.Crypto.PasswordHashingFixer>;

namespace SecureBackend.Tests.Crypto;

public sealed class SB2002_PasswordFastHashTests
{
    [Fact]
    public Task Flags_HashPasswordMethodWithMd5_RewritesHashAndVerification() => PasswordFixTest.RunAsync(
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        namespace Shop.Services
        {
            public class AccountService
            {
                public string HashPassword(string password)
                {
                    using var md5 = MD5.Create();
                    var bytes = [|md5.ComputeHash(Encoding.UTF8.GetBytes(password))|];
                    return Convert.ToHexString(bytes);
                }

                public bool VerifyPassword(string password, string storedHash) => HashPassword(password) == storedHash;
            }
        }
        """,
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        namespace Shop.Services
        {
            public class AccountService
            {
                public string HashPassword(string password)
                {
                    return PasswordHashing.Hash(password);
                }

                public bool VerifyPassword(string password, string storedHash) => PasswordHashing.Verify(password, storedHash);
            }
        }
        """,
        "Shop.Services");
}
