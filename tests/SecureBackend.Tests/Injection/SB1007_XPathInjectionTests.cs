using System.Threading.Tasks;
using Verify = SecureBackend.Tests.Infrastructure.AnalyzerVerifier<SecureBackend.Analyzers.Injection.XPathInjectionAnalyzer>;

namespace SecureBackend.Tests.Injection;

/// <summary>SB1007: XPath expressions built from non-constant strings (no code fix).</summary>
public sealed class SB1007_XPathInjectionTests
{
    [Fact]
    public Task Flags_ConcatenatedSelectNodes() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Xml;

        class Users
        {
            XmlNodeList? Find(XmlDocument document, string name, string password)
                => document.SelectNodes({|#0:"//user[@name='" + name + "' and @password='" + password + "']"|});
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("XmlNode.SelectNodes", "name"));

    [Fact]
    public Task Flags_InterpolatedSelectSingleNodeWithNamespaces() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Xml;

        class Catalog
        {
            XmlNode? Find(XmlElement root, XmlNamespaceManager namespaces, string sku)
                => root.SelectSingleNode([|$"//c:product[@sku='{sku}']"|], namespaces);
        }
        """);

    [Fact]
    public Task Flags_NavigatorSelectEvaluateCompile() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Xml.XPath;

        class Catalog
        {
            void Query(XPathNavigator navigator, string category, string field)
            {
                navigator.Select([|"//item[category='" + category + "']"|]);
                navigator.Evaluate([|string.Format("count(//item[@type='{0}'])", category)|]);
                var expression = XPathExpression.Compile([|"//" + field|]);
                navigator.Compile([|$"sum(//{field})"|]);
                navigator.SelectSingleNode(expression);
            }
        }
        """);

    [Fact]
    public Task Flags_LinqToXmlXPathExtensions() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Xml.Linq;
        using System.Xml.XPath;

        class Settings
        {
            object Read(XDocument document, string key)
            {
                document.XPathSelectElements([|"//setting[@key='" + key + "']"|]);
                return document.XPathEvaluate([|$"string(//setting[@key='{key}']/@value)"|]);
            }
        }
        """);

    [Fact]
    public Task Flags_RequestBoundExpressionTakenWhole() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Xml;
        using Microsoft.AspNetCore.Mvc;

        public class SearchController : Controller
        {
            private readonly XmlDocument _catalog = new();

            public IActionResult Query()
            {
                string expression = Request.Query["xpath"];
                return Ok(_catalog.SelectNodes([|expression|])?.Count);
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_ConstantExpressionsAndNumericHoles() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Xml;
        using System.Xml.XPath;

        class Catalog
        {
            private const string Items = "//item";

            void Query(XmlDocument document, XPathNavigator navigator, int id, decimal price)
            {
                document.SelectNodes("//user[@active='true']");
                document.SelectNodes(Items + "[@featured]");
                document.SelectSingleNode($"{Items}[@id={id}]");
                navigator.Select("//item[price > " + price + "]");
                XPathExpression.Compile(Items);
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_XPathVariablesAndEscapedValues() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Security;
        using System.Xml.XPath;
        using System.Xml.Xsl;

        class Users
        {
            void Query(XPathNavigator navigator, XsltContext context, string name)
            {
                var expression = XPathExpression.Compile("//user[@name=$name]");
                expression.SetContext(context);
                navigator.Select(expression);
                navigator.Select("//user[@name='" + EscapeXPath(name) + "']");
                navigator.Select("//user[@name='" + SecurityElement.Escape(name) + "']");
            }

            static string EscapeXPath(string value) => value.Replace("'", "&apos;");
        }
        """);

    [Fact]
    public Task DoesNotFlag_NonRequestExpressionPassedWhole() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Xml;

        class Mapper
        {
            private readonly string _configuredPath = "//entry";

            XmlNodeList? Map(XmlDocument document, string expression)
            {
                document.SelectNodes(_configuredPath);
                return document.SelectNodes(expression);
            }
        }
        """);
}
