using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Injection;

/// <summary>
/// SB1003's policy over <see cref="ValueSources"/>: which pieces of a value written as markup cannot carry markup of a
/// user's — constants and members fixed by the code (<see cref="ConstantMembers"/>), value types, content that is
/// already HTML (<c>IHtmlContent</c>), and the results of encoders and sanitizers:
/// <c>HtmlEncoder</c>/<c>JavaScriptEncoder</c>/<c>UrlEncoder</c> (any <c>TextEncoder.Encode</c>),
/// <c>WebUtility.HtmlEncode/UrlEncode</c>, <c>HttpUtility.HtmlEncode/HtmlAttributeEncode/JavaScriptStringEncode/UrlEncode</c>,
/// <c>IHtmlHelper.Encode</c>, <c>Uri.EscapeDataString</c>, System.Text.Json's <c>JsonSerializer.Serialize</c> (its default
/// encoder escapes &lt; &gt; &amp; and quotes), HtmlSanitizer's <c>Sanitize</c>, and an application's own helper whose
/// name says it encodes or sanitizes HTML (<c>SanitizeHtml</c>, <c>HtmlEncode</c>, <c>EncodeHtml</c>, <c>StripHtml</c>);
/// and names the code declares, read at run time (reflection names, MVC model metadata from attributes).
/// </summary>
internal sealed class EncodedValues
{
    private static readonly string[] SanitizerNames =
    {
        "Ganss.Xss.IHtmlSanitizer",
        "Ganss.Xss.HtmlSanitizer",
        "Ganss.XSS.IHtmlSanitizer",
        "Ganss.XSS.HtmlSanitizer",
    };

    private static readonly HashSet<string> WebUtilityEncoders = NameSet.Of("HtmlEncode", "UrlEncode");

    private static readonly HashSet<string> HttpUtilityEncoders = NameSet.Of(
        "HtmlEncode", "HtmlAttributeEncode", "JavaScriptStringEncode", "UrlEncode", "UrlPathEncode");

    private static readonly HashSet<string> TextFreeSystemTypes = NameSet.Of("Guid", "DateTimeOffset", "TimeSpan", "DateOnly", "TimeOnly");

    private static readonly HashSet<string> ReflectionNames = NameSet.Of("Name", "FullName", "Namespace", "AssemblyQualifiedName");

    private static readonly HashSet<string> MetadataTexts = NameSet.Of(
        "DisplayName", "Description", "NullDisplayText", "Placeholder", "DisplayFormatString", "EditFormatString", "TemplateHint", "Name", "PropertyName");

    private static readonly string[] OwnHelperPrefixes = { "Sanitize", "HtmlEncode", "EncodeHtml", "HtmlSanitize", "StripHtml", "EncodeForHtml" };

    private readonly ConstantMembers _constants;
    private readonly INamedTypeSymbol? _textEncoder;
    private readonly INamedTypeSymbol? _webUtility;
    private readonly INamedTypeSymbol? _httpUtility;
    private readonly INamedTypeSymbol? _htmlHelper;
    private readonly INamedTypeSymbol? _htmlContent;
    private readonly INamedTypeSymbol? _uri;
    private readonly INamedTypeSymbol? _jsonSerializer;
    private readonly INamedTypeSymbol? _memberInfo;
    private readonly INamedTypeSymbol? _modelMetadata;
    private readonly List<INamedTypeSymbol> _sanitizers = new();

    public EncodedValues(KnownTypes types)
    {
        _constants = new ConstantMembers(types.Compilation);
        _textEncoder = types.Get("System.Text.Encodings.Web.TextEncoder");
        _webUtility = types.Get("System.Net.WebUtility");
        _httpUtility = types.Get("System.Web.HttpUtility");
        _htmlHelper = types.Get(MarkupSinks.HtmlHelperName);
        _htmlContent = types.Get("Microsoft.AspNetCore.Html.IHtmlContent");
        _uri = types.Get("System.Uri");
        _jsonSerializer = types.Get("System.Text.Json.JsonSerializer");
        _memberInfo = types.Get("System.Reflection.MemberInfo");
        _modelMetadata = types.Get("Microsoft.AspNetCore.Mvc.ModelBinding.ModelMetadata");
        foreach (var name in SanitizerNames)
        {
            if (types.Get(name) is { } sanitizer)
            {
                _sanitizers.Add(sanitizer);
            }
        }
    }

