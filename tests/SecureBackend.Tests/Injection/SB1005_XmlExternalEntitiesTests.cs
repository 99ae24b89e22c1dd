using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.CodeFixes.Injection;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<SecureBackend.Analyzers.Injection.XmlExternalEntityAnalyzer, SecureBackend.CodeFixes.Injection.XmlExternalEntityFixer>;

namespace SecureBackend.Tests.Injection;

public sealed class SB1005_XmlExternalEntitiesTests
{
    /// <summary>The finding at markup location <paramref name="location"/>; its additional location (the DTD setting) is for the fix.</summary>
    private static DiagnosticResult Expect(int location, string parser, string resolver)
        => Verify.Diagnostic().WithLocation(location).WithArguments(parser, resolver).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    private const string ParseWithResolver = /* lang=c#-test */ """
        using System.IO;
        using System.Xml;

        public static class Imports
        {
            public static XmlReader Open(Stream upload)
            {
                var settings = new XmlReaderSettings
                {
                    DtdProcessing = DtdProcessing.Parse,
                    {|#0:XmlResolver = new XmlUrlResolver()|},
                };
                return XmlReader.Create(upload, settings);
            }
        }
        """;

    [Fact]
    public Task Flags_ReaderSettingsParseWithUrlResolver_SetResolverToNull() => Verify.CodeFixAsync(
        ParseWithResolver,
        /* lang=c#-test */ """
        using System.IO;
        using System.Xml;

        public static class Imports
        {
            public static XmlReader Open(Stream upload)
            {
                var settings = new XmlReaderSettings
                {
                    DtdProcessing = DtdProcessing.Parse,
                    XmlResolver = null,
                };
                return XmlReader.Create(upload, settings);
            }
        }
        """,
        XmlExternalEntityFixer.NullResolverKey,
        Expect(0, "XmlReaderSettings", "new XmlUrlResolver()"));

    [Fact]
    public Task Flags_ReaderSettingsParseWithUrlResolver_ProhibitDtd() => Verify.CodeFixAsync(
        ParseWithResolver,
        /* lang=c#-test */ """
        using System.IO;
        using System.Xml;

        public static class Imports
        {
            public static XmlReader Open(Stream upload)
            {
                var settings = new XmlReaderSettings
                {
                    DtdProcessing = DtdProcessing.Prohibit,
                    XmlResolver = new XmlUrlResolver(),
                };
                return XmlReader.Create(upload, settings);
            }
        }
        """,
        XmlExternalEntityFixer.ProhibitDtdKey,
        Expect(0, "XmlReaderSettings", "new XmlUrlResolver()"));

    [Fact]
    public Task Flags_ReaderSettingsAssignedStatementByStatement() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Xml;

        public sealed class FeedReader
        {
            private readonly XmlReaderSettings _settings = new();

            public FeedReader()
            {
                _settings.DtdProcessing = DtdProcessing.Parse;
                XmlResolver resolver = new XmlUrlResolver();
                {|#0:_settings.XmlResolver = resolver|};
            }
        }
        """,
        /* lang=c#-test */ """
        using System.Xml;

        public sealed class FeedReader
        {
            private readonly XmlReaderSettings _settings = new();

            public FeedReader()
            {
                _settings.DtdProcessing = DtdProcessing.Parse;
                XmlResolver resolver = new XmlUrlResolver();
                _settings.XmlResolver = null;
            }
        }
        """,
        XmlExternalEntityFixer.NullResolverKey,
        Expect(0, "XmlReaderSettings", "new XmlUrlResolver()"));

    [Fact]
    public Task Flags_XmlDocumentWithAResolver() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Xml;

        public static class Invoices
        {
            public static XmlDocument Load(string xml)
            {
                var document = new XmlDocument { {|#0:XmlResolver = new XmlUrlResolver()|} };
                document.LoadXml(xml);
                var other = new XmlDocument();
                {|#1:other.XmlResolver = XmlResolver.FileSystemResolver|};
                return document;
            }
        }
        """,
        /* lang=c#-test */ """
        using System.Xml;

        public static class Invoices
        {
            public static XmlDocument Load(string xml)
            {
                var document = new XmlDocument { XmlResolver = null };
                document.LoadXml(xml);
                var other = new XmlDocument();
                other.XmlResolver = null;
                return document;
            }
        }
        """,
        Expect(0, "XmlDocument", "new XmlUrlResolver()"),
        Expect(1, "XmlDocument", "XmlResolver.FileSystemResolver"));

    [Fact]
    public Task Flags_XmlTextReaderWithAResolver() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        #pragma warning disable SYSLIB0013
        using System.IO;
        using System.Xml;

