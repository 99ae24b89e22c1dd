using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.AspNet;

namespace SecureBackend.Analyzers.Transport;

/// <summary>
/// SB4005: <c>http://</c>, <c>ws://</c>, <c>ftp://</c> and <c>telnet://</c> URLs that reach a network API — HttpClient
/// calls and <c>BaseAddress</c>, <c>HttpRequestMessage</c>, <c>WebRequest.Create</c>, <c>WebClient</c>,
/// <c>ClientWebSocket.ConnectAsync</c>, redirects, and the server's own bindings (<c>UseUrls</c>, <c>app.Run(url)</c>,
/// <c>app.Urls.Add</c>, the <c>urls</c> setting) — and <c>EnableSsl = false</c> on <c>SmtpClient</c> and
/// <c>FtpWebRequest</c>. A URL that never reaches one of these APIs is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CleartextProtocolAnalyzer : SecureBackendAnalyzer
{
    /// <summary>Diagnostic property: <see cref="UrlKind"/> or <see cref="EnableSslKind"/>.</summary>
    public const string KindProperty = "Kind";

    public const string UrlKind = "Url";

    public const string EnableSslKind = "EnableSsl";

    /// <summary>Diagnostic property present when every URL can be switched to its TLS scheme in place.</summary>
    public const string UpgradableProperty = "Upgradable";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.CleartextProtocol);

    /// <summary>Every report needs one of the sink types: without them nothing is registered.</summary>
    protected override bool IsRelevant(KnownTypes types) => new Sinks(types).HasAnySink;

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var sinks = new Sinks(types);
        // Arguments are read from their calls: one callback per call instead of one per argument. Every sink is a
        // method's parameter, so indexers (whose parameters belong to a property) have none to give.
        context.RegisterOperationAction(sinks.AnalyzeCall, OperationKind.Invocation, OperationKind.ObjectCreation);
        context.RegisterOperationAction(sinks.AnalyzeAssignment, OperationKind.SimpleAssignment);
    }

    private sealed class Sinks
    {
        private readonly INamedTypeSymbol? _httpClient;
        private readonly INamedTypeSymbol? _httpClientJson;
        private readonly INamedTypeSymbol? _httpRequestMessage;
        private readonly INamedTypeSymbol? _webRequest;
        private readonly INamedTypeSymbol? _webClient;
        private readonly INamedTypeSymbol? _clientWebSocket;
        private readonly INamedTypeSymbol? _smtpClient;
        private readonly INamedTypeSymbol? _ftpWebRequest;
        private readonly MvcHelpers _mvcHelpers;
        private readonly INamedTypeSymbol? _httpResponse;
        private readonly INamedTypeSymbol? _results;
        private readonly INamedTypeSymbol? _typedResults;
        private readonly INamedTypeSymbol? _redirectResult;
        private readonly INamedTypeSymbol? _webApplication;
        private readonly INamedTypeSymbol? _webHostBuilderExtensions;
        private readonly INamedTypeSymbol? _webHostBuilder;

        public Sinks(KnownTypes types)
        {
            _httpClient = types.Get("System.Net.Http.HttpClient");
            _httpClientJson = types.Get("System.Net.Http.Json.HttpClientJsonExtensions");
            _httpRequestMessage = types.Get("System.Net.Http.HttpRequestMessage");
            _webRequest = types.Get("System.Net.WebRequest");
            _webClient = types.Get("System.Net.WebClient");
            _clientWebSocket = types.Get("System.Net.WebSockets.ClientWebSocket");
            _smtpClient = types.Get("System.Net.Mail.SmtpClient");
            _ftpWebRequest = types.Get("System.Net.FtpWebRequest");
            _mvcHelpers = MvcHelpers.Create(types);
            _httpResponse = types.Get("Microsoft.AspNetCore.Http.HttpResponse");
            _results = types.Get("Microsoft.AspNetCore.Http.Results");
            _typedResults = types.Get("Microsoft.AspNetCore.Http.TypedResults");
            _redirectResult = types.Get("Microsoft.AspNetCore.Mvc.RedirectResult");
            _webApplication = types.Get("Microsoft.AspNetCore.Builder.WebApplication");
            _webHostBuilderExtensions = types.Get("Microsoft.AspNetCore.Hosting.HostingAbstractionsWebHostBuilderExtensions");
            _webHostBuilder = types.Get("Microsoft.AspNetCore.Hosting.IWebHostBuilder");
        }

        /// <summary>Whether any type a URL or <c>EnableSsl</c> sink is recognised by resolves in the compilation.</summary>
        public bool HasAnySink
            => _httpClient is not null || _httpClientJson is not null || _httpRequestMessage is not null || _webRequest is not null
               || _webClient is not null || _clientWebSocket is not null || _smtpClient is not null || _ftpWebRequest is not null
               || _mvcHelpers.IsReferenced || _httpResponse is not null || _results is not null
               || _typedResults is not null || _redirectResult is not null || _webApplication is not null
               || _webHostBuilderExtensions is not null || _webHostBuilder is not null;

        public void AnalyzeCall(OperationAnalysisContext context)
        {
            foreach (var argument in context.Operation.CallArguments())
            {
                AnalyzeArgument(context, argument);
            }
        }

        private void AnalyzeArgument(OperationAnalysisContext context, IArgumentOperation argument)
        {
            // Every argument comes here: the parameter's name (one of the switch's labels below) before its method.
            if (argument.Parameter is not { } parameter
                || parameter.Name is not ("requestUri" or "requestUriString" or "address" or "uri" or "url" or "location" or "urls" or "value" or "item")
                || parameter.ContainingSymbol is not IMethodSymbol method || method.ContainingType is not { } type)
            {
                return;
            }

            var binding = false;
            switch (parameter.Name)
            {
                case "requestUri" when Eq(type, _httpClient) || Eq(type, _httpClientJson) || Eq(type, _httpRequestMessage):
                case "requestUri" or "requestUriString" when type.InheritsFromOrEquals(_webRequest) && method.Name.StartsWith("Create", System.StringComparison.Ordinal):
                case "address" when type.InheritsFromOrEquals(_webClient):
                case "uri" when method.Name == "ConnectAsync" && type.InheritsFromOrEquals(_clientWebSocket):
                case "url" or "location" when method.Name.StartsWith("Redirect", System.StringComparison.Ordinal) && IsRedirectType(type):
                case "url" when method.MethodKind == MethodKind.Constructor && type.InheritsFromOrEquals(_redirectResult):
                    break;
                case "url" when Eq(type, _webApplication) && method.Name is "Run" or "RunAsync":
                case "urls" when Eq(type, _webHostBuilderExtensions) && method.Name == "UseUrls":
                    binding = true;
                    break;
                case "value" when method.Name == "UseSetting" && type.IsOrImplements(_webHostBuilder) && IsUrlsKey(argument):
                    binding = true;
                    break;
                case "item" when method.Name == "Add" && argument.Parent is IInvocationOperation { Instance: IPropertyReferenceOperation { Property.Name: "Urls" } urls }
                    && Eq(urls.Property.ContainingType, _webApplication):
                    binding = true;
                    break;
                default:
                    return;
            }

            if (binding && context.Options.GetBool(argument.Syntax.SyntaxTree, HttpsPipelineAnalyzer.TlsTerminatedUpstreamKey))
            {
                return;
            }

            var sink = SinkNames.Of(method);
            if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer: { } elements })
            {
                foreach (var element in elements.ElementValues)
                {
                    Report(context, argument, element, element.Syntax, sink);
                }

                return;
            }

            Report(context, argument, argument.Value, argument.Syntax, sink);
        }

        public void AnalyzeAssignment(OperationAnalysisContext context)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (assignment.Target is not IPropertyReferenceOperation { Property: { } property })
            {
                return;
            }

            var type = property.ContainingType;
            switch (property.Name)
            {
                case "BaseAddress" when Eq(type, _httpClient) || type.InheritsFromOrEquals(_webClient):
                case "RequestUri" when Eq(type, _httpRequestMessage):
                    Report(context, assignment, assignment.Value, assignment.Value.Syntax, type.Name + "." + property.Name);
                    return;

                case "EnableSsl" when Eq(type, _smtpClient) || Eq(type, _ftpWebRequest):
                    if (assignment.Value.ConstantValue is { HasValue: true, Value: false } && !DevelopmentGuards.IsInDevelopmentOnlyCode(assignment))
                    {
                        var properties = ImmutableDictionary<string, string?>.Empty.Add(KindProperty, EnableSslKind);
                        var protocol = Eq(type, _smtpClient) ? "SMTP" : "FTP";
                        context.Report(Diagnostic.Create(Rules.CleartextProtocol, assignment.Syntax.GetLocation(),
                            new[] { assignment.Value.Syntax.GetLocation() }, properties, type.Name + "." + property.Name, protocol));
                    }

                    return;
            }
        }

        private static void Report(OperationAnalysisContext context, IOperation at, IOperation value, SyntaxNode location, string sink)
        {
            var found = new List<CleartextUrl>();
            CleartextUrls.Find(value, found);
            if (found.Count == 0 || DevelopmentGuards.IsInDevelopmentOnlyCode(at))
            {
                return;
            }

            var upgradable = true;
            var literals = new List<Location>();
            foreach (var url in found)
            {
                if (url.Scheme is not ("http" or "ws") || url.HasPort || url.SchemeLiteral is null
                    || url.SchemeLiteral.SyntaxTree != location.SyntaxTree)
                {
                    upgradable = false;
                    continue;
                }

                literals.Add(url.SchemeLiteral.GetLocation());
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(KindProperty, UrlKind);
            if (upgradable)
            {
                properties = properties.Add(UpgradableProperty, "true");
            }

            var first = found[0];
            var description = first.Scheme.ToUpperInvariant() + " to " + first.Host;
            context.Report(Diagnostic.Create(Rules.CleartextProtocol, location.GetLocation(), literals, properties, sink, description));
        }

        private bool IsRedirectType(INamedTypeSymbol type)
            => _mvcHelpers.IsHelperType(type) || type.InheritsFromOrEquals(_httpResponse)
                || Eq(type, _results) || Eq(type, _typedResults);

        private static bool IsUrlsKey(IArgumentOperation argument)
            => argument.Parent is IInvocationOperation invocation
                && invocation.GetArgument("key") is { Value.ConstantValue: { HasValue: true, Value: string key } }
                && string.Equals(key, "urls", System.StringComparison.OrdinalIgnoreCase);

        private static bool Eq(ISymbol? left, ISymbol? right) => right is not null && SymbolEqualityComparer.Default.Equals(left, right);
    }
}
