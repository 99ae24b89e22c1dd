using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace VulnerableShop.Services;

/// <summary>Issues access and refresh tokens for the shop's mobile app.</summary>
public sealed class TokenService
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static readonly Random Random = new();
    private readonly Dictionary<string, string> _refreshTokens = new();

    public string CreateAccessToken(string userName)
    {
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(ShopSecrets.JwtSigningKey));
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
            builder.Append(Alphabet[Random.Next(Alphabet.Length)]); // expect: SB2004
        }

        var refreshToken = builder.ToString();
        _refreshTokens[userName] = refreshToken;
        return refreshToken;
    }

    public bool IsValidRefreshToken(string userName, string refreshToken)
        => _refreshTokens.TryGetValue(userName, out var storedToken) && storedToken == refreshToken; // expect: SB2006

    public ClaimsPrincipal ReadAccessToken(string accessToken)
    {
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = "https://shop.example",
            ValidateAudience = false, // expect: SB2007
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(ShopSecrets.JwtSigningKey)),
            SignatureValidator = (token, _) => new JwtSecurityToken(token), // expect: SB2007
        };

        return new JwtSecurityTokenHandler().ValidateToken(accessToken, parameters, out _);
    }
}
