using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.Analyzers.Secrets;
using SecureBackend.CodeFixes.Secrets;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Secrets.TokenValidationAnalyzer,
    SecureBackend.CodeFixes.Secrets.TokenValidationFixer>;

namespace SecureBackend.Tests.Secrets;

public sealed class SB2007_TokenValidationDisabledTests
{
    private const string Usings = """
        using System;
        using System.IdentityModel.Tokens.Jwt;
        using Microsoft.AspNetCore.Authentication.JwtBearer;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Microsoft.IdentityModel.JsonWebTokens;
        using Microsoft.IdentityModel.Tokens;

        """;

    // ---------------------------------------------------------------- must flag, with fix

    [Fact]
    public Task Flags_ValidateLifetimeFalseInObjectInitializer() => Verify.CodeFixAsync(
        Usings + """
        class Auth
        {
            TokenValidationParameters Create(SecurityKey key) => new TokenValidationParameters
            {
                ValidateIssuerSigningKey = true,
                IssuerSigningKey = key,
                {|#0:ValidateLifetime = false|}, // tokens never expire
            };
        }
        """,
        Usings + """
        class Auth
        {
            TokenValidationParameters Create(SecurityKey key) => new TokenValidationParameters
            {
                ValidateIssuerSigningKey = true,
                IssuerSigningKey = key,
                ValidateLifetime = true, // tokens never expire
            };
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("ValidateLifetime", "false"));

    [Fact]
    public Task Flags_IssuerAndAudienceSwitchedOffInAddJwtBearer() => Verify.CodeFixAsync(
        Usings + """
        static class Setup
        {
            static void Configure(IServiceCollection services, SecurityKey key)
            {
                services.AddAuthentication().AddJwtBearer(options =>
                {
                    options.TokenValidationParameters = new TokenValidationParameters
                    {
                        [|ValidateIssuer = false|],
                        [|ValidateAudience = false|],
                        ValidateIssuerSigningKey = true,
                        IssuerSigningKey = key,
                    };
                });
            }
        }
        """,
        Usings + """
        static class Setup
        {
            static void Configure(IServiceCollection services, SecurityKey key)
            {
                services.AddAuthentication().AddJwtBearer(options =>
                {
                    options.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidateIssuer = true,
                        ValidateAudience = true,
                        ValidateIssuerSigningKey = true,
                        IssuerSigningKey = key,
                    };
                });
            }
        }
        """);

    [Fact]
    public Task Flags_AssignmentStatementsOnParametersAndOptions() => Verify.CodeFixAsync(
        Usings + """
        class Auth
        {
            void Configure(JwtBearerOptions options, TokenValidationParameters parameters)
            {
                [|parameters.ValidateIssuerSigningKey = false|];
                [|options.TokenValidationParameters.RequireSignedTokens = false|];
                [|options.TokenValidationParameters.RequireExpirationTime = false|];
                [|parameters.RequireAudience = false|];
            }
        }
        """,
        Usings + """
        class Auth
        {
            void Configure(JwtBearerOptions options, TokenValidationParameters parameters)
            {
                parameters.ValidateIssuerSigningKey = true;
                options.TokenValidationParameters.RequireSignedTokens = true;
                options.TokenValidationParameters.RequireExpirationTime = true;
                parameters.RequireAudience = true;
            }
        }
        """);

    [Fact]
    public Task Flags_ConstantFalse() => Verify.CodeFixAsync(
        Usings + """
        class Auth
        {
            const bool CheckAudience = false;

            TokenValidationParameters Create() => new() { [|ValidateAudience = CheckAudience|] };
        }
        """,
        Usings + """
        class Auth
        {
            const bool CheckAudience = false;

            TokenValidationParameters Create() => new() { ValidateAudience = true };
        }
        """);

    [Fact]
    public Task Flags_NestedInJwtBearerOptionsInitializer() => Verify.CodeFixAsync(
        Usings + """
        class Auth
        {
            JwtBearerOptions Create() => new JwtBearerOptions
            {
                Authority = "https://login.example.com",
                TokenValidationParameters = new TokenValidationParameters { [|ValidateLifetime = false|] },
            };
        }
        """,
        Usings + """
        class Auth
        {
            JwtBearerOptions Create() => new JwtBearerOptions
            {
                Authority = "https://login.example.com",
                TokenValidationParameters = new TokenValidationParameters { ValidateLifetime = true },
            };
        }
        """);

    [Fact]
    public Task Flags_SubclassOfTokenValidationParameters() => Verify.CodeFixAsync(
        Usings + """
        class TenantParameters : TokenValidationParameters { public string Tenant { get; set; } = ""; }

