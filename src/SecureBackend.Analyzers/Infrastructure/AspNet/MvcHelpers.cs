using Microsoft.CodeAnalysis;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Infrastructure.AspNet;

/// <summary>
/// The ASP.NET Core base classes whose instance helper methods a controller or page model calls on itself to answer
/// the request (<c>Content</c>, <c>Redirect…</c>, <c>Ok</c>, <c>Problem</c> …): <c>ControllerBase</c> and
/// <c>PageModel</c>, and, for a rule whose helpers a Razor page (<c>.cshtml</c>) has as well, <c>PageBase</c>. The one
/// answer to "is this method a controller or page model helper", for the rules that treat such calls as sinks.
/// </summary>
internal sealed class MvcHelpers
{
    public const string ControllerBaseName = "Microsoft.AspNetCore.Mvc.ControllerBase";
    public const string PageModelName = "Microsoft.AspNetCore.Mvc.RazorPages.PageModel";
    public const string PageBaseName = "Microsoft.AspNetCore.Mvc.RazorPages.PageBase";

    private readonly INamedTypeSymbol? _controllerBase;
    private readonly INamedTypeSymbol? _pageModel;
    private readonly INamedTypeSymbol? _pageBase;

    private MvcHelpers(KnownTypes types, bool includePageBase)
    {
        _controllerBase = types.Get(ControllerBaseName);
        _pageModel = types.Get(PageModelName);
        _pageBase = includePageBase ? types.Get(PageBaseName) : null;
    }

    /// <summary>Whether any of the base classes resolves in the compilation.</summary>
    public bool IsReferenced => _controllerBase is not null || _pageModel is not null || _pageBase is not null;

    /// <summary>The helpers of <c>ControllerBase</c> and <c>PageModel</c>; with <paramref name="includePageBase"/>, of <c>PageBase</c> too.</summary>
    public static MvcHelpers Create(KnownTypes types, bool includePageBase = false) => new(types, includePageBase);

    /// <summary>Whether <paramref name="type"/>, the type declaring a method, is one of the base classes or derives from one.</summary>
    public bool IsHelperType(ITypeSymbol? type)
        => type.InheritsFromOrEquals(_controllerBase) || type.InheritsFromOrEquals(_pageModel) || type.InheritsFromOrEquals(_pageBase);
}