    /// <summary>The first piece of <paramref name="value"/> that may carry markup from outside the code, or null.</summary>
    public IOperation? FindUnencoded(IOperation value)
    {
        if (value.ConstantValue.HasValue)
        {
            return null;
        }

        var sources = new List<IOperation>();
        ValueSources.Collect(value, sources);
        foreach (var source in sources)
        {
            if (!IsSafe(source))
            {
                return source;
            }
        }

        return null;
    }

    private bool IsSafe(IOperation source)
    {
        if (source.ConstantValue.HasValue || source.Kind is OperationKind.NameOf or OperationKind.TypeOf or OperationKind.SizeOf)
        {
            return true;
        }

        if (source.Type is { } type && (IsTextFreeValue(type) || type.IsOrImplements(_htmlContent)))
        {
            return true; // numbers, dates, Guids, enums; content that is already markup
        }

        switch (source)
        {
            case IInvocationOperation call:
                return IsEncoder(call) || _constants.IsConstantLike(call.TargetMethod);
            case IFieldReferenceOperation field:
                return _constants.IsConstantLike(field.Field);
            case IPropertyReferenceOperation property:
                return _constants.IsConstantLike(property.Property) || IsNameFromCode(property.Property);
            default:
                return false;
        }
    }

    /// <summary>Numbers, booleans, enums, dates and times, Guids (and their nullable forms): their text cannot hold markup.</summary>
    private static bool IsTextFreeValue(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_Decimal:
            case SpecialType.System_DateTime:
                return true;
        }

        return type.TypeKind == TypeKind.Enum
               || (type is { ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }
                   && TextFreeSystemTypes.Contains(type.MetadataName));
    }

    /// <summary>
    /// Text the code itself declares, read at run time: reflection names (<c>type.Name</c>, <c>FullName</c>,
    /// <c>Namespace</c>: identifiers) and MVC model metadata taken from attributes (<c>DisplayName</c>,
    /// <c>NullDisplayText</c>, <c>Description</c> …).
    /// </summary>
    private bool IsNameFromCode(IPropertySymbol property)
    {
        var type = property.ContainingType;
        if (type is null)
        {
            return false;
        }

        if (ReflectionNames.Contains(property.Name) && type.InheritsFromOrEquals(_memberInfo))
        {
            return true;
        }

        return MetadataTexts.Contains(property.Name) && type.InheritsFromOrEquals(_modelMetadata);
    }

    private bool IsEncoder(IInvocationOperation call)
    {
        var method = call.TargetMethod;
        var type = method.ContainingType;
        if (type is null)
        {
            return false;
        }

        if (method.Name == "Encode" && (type.InheritsFromOrEquals(_textEncoder) || type.IsOrImplements(_htmlHelper)))
        {
            return true;
        }

        if ((Is(type, _webUtility) && WebUtilityEncoders.Contains(method.Name))
            || (Is(type, _httpUtility) && HttpUtilityEncoders.Contains(method.Name))
            || (Is(type, _uri) && method.Name == "EscapeDataString")
            || (Is(type, _jsonSerializer) && method.Name == "Serialize" && method.ReturnType.SpecialType == SpecialType.System_String))
        {
            return true;
        }

        if (method.Name.StartsWith("Sanitize", StringComparison.Ordinal))
        {
            foreach (var sanitizer in _sanitizers)
            {
                if (type.IsOrImplements(sanitizer))
                {
                    return true;
                }
            }
        }

        if (method.ReturnType.SpecialType == SpecialType.System_String)
        {
            foreach (var prefix in OwnHelperPrefixes)
            {
                if (method.Name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool Is(INamedTypeSymbol type, INamedTypeSymbol? expected)
        => expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);
}
