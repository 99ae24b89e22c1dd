using System.Collections.Generic;
using System.Linq;

namespace SecureBackend.Benchmarks.Corpus;

internal sealed record Field(string Name, string Type)
{
    public bool IsString => Type == "string";

    public string ReaderGetter => Type switch
    {
        "string" => "GetString",
        "int" => "GetInt32",
        "decimal" => "GetDecimal",
        "DateTime" => "GetDateTime",
        "bool" => "GetBoolean",
        _ => "GetValue",
    };

    public string Initializer => Type == "string" ? " = \"\";" : string.Empty;
}

internal sealed record Entity(string Name, string Plural, IReadOnlyList<Field> Fields)
{
    public Field Search => Fields.First(f => f.IsString);

    public Field Sort => Fields.First(f => !f.IsString);

    public string Lower => char.ToLowerInvariant(Name[0]) + Name.Substring(1);

    public string PluralLower => Plural.ToLowerInvariant();

    public string Columns => "Id, " + string.Join(", ", Fields.Select(f => f.Name)) + ", CreatedAt, UpdatedAt, IsDeleted";

    /// <summary>The columns the ADO.NET queries read, in the order their reader expects.</summary>
    public string ReadColumns => "Id, " + string.Join(", ", Fields.Select(f => f.Name)) + ", CreatedAt";

    public static readonly IReadOnlyList<Entity> Pool = new[]
    {
        New("Product", ("Name", "string"), ("Sku", "string"), ("Price", "decimal"), ("Stock", "int"), ("Category", "string")),
        New("Order", ("CustomerEmail", "string"), ("Total", "decimal"), ("Status", "string"), ("PlacedAt", "DateTime")),
        New("Customer", ("Email", "string"), ("DisplayName", "string"), ("Country", "string"), ("LoyaltyPoints", "int")),
        New("Invoice", ("Number", "string"), ("Amount", "decimal"), ("DueDate", "DateTime"), ("Paid", "bool")),
        New("Shipment", ("TrackingCode", "string"), ("Carrier", "string"), ("Weight", "decimal"), ("ShippedAt", "DateTime")),
        New("Review", ("Author", "string"), ("Title", "string"), ("Rating", "int"), ("Body", "string")),
        New("Coupon", ("Code", "string"), ("Discount", "decimal"), ("ExpiresAt", "DateTime"), ("UsageLimit", "int")),
        New("Supplier", ("CompanyName", "string"), ("ContactEmail", "string"), ("Phone", "string"), ("Score", "int")),
        New("Warehouse", ("Code", "string"), ("City", "string"), ("Capacity", "int"), ("Region", "string")),
        New("Ticket", ("Subject", "string"), ("Priority", "int"), ("State", "string"), ("OpenedAt", "DateTime")),
        New("Payment", ("Reference", "string"), ("Amount", "decimal"), ("Channel", "string"), ("CapturedAt", "DateTime")),
        New("Employee", ("FullName", "string"), ("Department", "string"), ("HiredAt", "DateTime"), ("Salary", "decimal")),
        New("Article", ("Slug", "string"), ("Headline", "string"), ("Body", "string"), ("PublishedAt", "DateTime")),
        New("Subscription", ("Plan", "string"), ("Price", "decimal"), ("RenewsAt", "DateTime"), ("AutoRenew", "bool")),
        New("Refund", ("Reason", "string"), ("Amount", "decimal"), ("Approved", "bool"), ("RequestedAt", "DateTime")),
        New("Campaign", ("Title", "string"), ("Budget", "decimal"), ("StartsAt", "DateTime"), ("Channel", "string")),
        New("Vendor", ("LegalName", "string"), ("TaxNumber", "string"), ("PaymentTermsDays", "int"), ("Active", "bool")),
        New("Booking", ("GuestName", "string"), ("Nights", "int"), ("ArrivesAt", "DateTime"), ("Room", "string")),
        New("Contract", ("Title", "string"), ("Value", "decimal"), ("SignedAt", "DateTime"), ("Counterparty", "string")),
        New("Device", ("SerialNumber", "string"), ("Model", "string"), ("Firmware", "string"), ("LastSeenAt", "DateTime")),
    };

    private static Entity New(string name, params (string Name, string Type)[] fields)
        => new(name, name + "s", fields.Select(f => new Field(f.Name, f.Type)).ToArray());
}

internal enum AdoProvider
{
    MicrosoftSqlClient,
    SystemSqlClient,
    Npgsql,
    Sqlite,
    MySql,
}

internal sealed class Module
{
    public Module(string name, int index, IReadOnlyList<Entity> entities, AdoProvider provider, IReadOnlyDictionary<VulnerabilityKind, string> vulnerabilities, bool hasHost)
    {
        Name = name;
        Index = index;
        Entities = entities;
        Provider = provider;
        Vulnerabilities = vulnerabilities;
        HasHost = hasHost;
    }

    public string Name { get; }

    public string Lower => Name.ToLowerInvariant();

    public int Index { get; }

    public IReadOnlyList<Entity> Entities { get; }

    public AdoProvider Provider { get; }

    /// <summary>The seeded vulnerability kinds of this module and the variant (shape) chosen for each.</summary>
    public IReadOnlyDictionary<VulnerabilityKind, string> Vulnerabilities { get; }

    /// <summary>Index of the entity whose code carries the SQL injection, when seeded.</summary>
    public int SqlEntity { get; set; } = -1;

    /// <summary>Index of the entity whose service carries the broken hash, when seeded.</summary>
    public int HashEntity { get; set; } = -1;

    public bool HasHost { get; }

    public string Namespace => "Contoso." + Name;

    public static bool HasMvc(int entityIndex) => entityIndex % 2 == 0;

    public static bool HasApi(int entityIndex) => entityIndex % 2 == 1;

    public static bool HasRazorPage(int entityIndex) => entityIndex % 3 == 0;

    public static bool HasMinimalApi(int entityIndex) => entityIndex is 1 or 2;

    public bool UsesDapper(int entityIndex) => (Index + entityIndex) % 2 == 0;

    public (string Namespace, string Connection, string Command) Ado => Provider switch
    {
        AdoProvider.MicrosoftSqlClient => ("Microsoft.Data.SqlClient", "SqlConnection", "SqlCommand"),
        AdoProvider.SystemSqlClient => ("System.Data.SqlClient", "SqlConnection", "SqlCommand"),
        AdoProvider.Npgsql => ("Npgsql", "NpgsqlConnection", "NpgsqlCommand"),
        AdoProvider.Sqlite => ("Microsoft.Data.Sqlite", "SqliteConnection", "SqliteCommand"),
        _ => ("MySqlConnector", "MySqlConnection", "MySqlCommand"),
    };
}