        public static class Legacy
        {
            public static XmlTextReader Open(TextReader text)
            {
                var reader = new XmlTextReader(text);
                {|#0:reader.XmlResolver = new XmlUrlResolver()|};
                return reader;
            }
        }
        """,
        /* lang=c#-test */ """
        #pragma warning disable SYSLIB0013
        using System.IO;
        using System.Xml;

        public static class Legacy
        {
            public static XmlTextReader Open(TextReader text)
            {
                var reader = new XmlTextReader(text);
                reader.XmlResolver = null;
                return reader;
            }
        }
        """,
        Expect(0, "XmlTextReader", "new XmlUrlResolver()"));

    [Fact]
    public Task Flags_NetFrameworkBefore452Defaults() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        [assembly: System.Runtime.Versioning.TargetFramework(".NETFramework,Version=v4.5.1")]
        namespace Legacy
        {
            using System.IO;
            using System.Xml;

            public static class Parsers
            {
                public static void Load(string xml, TextReader text)
                {
                    var document = {|#0:new XmlDocument()|};
                    document.LoadXml(xml);
                    var safe = new XmlDocument { XmlResolver = null };
                    safe.LoadXml(xml);
        #pragma warning disable SYSLIB0013
                    var reader = {|#1:new XmlTextReader(text)|};
                    var prohibited = new XmlTextReader(text) { DtdProcessing = DtdProcessing.Prohibit };
        #pragma warning restore SYSLIB0013
                }
            }
        }
        """,
        Expect(0, "XmlDocument", "the default XmlUrlResolver"),
        Expect(1, "XmlTextReader", "the default XmlUrlResolver"));

    [Fact]
    public Task Flags_NetFrameworkBefore452ParseWithDefaultResolver() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        [assembly: System.Runtime.Versioning.TargetFramework(".NETFramework,Version=v4.0")]
        public static class Settings
        {
            public static System.Xml.XmlReaderSettings Create() => new() { {|#0:DtdProcessing = System.Xml.DtdProcessing.Parse|} };
        }
        """,
        /* lang=c#-test */ """
        [assembly: System.Runtime.Versioning.TargetFramework(".NETFramework,Version=v4.0")]
        public static class Settings
        {
            public static System.Xml.XmlReaderSettings Create() => new() { DtdProcessing = System.Xml.DtdProcessing.Prohibit };
        }
        """,
        Expect(0, "XmlReaderSettings", "the default XmlUrlResolver"));

    [Fact]
    public Task DoesNotFlag_SafeDefaultsOnModernFrameworks() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        #pragma warning disable SYSLIB0013
        using System.IO;
        using System.Xml;

        public static class Parsers
        {
            public static void Load(string xml, Stream upload, TextReader text)
            {
                var document = new XmlDocument();
                document.LoadXml(xml);
                var parse = new XmlReaderSettings { DtdProcessing = DtdProcessing.Parse };
                XmlReader.Create(upload, parse);
                var reader = new XmlTextReader(text);
                reader.Read();
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_NullThrowingOrProhibitedResolvers() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        #pragma warning disable SYSLIB0013
        using System.IO;
        using System.Xml;

        public static class Parsers
        {
            public static void Load(TextReader text)
            {
                _ = new XmlDocument { XmlResolver = null };
                _ = new XmlDocument { XmlResolver = XmlResolver.ThrowingResolver };
                _ = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = new XmlUrlResolver() };
                _ = new XmlReaderSettings { XmlResolver = new XmlUrlResolver() }; // DTDs prohibited by default
                _ = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = new XmlUrlResolver() };
                _ = new XmlTextReader(text) { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = new XmlUrlResolver() };
                var reader = new XmlTextReader(text);
                reader.DtdProcessing = DtdProcessing.Ignore;
                reader.XmlResolver = new XmlUrlResolver();
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_NetFrameworkFrom452() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        [assembly: System.Runtime.Versioning.TargetFramework(".NETFramework,Version=v4.7.2")]
        public static class Parsers
        {
            public static void Load(string xml)
            {
                var document = new System.Xml.XmlDocument();
                document.LoadXml(xml);
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_HalfTypedAssignments()
    {
        var test = new Verify.Test
        {
            TestCode = /* lang=c#-test */ """
            using System.Xml;

            public static class Broken
            {
                public static void Load()
                {
                    var settings = new XmlReaderSettings { DtdProcessing = , XmlResolver = new XmlUrlResolver( };
                    var document = new XmlDocument();
                    document.XmlResolver = ;
                    unknown.XmlResolver = new XmlUrlResolver();
                }
            }
            """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        return test.RunAsync();
    }
}
