using System;

namespace SecureBackend.Benchmarks.Shared;

/// <summary>
/// One type of each library package the test and benchmark compilations reference (data access, crypto, tokens,
/// JSON). The package assemblies behind them, and the package assemblies those depend on, are what
/// <see cref="PackageAssemblies.Paths"/> collects. Both projects reference exactly these packages.
/// </summary>
internal static class LibrarySeeds
{
    public static Type[] All { get; } =
    {
        typeof(Microsoft.Data.SqlClient.SqlCommand),
#pragma warning disable CS0618 // System.Data.SqlClient is obsolete, and is exactly what legacy code still uses.
        typeof(System.Data.SqlClient.SqlCommand),
#pragma warning restore CS0618
        typeof(Microsoft.Data.Sqlite.SqliteCommand),
        typeof(Npgsql.NpgsqlCommand),
        typeof(MySqlConnector.MySqlCommand),
        typeof(Dapper.SqlMapper),
        typeof(Microsoft.EntityFrameworkCore.DbContext),
        typeof(Microsoft.EntityFrameworkCore.RelationalQueryableExtensions),
        typeof(Microsoft.EntityFrameworkCore.KeylessAttribute),
        typeof(Microsoft.EntityFrameworkCore.SqliteDbContextOptionsBuilderExtensions),
        typeof(Konscious.Security.Cryptography.Argon2id),
        typeof(Microsoft.IdentityModel.Tokens.TokenValidationParameters),
        typeof(System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler),
        typeof(Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions),
        typeof(Newtonsoft.Json.JsonConvert),
        typeof(Microsoft.Extensions.DependencyInjection.NewtonsoftJsonMvcBuilderExtensions),
        typeof(Ganss.Xss.HtmlSanitizer),
    };
}