        class Auth
        {
            TenantParameters Create() => new TenantParameters { Tenant = "a", [|ValidateIssuer = false|] };
        }
        """,
        Usings + """
        class TenantParameters : TokenValidationParameters { public string Tenant { get; set; } = ""; }

        class Auth
        {
            TenantParameters Create() => new TenantParameters { Tenant = "a", ValidateIssuer = true };
        }
        """);

    [Fact]
    public Task Flags_RequireHttpsMetadataFalseWithoutEnvironmentCheck() => Verify.CodeFixAsync(
        Usings + """
        static class Setup
        {
            static void Configure(IServiceCollection services)
            {
                services.AddAuthentication().AddJwtBearer(options =>
                {
                    options.Authority = "http://identity:8080";
                    {|#0:options.RequireHttpsMetadata = false|};
                });
            }
        }
        """,
        Usings + """
        static class Setup
        {
            static void Configure(IServiceCollection services)
            {
                services.AddAuthentication().AddJwtBearer(options =>
                {
                    options.Authority = "http://identity:8080";
                    options.RequireHttpsMetadata = true;
                });
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("RequireHttpsMetadata", "false"));

    [Fact]
    public Task Flags_RequireHttpsMetadataFalseInTheNonDevelopmentBranch() => Verify.CodeFixAsync(
        Usings + """
        static class Setup
        {
            static void Configure(WebApplicationBuilder builder)
            {
                builder.Services.AddAuthentication().AddJwtBearer(options =>
                {
                    if (builder.Environment.IsDevelopment())
                    {
                        options.Authority = "http://localhost:5001";
                    }
                    else
                    {
                        [|options.RequireHttpsMetadata = false|];
                    }
                });
            }
        }
        """,
        Usings + """
        static class Setup
        {
            static void Configure(WebApplicationBuilder builder)
            {
                builder.Services.AddAuthentication().AddJwtBearer(options =>
                {
                    if (builder.Environment.IsDevelopment())
                    {
                        options.Authority = "http://localhost:5001";
                    }
                    else
                    {
                        options.RequireHttpsMetadata = true;
                    }
                });
            }
        }
        """);

