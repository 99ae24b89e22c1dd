using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Infrastructure.AspNet;

/// <summary>What a member of a host pipeline sets up for HTTPS, and what the app serves.</summary>
[System.Flags]
internal enum HttpsFacts
{
    None = 0,

    /// <summary><c>UseHttpsRedirection()</c>, a rewrite rule to HTTPS, <c>[RequireHttps]</c>, or a hand-written check of <c>Request.IsHttps</c>.</summary>
    Redirect = 1,

    /// <summary><c>UseHsts()</c> or a hand-written <c>Strict-Transport-Security</c> header.</summary>
    Hsts = 2,

    /// <summary><c>MapHealthChecks</c> / <c>UseHealthChecks</c>.</summary>
    HealthChecks = 4,

    /// <summary>Endpoints or middleware other than health checks.</summary>
    Content = 8,
}

/// <summary>
/// The HTTPS set-up of an application's host pipeline: walks the members <see cref="HostPipeline"/> says the pipeline
/// reaches and unions what each sets up (<see cref="HttpsFacts"/>). What each member does is read once per compilation.
/// </summary>
internal sealed class HttpsPipelineFacts
{
    /// <summary>Framework calls after which the app has endpoints or middleware other than health checks.</summary>
    private static readonly HashSet<string> ContentMiddleware = NameSet.Of(
        "Use", "UseMiddleware", "UseEndpoints", "UseMvc", "UseMvcWithDefaultRoute", "UseStaticFiles", "UseFileServer",
        "UseDefaultFiles", "UseDirectoryBrowser", "UseSpa", "UseWelcomePage", "UseRouter", "UseWebSockets");

    private readonly HostPipeline _pipeline;
    private readonly INamedTypeSymbol? _httpsPolicyExtensions;
    private readonly INamedTypeSymbol? _hstsExtensions;
    private readonly INamedTypeSymbol? _rewriteExtensions;
    private readonly INamedTypeSymbol? _requireHttps;
    private readonly INamedTypeSymbol? _httpRequest;
    private readonly INamedTypeSymbol? _headerNames;
    private readonly INamedTypeSymbol? _headerDictionary;
    private readonly INamedTypeSymbol? _runExtensions;

    private readonly ConcurrentDictionary<ISymbol, HttpsFacts> _facts = new(SymbolEqualityComparer.Default);

    public HttpsPipelineFacts(KnownTypes types, HostPipeline pipeline)
    {
        _pipeline = pipeline;
        _httpsPolicyExtensions = types.Get("Microsoft.AspNetCore.Builder.HttpsPolicyBuilderExtensions");
        _hstsExtensions = types.Get("Microsoft.AspNetCore.Builder.HstsBuilderExtensions");
        _rewriteExtensions = types.Get("Microsoft.AspNetCore.Rewrite.RewriteOptionsExtensions");
        _requireHttps = types.Get("Microsoft.AspNetCore.Mvc.RequireHttpsAttribute");
        _httpRequest = types.Get("Microsoft.AspNetCore.Http.HttpRequest");
        _headerNames = types.Get("Microsoft.Net.Http.Headers.HeaderNames");
        _headerDictionary = types.Get("Microsoft.AspNetCore.Http.IHeaderDictionary");
        _runExtensions = types.Get("Microsoft.AspNetCore.Builder.RunExtensions");
    }

    /// <summary>The host pipeline model these facts are read over.</summary>
    public HostPipeline Pipeline => _pipeline;

    /// <summary>Both redirection and HSTS are set up: nothing is missing, whatever else the pipeline does.</summary>
    public static bool IsSecured(HttpsFacts facts) => (facts & (HttpsFacts.Redirect | HttpsFacts.Hsts)) == (HttpsFacts.Redirect | HttpsFacts.Hsts);

    /// <summary>The app serves health checks and nothing else.</summary>
    public static bool ServesHealthChecksOnly(HttpsFacts facts) => (facts & HttpsFacts.HealthChecks) != 0 && (facts & HttpsFacts.Content) == 0;

    /// <summary>
    /// The union of what the members of <paramref name="host"/>'s pipeline set up (middleware classes count for
    /// redirection and HSTS only); stops as soon as both redirection and HSTS are found (<see cref="PipelineWalk.Stopped"/>).
    /// </summary>
    public PipelineWalk Collect(PipelineHost host, CancellationToken cancellationToken, out HttpsFacts facts)
    {
        var collector = new Collector(this, cancellationToken);
        var walk = _pipeline.Walk(host, collector, cancellationToken);
        facts = collector.Facts;
        return walk;
    }

