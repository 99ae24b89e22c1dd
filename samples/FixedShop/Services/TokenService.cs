using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace FixedShop.Services;

/// <summary>Issues access and refresh tokens for the shop's mobile app.</summary>
public sealed class TokenService(ShopSecrets secrets)
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private readonly Dictionary<string, string> _refreshTokens = new();

    public string CreateAccessToken(string userName)
    {
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secrets.JwtSigningKey));
        var token = new JwtSecurityToken(
            issuer: "https://shop.example",
            audience: "shop-mobile",
            claims: new[] { new Claim(ClaimTypes.Name, userName) },
            expires: DateTime.UtcNow.AddMinutes(15),
            signingCredentials: new SigningCredentials(key, SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    public string CreateRefreshToken(string userName)
    {
        var builder = new StringBuilder(48);
        for (var i = 0; i < 48; i++)
        {
            builder.Append(Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]);
        }

        var refreshToken = builder.ToString();
        _refreshTokens[userName] = refreshToken;
        return refreshToken;
    }

    public bool IsValidRefreshToken(string userName, string refreshToken)
        => _refreshTokens.TryGetValue(userName, out var storedToken)
           && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(storedToken), Encoding.UTF8.GetBytes(refreshToken));

    public ClaimsPrincipal ReadAccessToken(string accessToken)
    {
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = "https://shop.example",
            ValidAudience = "shop-mobile",
            ValidateAudience = true,
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secrets.JwtSigningKey)),
        };

        return new JwtSecurityTokenHandler().ValidateToken(accessToken, parameters, out _);
    }
}
