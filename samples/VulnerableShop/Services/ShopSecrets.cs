namespace VulnerableShop.Services;

/// <summary>Settings that were copied from appsettings.Production.json into code "to keep deployment simple".</summary>
public static class ShopSecrets
{
    public const string OrdersDatabase = "Server=sql.shop.internal;Database=Orders;User Id=shop_app;Password=Sh0pApp#2024;" // expect: SB2005 (no fix)
        + "TrustServerCertificate=True"; // expect: SB2010

    public const string JwtSigningKey = "shop-jwt-signing-key-7f3a9c2e5b8d1f4a6c0e"; // expect: SB2005 (no fix)

    public const string PaymentsApiKey = "pk_3c6f1a9e2d8b7c4f5a0e"; // expect: SB2005 (no fix)

    public const string MessageBroker = "amqp://shop:Rabb1tPass@mq.shop.internal:5672/orders"; // expect: SB2005 (no fix)

    // Names and labels, not secrets: these are not reported.
    public const string ApiKeyHeaderName = "X-Api-Key";
    public const string RefreshTokenCookie = "refresh_token";
    public const int PasswordMinLength = 12;
    public const string TokenEndpoint = "/connect/token";
}

public sealed class SmtpOptions
{
    public string Host { get; set; } = "smtp.shop.example";

    public string UserName { get; set; } = "orders@shop.example";

    public string Password { get; set; } = "M@ilerPass1"; // expect: SB2005 (no fix)
}
