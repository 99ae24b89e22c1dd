using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace VulnerableShop.Services;

/// <summary>Renders customer reviews on product pages.</summary>
public static class ReviewRendering
{
    public static IHtmlContent Review(IHtmlHelper html, string author, string text)
        => html.Raw("<blockquote>" + text + "</blockquote><cite>" + author + "</cite>"); // expect: SB1003
}
