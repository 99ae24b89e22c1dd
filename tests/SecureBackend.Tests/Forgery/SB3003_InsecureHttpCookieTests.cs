using System.Threading.Tasks;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Forgery.InsecureCookieAnalyzer,
    SecureBackend.CodeFixes.Forgery.InsecureCookieFixer>;

namespace SecureBackend.Tests.Forgery;

/// <summary>SB3003 on classic ASP.NET's <c>System.Web.HttpCookie</c>, compiled against the .NET Framework 4.8 reference assemblies.</summary>
public sealed class SB3003_InsecureHttpCookieTests
{
    private const string Secure = "is false, so the cookie is also sent over cleartext HTTP";
    private const string HttpOnly = "is false for a session or authentication cookie, so injected script can read it";
    private const string NeverSecure = "is never set to true (it defaults to false), so the cookie is also sent over cleartext HTTP";
    private const string NeverSecureNorHttpOnly = "and HttpOnly are never set to true (they default to false), so the session or authentication cookie is also sent over cleartext HTTP and readable by script";
    private const string NeverHttpOnly = "is never set to true (it defaults to false) for a session or authentication cookie, so injected script can read it";

    // ---------------------------------------------------------------- flagged, fixed

    [Fact]
    public Task Flags_ExplicitFalseInInitializersStatementsFieldsAndProperties_FixSetsTrue() => Verify.NetFramework48CodeFixAsync(
        /* lang=c#-test */ """
        using System.Web;

        class Login
        {
            private readonly HttpCookie remembered = new HttpCookie("remember_me") { {|#0:Secure = false|}, HttpOnly = true };

            public HttpCookie Preferences { get; } = new HttpCookie("prefs") { Secure = true };

            public void Issue(HttpResponse response, string id)
            {
                var cookie = new HttpCookie("session_id", id) { {|#1:Secure = false|}, {|#2:HttpOnly = false|} };
                response.Cookies.Add(cookie);
            }

            public void Later(HttpResponse response, string token)
            {
                var cookie = new HttpCookie("auth_token", token) { Secure = true, HttpOnly = true };
                {|#3:cookie.HttpOnly = false|};
                response.Cookies.Add(cookie);
            }

            public void Relax(HttpResponse response)
            {
                {|#4:this.Preferences.Secure = false|};
                response.SetCookie(Preferences);
            }
        }
        """,
        /* lang=c#-test */ """
        using System.Web;

        class Login
        {
            private readonly HttpCookie remembered = new HttpCookie("remember_me") { Secure = true, HttpOnly = true };

            public HttpCookie Preferences { get; } = new HttpCookie("prefs") { Secure = true };

            public void Issue(HttpResponse response, string id)
            {
                var cookie = new HttpCookie("session_id", id) { Secure = true, HttpOnly = true };
                response.Cookies.Add(cookie);
            }

            public void Later(HttpResponse response, string token)
            {
                var cookie = new HttpCookie("auth_token", token) { Secure = true, HttpOnly = true };
                cookie.HttpOnly = true;
                response.Cookies.Add(cookie);
            }

            public void Relax(HttpResponse response)
            {
                this.Preferences.Secure = true;
                response.SetCookie(Preferences);
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("HttpCookie.Secure", Secure),
        Verify.Diagnostic().WithLocation(1).WithArguments("HttpCookie.Secure", Secure),
        Verify.Diagnostic().WithLocation(2).WithArguments("HttpCookie.HttpOnly", HttpOnly),
        Verify.Diagnostic().WithLocation(3).WithArguments("HttpCookie.HttpOnly", HttpOnly),
        Verify.Diagnostic().WithLocation(4).WithArguments("HttpCookie.Secure", Secure));

    [Fact]
    public Task Flags_CookiesCreatedWithoutTheFlags_FixAddsThem() => Verify.NetFramework48CodeFixAsync(
        /* lang=c#-test */ """
        using System.Web;

        class Account
        {
            public void SignIn(HttpResponse response, string id, string ticket, string refresh)
            {
                var session = {|#0:new HttpCookie("session_id", id)|};
                response.Cookies.Add(session);

                response.Cookies.Add({|#1:new HttpCookie(".ASPXAUTH", ticket) { Secure = true }|});

                var renewal = {|#2:new HttpCookie("refresh_token", refresh)|};
                renewal.Secure = true;
                response.Cookies.Add(renewal);
            }

            public void Cart(HttpResponse response, string cart)
            {
                response.Cookies.Add({|#3:new HttpCookie("cart", cart) { HttpOnly = true }|});
            }
        }
        """,
        /* lang=c#-test */ """
        using System.Web;

        class Account
        {
            public void SignIn(HttpResponse response, string id, string ticket, string refresh)
            {
                var session = new HttpCookie("session_id", id) { HttpOnly = true, Secure = true };
                response.Cookies.Add(session);

                response.Cookies.Add(new HttpCookie(".ASPXAUTH", ticket) { Secure = true, HttpOnly = true });

                var renewal = new HttpCookie("refresh_token", refresh) { HttpOnly = true };
                renewal.Secure = true;
                response.Cookies.Add(renewal);
            }

            public void Cart(HttpResponse response, string cart)
            {
                response.Cookies.Add(new HttpCookie("cart", cart) { HttpOnly = true, Secure = true });
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("HttpCookie.Secure", NeverSecureNorHttpOnly),
        Verify.Diagnostic().WithLocation(1).WithArguments("HttpCookie.HttpOnly", NeverHttpOnly),
        Verify.Diagnostic().WithLocation(2).WithArguments("HttpCookie.HttpOnly", NeverHttpOnly),
        Verify.Diagnostic().WithLocation(3).WithArguments("HttpCookie.Secure", NeverSecure));

    [Fact]
    public Task Flags_SafeValueOnlyInABranchOrAfterTheCookieWasAdded() => Verify.NetFramework48CodeFixAsync(
        /* lang=c#-test */ """
        using System.Web;

        class Preferences
        {
            public void Theme(HttpResponse response, HttpRequest request, string theme)
            {
                var cookie = {|#0:new HttpCookie("theme", theme) { HttpOnly = true }|};
                if (request.IsSecureConnection)
                {
                    cookie.Secure = true;
                }

                response.Cookies.Add(cookie);
            }

            public void Language(HttpResponse response, string language)
            {
                var cookie = {|#1:new HttpCookie("lang", language) { HttpOnly = true }|};
                response.Cookies.Add(cookie);
                cookie.Secure = true;
            }

            public void Session(HttpResponse response, bool production, string id)
            {
                var cookie = new HttpCookie("session_id", id) { {|#2:Secure = false|}, HttpOnly = true };
                if (production)
                {
                    cookie.Secure = true;
                }

                response.Cookies.Add(cookie);
            }
        }
        """,
        /* lang=c#-test */ """
        using System.Web;

        class Preferences
        {
            public void Theme(HttpResponse response, HttpRequest request, string theme)
            {
                var cookie = new HttpCookie("theme", theme) { HttpOnly = true, Secure = true };
                if (request.IsSecureConnection)
                {
                    cookie.Secure = true;
                }

                response.Cookies.Add(cookie);
            }

            public void Language(HttpResponse response, string language)
            {
                var cookie = new HttpCookie("lang", language) { HttpOnly = true, Secure = true };
                response.Cookies.Add(cookie);
                cookie.Secure = true;
            }

            public void Session(HttpResponse response, bool production, string id)
            {
                var cookie = new HttpCookie("session_id", id) { Secure = true, HttpOnly = true };
                if (production)
                {
                    cookie.Secure = true;
                }

                response.Cookies.Add(cookie);
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("HttpCookie.Secure", NeverSecure),
        Verify.Diagnostic().WithLocation(1).WithArguments("HttpCookie.Secure", NeverSecure),
        Verify.Diagnostic().WithLocation(2).WithArguments("HttpCookie.Secure", Secure));

    // ---------------------------------------------------------------- not flagged

    [Fact]
    public Task DoesNotFlag_FlagsSetInTheInitializerOrLaterBeforeUse() => Verify.NetFramework48AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Web;

        class Account
        {
            private readonly HttpCookie remembered = new HttpCookie("remember_me") { Secure = true, HttpOnly = true };

            public void SignIn(HttpResponse response, string id, string ticket)
            {
                response.Cookies.Add(new HttpCookie("session_id", id) { Secure = true, HttpOnly = true });

                var auth = new HttpCookie(".ASPXAUTH", ticket) { Secure = false, HttpOnly = false };
                auth.Secure = true;
                auth.HttpOnly = true;
                response.Cookies.Add(auth);

                var later = new HttpCookie("auth_token");
                later.Value = ticket;
                later.HttpOnly = true;
                later.Secure = true;
                response.SetCookie(later);
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_NonSensitiveCookiesWithSecure_ScriptReadableTokens_UnknownValues() => Verify.NetFramework48AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Web;

        class Preferences
        {
            public void Issue(HttpResponse response, HttpRequest request, string theme, string xsrf, string id)
            {
                // Not a session or authentication cookie: HttpOnly is not required.
                response.Cookies.Add(new HttpCookie("theme", theme) { Secure = true });
                response.Cookies.Add(new HttpCookie("lang", theme) { Secure = true, HttpOnly = false });

                // Read by client script on purpose.
                response.Cookies.Add(new HttpCookie("XSRF-TOKEN", xsrf) { Secure = true, HttpOnly = false });

                // A value that is not a constant is not judged.
                response.Cookies.Add(new HttpCookie("session_id", id) { Secure = request.IsSecureConnection, HttpOnly = true });

                // Cookies received with the request, and existing response cookies, are not created here.
                var received = request.Cookies["session_id"];
                response.Cookies["lang"].Secure = true;
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_CookiesIssuedAlreadyExpired_ToDeleteThem_AndLookAlikeTypes() => Verify.NetFramework48AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using System.Web;

        namespace Shop
        {
            class SignOut
            {
                public void Run(HttpResponse response)
                {
                    response.Cookies.Add(new HttpCookie("session_id") { Expires = DateTime.Now.AddDays(-1) });

                    var auth = new HttpCookie(".ASPXAUTH", "");
                    auth.Expires = DateTime.MinValue;
                    response.Cookies.Add(auth);

                    var refresh = new HttpCookie("refresh_token") { Expires = DateTime.UtcNow.AddYears(-1) };
                    response.SetCookie(refresh);

                    var own = new Vendor.HttpCookie("session_id") { Secure = false, HttpOnly = false };
                    own.Secure = false;
                }
            }
        }

        namespace Vendor
        {
            public sealed class HttpCookie
            {
                public HttpCookie(string name) { Name = name; }
                public string Name { get; }
                public bool Secure { get; set; }
                public bool HttpOnly { get; set; }
            }
        }
        """);
}