    [Fact]
    public Task Flags_SignatureValidatorThatOnlyParsesTheToken() => Verify.CodeFixAsync(
        Usings + """
        class Auth
        {
            TokenValidationParameters Create() => new TokenValidationParameters
            {
                ValidIssuer = "https://issuer",
                {|#0:SignatureValidator = (token, parameters) => new JwtSecurityToken(token)|},
                ValidAudience = "api",
            };
        }
        """,
        Usings + """
        class Auth
        {
            TokenValidationParameters Create() => new TokenValidationParameters
            {
                ValidIssuer = "https://issuer",
                ValidAudience = "api",
            };
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("SignatureValidator", "a delegate that returns the token without checking its signature"));

    [Fact]
    public Task Flags_SignatureValidatorAnonymousMethodReturningJsonWebToken() => Verify.CodeFixAsync(
        Usings + """
        class Auth
        {
            void Configure(TokenValidationParameters parameters)
            {
                parameters.ValidIssuer = "https://issuer";
                [|parameters.SignatureValidator = delegate (string token, TokenValidationParameters p) { return new JsonWebToken(token); }|];
            }
        }
        """,
        Usings + """
        class Auth
        {
            void Configure(TokenValidationParameters parameters)
            {
                parameters.ValidIssuer = "https://issuer";
            }
        }
        """);

    [Fact]
    public Task Flags_SignatureValidatorReadingTheTokenWithAHandler() => Verify.CodeFixAsync(
        Usings + """
        class Auth
        {
            TokenValidationParameters Create() => new TokenValidationParameters
            {
                [|SignatureValidator = (token, _) => new JwtSecurityTokenHandler().ReadJwtToken(token)|],
            };
        }
        """,
        Usings + """
        class Auth
        {
            TokenValidationParameters Create() => new TokenValidationParameters
            {
            };
        }
        """);

    [Fact]
    public Task Flags_ValidatorDelegatesThatAlwaysAccept() => Verify.CodeFixAsync(
        Usings + """
        class Auth
        {
            TokenValidationParameters Create() => new TokenValidationParameters
            {
                ValidIssuer = "https://issuer",
                [|LifetimeValidator = (notBefore, expires, token, parameters) => true|],
                [|AudienceValidator = (audiences, token, parameters) => { return true; }|],
                [|IssuerSigningKeyValidator = (key, token, parameters) => true|],
                [|IssuerValidator = (issuer, token, parameters) => issuer|],
            };
        }
        """,
        Usings + """
        class Auth
        {
            TokenValidationParameters Create() => new TokenValidationParameters
            {
                ValidIssuer = "https://issuer",
            };
        }
        """);

    // ---------------------------------------------------------------- must flag, no fix

    [Fact]
    public Task Flags_ValidatorAssignedInAnEmbeddedStatement_NoFixOffered() => Verify.NoCodeFixAsync(
        Usings + """
        class Auth
        {
            void Configure(TokenValidationParameters parameters, bool legacy)
            {
                if (legacy)
                    [|parameters.LifetimeValidator = (a, b, c, d) => true|];
            }
        }
        """);

    // ---------------------------------------------------------------- must not flag

    [Fact]
    public Task DoesNotFlag_ValidationSwitchedOn() => Verify.AnalyzerAsync(
        Usings + """
        class Auth
        {
            TokenValidationParameters Create(SecurityKey key) => new TokenValidationParameters
            {
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                ValidateIssuerSigningKey = true,
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                IssuerSigningKey = key,
                ValidIssuer = "https://issuer",
                ValidAudience = "api",
                ClockSkew = TimeSpan.FromSeconds(30),
            };
        }
        """);

    [Fact]
    public Task DoesNotFlag_SwitchesFromConfiguration() => Verify.AnalyzerAsync(
        Usings + """
        class JwtSettings { public bool ValidateAudience { get; set; } = true; public bool ValidateIssuer { get; set; } = true; }

        class Auth
        {
            TokenValidationParameters Create(JwtSettings settings, bool strict) => new TokenValidationParameters
            {
                ValidateAudience = settings.ValidateAudience,
                ValidateIssuer = settings.ValidateIssuer && strict,
                ValidateLifetime = !false == strict,
            };
        }
        """);

    [Fact]
    public Task DoesNotFlag_SwitchesThatDefaultToFalse() => Verify.AnalyzerAsync(
        Usings + """
        class Auth
        {
            TokenValidationParameters Create() => new TokenValidationParameters
            {
                ValidateActor = false,
                ValidateTokenReplay = false,
                SaveSigninToken = false,
                TryAllIssuerSigningKeys = false,
                LogValidationExceptions = false,
            };
        }
        """);

    [Fact]
    public Task DoesNotFlag_RequireHttpsMetadataOffWhenTheApiValidatesWithItsOwnKey() => Verify.AnalyzerAsync(
        Usings + """
        static class Setup
        {
            static void Configure(WebApplicationBuilder builder, SecurityKey signingKey)
            {
                builder.Services.AddAuthentication().AddJwtBearer(options =>
                {
                    options.RequireHttpsMetadata = false;
                    options.SaveToken = true;
                    options.TokenValidationParameters = new TokenValidationParameters
                    {
                        IssuerSigningKey = signingKey,
                        ValidIssuer = builder.Configuration["Tokens:Issuer"],
                        ValidAudience = builder.Configuration["Tokens:Audience"],
                    };
                });
            }
        }
        """);

    [Fact]
    public Task Flags_RequireHttpsMetadataOffWithAnAuthorityBesideAnOwnKey() => Verify.CodeFixAsync(
        Usings + Source("{|#0:options.RequireHttpsMetadata = false|}", "{|#1:options.RequireHttpsMetadata = false|}"),
        Usings + Source("options.RequireHttpsMetadata = true", "options.RequireHttpsMetadata = true"),
        Verify.Diagnostic().WithLocation(0).WithArguments("RequireHttpsMetadata", "false"),
        Verify.Diagnostic().WithLocation(1).WithArguments("RequireHttpsMetadata", "false"));

    private static string Source(string first, string second) => $$"""
        static class Setup
        {
            static void Configure(WebApplicationBuilder builder, SecurityKey fallbackKey)
            {
                builder.Services.AddAuthentication().AddJwtBearer(options =>
                {
                    options.MetadataAddress = builder.Configuration["Identity:Metadata"];
                    {{first}};
                    options.TokenValidationParameters = new TokenValidationParameters { IssuerSigningKey = fallbackKey };
                });

                builder.Services.AddAuthentication().AddJwtBearer("partner", options =>
                {
                    {{second}};
                    options.TokenValidationParameters = new TokenValidationParameters { IssuerSigningKey = null };
                });
            }
        }
        """;

    [Fact]
    public Task DoesNotFlag_RequireHttpsMetadataOffOnlyInDevelopment() => Verify.AnalyzerAsync(
        Usings + """
        static class Setup
        {
            static void Configure(WebApplicationBuilder builder)
            {
                var development = builder.Environment.IsDevelopment();
                builder.Services.AddAuthentication().AddJwtBearer(options =>
                {
                    if (builder.Environment.IsDevelopment())
                    {
                        options.RequireHttpsMetadata = false;
                    }

                    options.RequireHttpsMetadata = !builder.Environment.IsDevelopment();
                    options.RequireHttpsMetadata = development ? false : true;
                });

                if (builder.Environment.IsEnvironment("Development"))
                {
                    builder.Services.Configure<JwtBearerOptions>(o => o.RequireHttpsMetadata = false);
                }
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_LifetimeOffWhenReadingAnExpiredToken() => Verify.AnalyzerAsync(
        Usings + """
        class Tokens
        {
            public System.Security.Claims.ClaimsPrincipal GetPrincipalFromExpiredToken(string token, SecurityKey key)
            {
                var parameters = new TokenValidationParameters
                {
                    ValidateIssuerSigningKey = true,
                    IssuerSigningKey = key,
                    ValidIssuer = "https://issuer",
                    ValidAudience = "api",
                    ValidateLifetime = false,
                    RequireExpirationTime = false,
                };
                return new JwtSecurityTokenHandler().ValidateToken(token, parameters, out _);
            }
        }
        """);

    [Fact]
    public Task Flags_OtherSwitchesEvenWhenReadingAnExpiredToken() => Verify.CodeFixAsync(
        Usings + """
        class Tokens
        {
            public TokenValidationParameters ForExpiredToken(SecurityKey key) => new TokenValidationParameters
            {
                [|ValidateIssuerSigningKey = false|],
                IssuerSigningKey = key,
                ValidateLifetime = false,
            };
        }
        """,
        Usings + """
        class Tokens
        {
            public TokenValidationParameters ForExpiredToken(SecurityKey key) => new TokenValidationParameters
            {
                ValidateIssuerSigningKey = true,
                IssuerSigningKey = key,
                ValidateLifetime = false,
            };
        }
        """);

    [Fact]
    public Task DoesNotFlag_ValidatorsThatCheckSomething() => Verify.AnalyzerAsync(
        Usings + """
        class Auth
        {
            static bool IsKnown(string issuer) => issuer.StartsWith("https://", StringComparison.Ordinal);

            TokenValidationParameters Create(SecurityKey key) => new TokenValidationParameters
            {
                LifetimeValidator = (notBefore, expires, token, parameters) => expires > DateTime.UtcNow,
                AudienceValidator = (audiences, token, parameters) => audiences is not null,
                IssuerValidator = (issuer, token, parameters) => IsKnown(issuer) ? issuer : throw new SecurityTokenInvalidIssuerException(),
                SignatureValidator = (token, parameters) =>
                {
                    var handler = new JwtSecurityTokenHandler();
                    handler.ValidateToken(token, new TokenValidationParameters { IssuerSigningKey = key }, out var validated);
                    return validated;
                },
            };
        }
        """);

    [Fact]
    public Task DoesNotFlag_MethodGroupValidatorsAndReads() => Verify.AnalyzerAsync(
        Usings + """
        class Auth
        {
            static SecurityToken Check(string token, TokenValidationParameters parameters) => throw new NotImplementedException();

            bool Configure(TokenValidationParameters parameters)
            {
                parameters.SignatureValidator = Check;
                return parameters.ValidateLifetime == false || !parameters.RequireSignedTokens;
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_PropertiesWithTheSameNamesOnOtherTypes() => Verify.AnalyzerAsync(
        Usings + """
        class ApiKeyOptions { public bool ValidateLifetime { get; set; } public bool RequireHttpsMetadata { get; set; } }

        class Auth
        {
            ApiKeyOptions Create() => new ApiKeyOptions { ValidateLifetime = false, RequireHttpsMetadata = false };
        }
        """);

    [Fact]
    public async Task DoesNotFlag_TestProjects()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                class TokenFactory
                {
                    public static TokenValidationParameters Relaxed() => new TokenValidationParameters { ValidateLifetime = false };
                }
                """,
        };
        test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(FactAttribute).Assembly.Location));
        await test.RunAsync();
    }

