namespace SecureBackend.Tests.Forgery;

/// <summary>
/// Application set-up appended to a test document (namespace blocks, so they can follow any code): what decides
/// whether browsers send the app credentials on their own, and which requests a cross-site form can make.
/// </summary>
internal static class ForgeryApps
{
    /// <summary>Cookie authentication: browsers attach the cookie to every request, cross-site form posts included.</summary>
    public const string CookieAuthentication = /* lang=c#-test */ """


        namespace Host.Cookies
        {
            using Microsoft.Extensions.DependencyInjection;

            public static class SignIn
            {
                public static void Add(IServiceCollection services) => services.AddAuthentication().AddCookie();
            }
        }
        """;

    /// <summary>JWT bearer authentication only: every request carries its token explicitly.</summary>
    public const string BearerAuthentication = /* lang=c#-test */ """


        namespace Host.Tokens
        {
            using Microsoft.Extensions.DependencyInjection;

            public static class Tokens
            {
                public static void Add(IServiceCollection services) => services.AddAuthentication("Bearer").AddJwtBearer();
            }
        }
        """;

    /// <summary>A form field names the HTTP method: a form POST becomes PUT, PATCH or DELETE.</summary>
    public const string FormMethodOverride = /* lang=c#-test */ """


        namespace Host.Methods
        {
            using Microsoft.AspNetCore.Builder;

            public static class FormMethods
            {
                public static void Use(IApplicationBuilder app) => app.UseHttpMethodOverride(new HttpMethodOverrideOptions { FormFieldName = "_method" });
            }
        }
        """;

    /// <summary>A CORS policy that lets every origin make credentialed requests: preflighted requests get through too.</summary>
    public const string CredentialedCorsFromAnyOrigin = /* lang=c#-test */ """


        namespace Host.Cors
        {
            using Microsoft.Extensions.DependencyInjection;

            public static class Cors
            {
                public static void Add(IServiceCollection services)
                    => services.AddCors(o => o.AddDefaultPolicy(p => p.SetIsOriginAllowed(_ => true).AllowAnyHeader().AllowAnyMethod().AllowCredentials()));
            }
        }
        """;
}