    /// <summary>What one member (its lambdas and local functions included) sets up, read once per compilation.</summary>
    public HttpsFacts FactsOf(ISymbol member, IOperation? known, CancellationToken cancellationToken)
    {
        if (_facts.TryGetValue(member, out var facts))
        {
            return facts;
        }

        foreach (var body in _pipeline.Bodies(member, known, cancellationToken))
        {
            facts |= FactsIn(body);
        }

        return _facts.GetOrAdd(member, facts);
    }

    private HttpsFacts FactsIn(IOperation body)
    {
        var facts = HttpsFacts.None;
        foreach (var operation in body.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IInvocationOperation invocation:
                    facts |= Classify(invocation.TargetMethod);
                    break;

                case IObjectCreationOperation creation when _requireHttps is not null && creation.Type.InheritsFromOrEquals(_requireHttps):
                    facts |= HttpsFacts.Redirect;
                    break;

                // A hand-written redirect middleware reads Request.IsHttps.
                case IPropertyReferenceOperation { Property: { Name: "IsHttps" } property }
                    when SymbolEqualityComparer.Default.Equals(property.ContainingType, _httpRequest):
                    facts |= HttpsFacts.Redirect;
                    break;

                // A hand-written HSTS header: Headers.StrictTransportSecurity = …, HeaderNames.StrictTransportSecurity.
                case IPropertyReferenceOperation { Property: { Name: "StrictTransportSecurity" } headerProperty }
                    when headerProperty.ContainingType.IsOrImplements(_headerDictionary):
                    facts |= HttpsFacts.Hsts;
                    break;

                case IFieldReferenceOperation { Field: { Name: "StrictTransportSecurity" } field }
                    when SymbolEqualityComparer.Default.Equals(field.ContainingType, _headerNames):
                    facts |= HttpsFacts.Hsts;
                    break;

                case ILiteralOperation literal
                    when literal.TryGetConstantString(out var text) && string.Equals(text, "Strict-Transport-Security", System.StringComparison.OrdinalIgnoreCase):
                    facts |= HttpsFacts.Hsts;
                    break;
            }
        }

        return facts;
    }

    private HttpsFacts Classify(IMethodSymbol method)
    {
        if (method.ContainingType is not { } type)
        {
            return HttpsFacts.None;
        }

        var facts = HttpsFacts.None;
        if (!method.TypeArguments.IsEmpty && _requireHttps is not null)
        {
            foreach (var argument in method.TypeArguments)
            {
                if (SymbolEqualityComparer.Default.Equals(argument, _requireHttps))
                {
                    facts |= HttpsFacts.Redirect;
                }
            }
        }

        var name = method.Name;
        if (name == "UseHttpsRedirection" && SymbolEqualityComparer.Default.Equals(type, _httpsPolicyExtensions))
        {
            return facts | HttpsFacts.Redirect;
        }

        if (name == "UseHsts" && SymbolEqualityComparer.Default.Equals(type, _hstsExtensions))
        {
            return facts | HttpsFacts.Hsts;
        }

        if (name.StartsWith("AddRedirectToHttps", System.StringComparison.Ordinal) && SymbolEqualityComparer.Default.Equals(type, _rewriteExtensions))
        {
            return facts | HttpsFacts.Redirect;
        }

        if (!type.ContainingNamespace.IsWithinNamespace("Microsoft.AspNetCore"))
        {
            return facts;
        }

        if (name is "MapHealthChecks" or "UseHealthChecks")
        {
            return facts | HttpsFacts.HealthChecks;
        }

        if (name.StartsWith("Map", System.StringComparison.Ordinal)
            || ContentMiddleware.Contains(name)
            || name == "Run" && SymbolEqualityComparer.Default.Equals(type, _runExtensions))
        {
            return facts | HttpsFacts.Content;
        }

        return facts;
    }

    /// <summary>Unions the facts of a pipeline's members; stops as soon as both redirection and HSTS are found.</summary>
    private sealed class Collector : IPipelineVisitor
    {
        private readonly HttpsPipelineFacts _owner;
        private readonly CancellationToken _cancellationToken;

        public Collector(HttpsPipelineFacts owner, CancellationToken cancellationToken)
        {
            _owner = owner;
            _cancellationToken = cancellationToken;
        }

        public HttpsFacts Facts { get; private set; }

        public bool Visit(ISymbol member, PipelineMemberRole role, IOperation? known)
        {
            var facts = _owner.FactsOf(member, known, _cancellationToken);
            Facts |= role == PipelineMemberRole.Middleware ? facts & (HttpsFacts.Redirect | HttpsFacts.Hsts) : facts;
            return !IsSecured(Facts);
        }
    }
}