    [Fact]
    public async Task Flags_TestProjectsWhenOptedIn()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                class TokenFactory
                {
                    public static TokenValidationParameters Relaxed() => new TokenValidationParameters { [|ValidateLifetime = false|] };
                }
                """,
            FixedCode = Usings + """
                class TokenFactory
                {
                    public static TokenValidationParameters Relaxed() => new TokenValidationParameters { ValidateLifetime = true };
                }
                """,
        };
        test.WithEditorConfig("securebackend.secrets.analyze_test_projects = true");
        test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(FactAttribute).Assembly.Location));
        await test.RunAsync();
    }

    [Fact]
    public async Task DoesNotFlag_HalfTypedCode()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                class Auth
                {
                    TokenValidationParameters A() => new TokenValidationParameters { ValidateLifetime = , ValidateIssuer = fals };
                    void B(TokenValidationParameters p) { p.SignatureValidator = (token, ) => new JwtSecurityToken(; p.ValidateAudience = }
                    void C(JwtBearerOptions o) { o.RequireHttpsMetadata = Unknown.Value; o.Unknown = false; }
                    void D(TokenValidationParameters p) { p.LifetimeValidator = (a, b) => true; p.IssuerValidator = () => null; }
                }
                """,
        };
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        await test.RunAsync();
    }

