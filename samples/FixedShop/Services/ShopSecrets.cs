namespace FixedShop.Services;

/// <summary>
/// Secrets come from configuration: user secrets in development (<c>dotnet user-secrets set "Jwt:SigningKey" …</c>),
/// environment variables or a secret store in production.
/// </summary>
public sealed class ShopSecrets(IConfiguration configuration)
{
    public string OrdersDatabase => configuration.GetConnectionString("Orders") ?? throw Missing("ConnectionStrings:Orders");

    public string JwtSigningKey => configuration["Jwt:SigningKey"] ?? throw Missing("Jwt:SigningKey");

    public string PaymentsApiKey => configuration["Payments:ApiKey"] ?? throw Missing("Payments:ApiKey");

    public string MessageBroker => configuration.GetConnectionString("MessageBroker") ?? throw Missing("ConnectionStrings:MessageBroker");

    // Names and labels, not secrets.
    public const string ApiKeyHeaderName = "X-Api-Key";
    public const string RefreshTokenCookie = "refresh_token";
    public const int PasswordMinLength = 12;
    public const string TokenEndpoint = "/connect/token";

    private static InvalidOperationException Missing(string key) => new("Configuration value '" + key + "' is not set.");
}

public sealed class SmtpOptions
{
    public string Host { get; set; } = "smtp.shop.example";

    public string UserName { get; set; } = "orders@shop.example";

    /// <summary>Bound from the "Smtp" configuration section.</summary>
    public string Password { get; set; } = "";
}
