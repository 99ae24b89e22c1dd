using System.Text.Json;

namespace FixedShop.Services;

public sealed record CartSnapshot(IReadOnlyList<CartLine> Lines);

public sealed record CartLine(int ProductId, int Quantity);

/// <summary>Stores the shopping cart in a cookie as JSON of a known shape.</summary>
public static class CartSnapshotSerializer
{
    public static string Write(CartSnapshot cart) => JsonSerializer.Serialize(cart);

    public static CartSnapshot? Read(string cookie) => JsonSerializer.Deserialize<CartSnapshot>(cookie);
}
