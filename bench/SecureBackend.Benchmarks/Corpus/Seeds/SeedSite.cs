namespace SecureBackend.Benchmarks.Corpus;

/// <summary>The places in the generated app where a seeded vulnerability replaces the safe idiom.</summary>
internal enum SeedSite
{
    // Data/{Entity}Repository.cs (EF Core)
    RepositorySearch,
    RepositoryRename,

    // Data/{Entity}Queries.cs (Dapper or ADO.NET)
    DapperFindBy,
    DapperPage,
    AdoSearch,
    AdoCount,

    // Services/{Entity}Service.cs
    ServiceETag,
    ServiceCacheKey,

    // Controllers/{Entities}Controller.cs (MVC)
    MvcEditPost,
    MvcDeletePost,
    MvcDeleteRedirect,
    MvcLayoutCookie,

    // Pages/{Entities}/Edit.cshtml.cs
    RazorPageClass,
    RazorPageRedirect,

    // Endpoints/{Entity}Endpoints.cs (minimal API)
    MinimalApiRoutes,
    MinimalApiHelpers,

    // {Module}Module.cs
    ModuleDbContext,
    ModuleServices,
    PartnerBaseAddress,
    PartnerPrimaryHandler,
    PartnerSslProtocols,
    PartnerCertificateCallback,
    CorsPolicy,

    // Integration/{Module}PartnerClient.cs
    PartnerClientFields,
    PartnerExchangeRate,
    PartnerWebhookComparison,

    // Security/{Module}PasswordHasher.cs
    PasswordVerify,
    PasswordDeriveKey,

    // Security/{Module}TokenService.cs
    TokenResetCode,
    TokenApiKey,
    TokenValidateAudience,
    TokenValidateLifetime,
    TokenValidateSigningKey,
    TokenSigningKey,

    // Hosting/{Module}Host.cs
    HostCookiePolicy,
    HostBuild,
    HostHsts,
    HostHttpsRedirection,
}
