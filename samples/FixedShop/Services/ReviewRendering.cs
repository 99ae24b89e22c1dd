using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace FixedShop.Services;

/// <summary>Renders customer reviews on product pages.</summary>
public static class ReviewRendering
{
    public static IHtmlContent Review(IHtmlHelper html, string author, string text)
        => html.Raw("<blockquote>" + HtmlEncoder.Default.Encode(text) + "</blockquote><cite>" + HtmlEncoder.Default.Encode(author) + "</cite>");
}
