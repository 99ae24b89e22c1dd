using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;

namespace FixedShop
{
    /// <summary>
    /// Password hashing with Argon2id (RFC 9106) and OWASP's minimum parameters: 19 MiB of memory, 2 passes, 1 lane.
    /// <see cref="Hash"/> returns a self-describing PHC string, $argon2id$v=19$m=19456,t=2,p=1$salt$hash, with a random
    /// 16-byte salt; <see cref="Verify"/> re-derives with the parameters stored in that string.
    /// </summary>
    internal static class PasswordHashing
    {
        private const int SaltSize = 16;
        private const int HashSize = 32;
        private const int MemoryKiB = 19456;
        private const int Passes = 2;
        private const int Lanes = 1;

        /// <summary>Hashes <paramref name="password"/> with a fresh random salt, for storing.</summary>
        public static string Hash(string password)
        {
            if (string.IsNullOrEmpty(password))
            {
                throw new ArgumentException("A password is required.", nameof(password));
            }

            var salt = new byte[SaltSize];
            RandomNumberGenerator.Fill(salt);
            var hash = Derive(password, salt, MemoryKiB, Passes, Lanes, HashSize);
            return string.Format(CultureInfo.InvariantCulture, "$argon2id$v=19$m={0},t={1},p={2}${3}${4}", MemoryKiB, Passes, Lanes, Encode(salt), Encode(hash));
        }

        /// <summary>Whether <paramref name="password"/> matches <paramref name="encoded"/>, a value returned by <see cref="Hash"/>.</summary>
        public static bool Verify(string password, string encoded)
        {
            if (string.IsNullOrEmpty(password) || string.IsNullOrEmpty(encoded))
            {
                return false;
            }

            var parts = encoded.Split('$');
            if (parts.Length != 6 || parts[0].Length != 0 || parts[1] != "argon2id" || parts[2] != "v=19")
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
                    case "m": memory = value; break;
                    case "t": passes = value; break;
                    case "p": lanes = value; break;
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
}
