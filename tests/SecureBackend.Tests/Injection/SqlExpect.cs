using Microsoft.CodeAnalysis.Testing;
using SecureBackend.Analyzers;

namespace SecureBackend.Tests.Injection;

/// <summary>Expected SB1001 diagnostics and the EF Core model the SB1001 test classes share.</summary>
internal static class SqlExpect
{
    /// <summary>An EF Core context with a <c>Products</c> set, appended to sources that use EF Core.</summary>
    public const string ShopModel = """

        public class Product { public int Id { get; set; } public string Name { get; set; } = ""; }
        public class ShopDb : DbContext { public DbSet<Product> Products => Set<Product>(); }
        """;

    /// <summary>SB1001 at markup location <paramref name="location"/>: SQL passed to <paramref name="api"/> built from <paramref name="piece"/>.</summary>
    public static DiagnosticResult Sql(int location, string api, string piece) => Sql(api, piece).WithLocation(location);

    public static DiagnosticResult Sql(string api, string piece) => new DiagnosticResult(Rules.SqlFromStrings).WithArguments(api, piece);

    /// <summary>SB1001 found at the caller of a helper method that forwards its parameter into a sink.</summary>
    public static DiagnosticResult ViaWrapper(int location, string api, string piece)
        => new DiagnosticResult(Rules.SqlFromStringsThroughWrapper).WithLocation(location).WithArguments(api, piece);
}
