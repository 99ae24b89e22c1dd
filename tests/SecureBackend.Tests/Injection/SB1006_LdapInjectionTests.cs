using System.Threading.Tasks;
using Verify = SecureBackend.Tests.Infrastructure.AnalyzerVerifier<SecureBackend.Analyzers.Injection.LdapInjectionAnalyzer>;

namespace SecureBackend.Tests.Injection;

/// <summary>SB1006: LDAP filters and directory paths built from non-constant strings (no code fix).</summary>
public sealed class SB1006_LdapInjectionTests
{
    [Fact]
    public Task Flags_ConcatenatedSearcherFilter() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.DirectoryServices;

        class Directory
        {
            SearchResult? Find(DirectoryEntry root, string userName)
            {
                using var searcher = new DirectorySearcher(root);
                searcher.Filter = {|#0:"(&(objectClass=user)(sAMAccountName=" + userName + "))"|};
                return searcher.FindOne();
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("DirectorySearcher.Filter", "userName"));

    [Fact]
    public Task Flags_InterpolatedConstructorFilterAndEntryPath() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.DirectoryServices;

        class Directory
        {
            void Find(string mail, string unit)
            {
                using var entry = new DirectoryEntry([|"LDAP://OU=" + unit + ",DC=corp,DC=example"|]);
                using var searcher = new DirectorySearcher(entry, [|$"(mail={mail})"|]);
                entry.Path = [|string.Format("LDAP://CN={0},DC=corp", mail)|];
                searcher.FindAll();
            }
        }
        """);

    [Fact]
    public Task Flags_ProtocolsSearchRequestFilter() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.DirectoryServices.Protocols;

        class Directory
        {
            SearchRequest Build(string uid)
            {
                var request = new SearchRequest("dc=example,dc=com", {|#0:$"(uid={uid})"|}, SearchScope.Subtree);
                request.Filter = [|"(cn=" + uid.Trim() + ")"|];
                return request;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("SearchRequest", "uid"));

    [Fact]
    public Task Flags_RequestBoundFilterTakenWhole() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.DirectoryServices;
        using Microsoft.AspNetCore.Mvc;

        [ApiController, Route("directory")]
        public class DirectoryController : ControllerBase
        {
            [HttpGet]
            public IActionResult Search(string filter)
            {
                using var searcher = new DirectorySearcher([|filter|]);
                return Ok(searcher.FindAll().Count);
            }
        }
        """);

    [Fact]
    public Task Flags_StringBuilderFilterWithReplaceIsNotEscaping() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.DirectoryServices;
        using System.Text;

        class Directory
        {
            void Find(DirectorySearcher searcher, string name)
            {
                var filter = new StringBuilder("(&(objectClass=person)(cn=");
                filter.Append(name.Replace("*", "")).Append("))");
                searcher.Filter = [|filter.ToString()|];
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_ConstantFiltersAndConstantConcatenation() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.DirectoryServices;
        using System.DirectoryServices.Protocols;

        class Directory
        {
            private const string Base = "DC=corp,DC=example";
            private const string Users = "(objectClass=user)";

            void Find()
            {
                using var entry = new DirectoryEntry("LDAP://" + Base);
                using var searcher = new DirectorySearcher(entry, "(&" + Users + "(!(userAccountControl:1.2.840.113556.1.4.803:=2)))");
                searcher.Filter = $"(&{Users}(mail=*))";
                var request = new SearchRequest(Base, Users, System.DirectoryServices.Protocols.SearchScope.Subtree);
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_NumericAndEnumHoles() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.DirectoryServices;

        enum Flags { Disabled = 2 }

        class Directory
        {
            void Find(DirectorySearcher searcher, int employeeId, Flags flags, long since)
            {
                searcher.Filter = $"(&(employeeID={employeeId})(userAccountControl:1.2.840.113556.1.4.803:={(int)flags})(uSNChanged>={since}))";
                searcher.Filter = "(flags=" + flags + ")";
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_EscapedValuesAndNonRequestValuesPassedWhole() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.DirectoryServices;
        using System.Text;

        static class Ldap
        {
            public static string EscapeFilterValue(string value)
            {
                var builder = new StringBuilder();
                foreach (var c in value)
                {
                    builder.Append(c switch { '\\' => @"\5c", '*' => @"\2a", '(' => @"\28", ')' => @"\29", '\0' => @"\00", _ => c.ToString() });
                }

                return builder.ToString();
            }
        }

        class Directory
        {
            private readonly string _configuredFilter = "(objectClass=user)";

            void Find(DirectorySearcher searcher, string userName, string path)
            {
                searcher.Filter = "(sAMAccountName=" + Ldap.EscapeFilterValue(userName) + ")";
                searcher.Filter = _configuredFilter;
                using var entry = new DirectoryEntry(path);
            }
        }
        """);
}