    // ---------------------------------------------------------------- fix plumbing

    [Fact]
    public async Task FixAll_AcrossTwoDocuments_RestoresEveryKindOfValidation()
    {
        var test = new Verify.Test { CodeActionEquivalenceKey = TokenValidationFixer.RestoreValidationKey };
        test.TestState.Sources.Add(("A.cs", Usings + """
            class A { TokenValidationParameters P() => new() { [|ValidateLifetime = false|], [|ValidateAudience = false|], {|#0:LifetimeValidator = (a, b, c, d) => true|} }; }
            """));
        test.TestState.Sources.Add(("B.cs", Usings + """
            class B { void P(TokenValidationParameters p) { [|p.ValidateIssuer = false|]; } }
            """));
        test.TestState.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments("LifetimeValidator", "a delegate that always returns true"));
        test.FixedState.Sources.Add(("A.cs", Usings + """
            class A { TokenValidationParameters P() => new() { ValidateLifetime = true, ValidateAudience = true }; }
            """));
        test.FixedState.Sources.Add(("B.cs", Usings + """
            class B { void P(TokenValidationParameters p) { p.ValidateIssuer = true; } }
            """));
        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_EquivalenceKeyIsThePublishedConstant()
    {
        var test = new Verify.Test
        {
            CodeActionEquivalenceKey = TokenValidationFixer.RestoreValidationKey,
            TestCode = Usings + """
                class Auth
                {
                    void P(TokenValidationParameters p)
                    {
                        [|p.IssuerSigningKeyValidator = (k, t, q) => true|];
                        [|p.ValidateLifetime = false|];
                    }
                }
                """,
            FixedCode = Usings + """
                class Auth
                {
                    void P(TokenValidationParameters p)
                    {
                        p.ValidateLifetime = true;
                    }
                }
                """,
        };
        await test.RunAsync();
        Assert.Equal("SB2007.RestoreValidation", TokenValidationFixer.RestoreValidationKey);
    }
}
