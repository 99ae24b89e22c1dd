using Newtonsoft.Json;

namespace VulnerableShop.Services;

/// <summary>Stores the shopping cart in a cookie as JSON, keeping the concrete item types.</summary>
public static class CartSnapshotSerializer
{
    private static readonly JsonSerializerSettings Settings = new()
    {
        TypeNameHandling = TypeNameHandling.Auto, // expect: SB5003 (no fix)
    };

    public static string Write(object cart) => JsonConvert.SerializeObject(cart, Settings);

    public static object? Read(string cookie) => JsonConvert.DeserializeObject(cookie, Settings);
}
