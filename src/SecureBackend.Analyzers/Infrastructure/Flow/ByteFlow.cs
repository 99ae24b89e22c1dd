using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SecureBackend.Analyzers.Infrastructure.Flow;

/// <summary>
/// How bytes move between values in one method, for rules that follow a value into a hash, a cipher or a sink:
/// text encoded to bytes (<c>Encoding.GetBytes</c>; decoding Base64 or hex is not followed: its input is already
/// binary data — a stored hash, a salt, a key — rather than the text it was made from), views and wrappers over a buffer
/// (<c>new MemoryStream(buffer)</c>, <c>buffer.AsSpan()</c>, <c>new ReadOnlySpan&lt;byte&gt;(buffer)</c>, <c>ToArray()</c>),
/// and copies into a buffer or stream that a local holds (<c>Buffer.BlockCopy</c>, <c>Array.Copy</c>, <c>CopyTo</c>,
/// <c>Stream.Write</c>, <c>Encoding.GetBytes(s, …, buffer, …)</c>). APIs are recognised by their containing types.
/// Cost: <see cref="CollectCopiesInto"/> walks the enclosing body once, the first time any local of it is asked about
/// (cached with the body's <see cref="LocalFlowIndex"/>); call it only for values that already matched a sink.
/// </summary>
public static class ByteFlow
{
    /// <summary>
    /// The value whose bytes <paramref name="value"/> carries unchanged or converted, or null: the string of
    /// <c>Encoding.GetBytes(s)</c>, the buffer of <c>new MemoryStream(buffer)</c>
    /// (any <c>Stream</c> created over a byte array), <c>buffer.AsSpan()</c>, <c>AsMemory()</c>, <c>ToArray()</c>, and
    /// <c>new Span/ReadOnlySpan/Memory/ReadOnlyMemory&lt;byte&gt;(buffer)</c>.
    /// </summary>
    public static IOperation? CarriedValue(IOperation value)
    {
        switch (value.WalkDownConversions())
        {
            case IInvocationOperation invocation:
                var method = invocation.TargetMethod;
                var type = method.ContainingType;
                if (type is null)
                {
                    return null;
                }

                if (method.Name == "GetBytes" && IsEncoding(type))
                {
                    return !method.IsStatic && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null;
                }

                if (method.Name is "AsSpan" or "AsMemory" && IsSystemType(type, "MemoryExtensions"))
                {
                    return invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null;
                }

                if (method.Name == "ToArray" && invocation.Instance is { } source
                    && (IsSpanLike(type) || source.Type.InheritsFromOrEquals(FindStream(source.Type))))
                {
                    return source;
                }

                return null;

            case IObjectCreationOperation creation when creation.Type is INamedTypeSymbol created:
                if (IsSpanLike(created) || IsStream(created))
                {
                    foreach (var argument in creation.Arguments)
                    {
                        if (IsByteBuffer(argument.Value.WalkDownConversions().Type))
                        {
                            return argument.Value;
                        }
                    }
                }

                return null;

            default:
                return null;
        }
    }

    /// <summary>
    /// Adds to <paramref name="sources"/> every value copied into the buffer or stream held by <paramref name="local"/>
    /// under <paramref name="root"/> (the body's root, <see cref="OperationExtensions.GetRoot"/>): the source of
    /// <c>Buffer.BlockCopy</c>, <c>Array.Copy</c>, <c>Array.ConstrainedCopy</c>, <c>source.CopyTo(local…)</c> (arrays and
    /// spans, also over <c>local.AsSpan(…)</c>), <c>local.Write(source…)</c> and <c>local.WriteAsync(source…)</c> on a
    /// stream, and the string of <c>Encoding.GetBytes(s, …, local, …)</c>. The copies of every local of the body are
    /// found in one walk, cached with the body's <see cref="LocalFlowIndex"/>.
    /// </summary>
    public static void CollectCopiesInto(IOperation root, ILocalSymbol local, List<IOperation> sources)
        => sources.AddRange(LocalFlowIndex.For(root).GetCopiesInto(local));

    /// <summary>
    /// Whether <paramref name="invocation"/> copies a value into a buffer or stream a local holds (see
    /// <see cref="CollectCopiesInto"/>): the local and the value copied.
    /// </summary>
    internal static bool TryGetCopy(IInvocationOperation invocation, out ILocalSymbol? destination, out IOperation? source)
    {
        destination = null;
        source = null;
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (type is null)
        {
            return false;
        }

        switch (method.Name)
        {
            case "BlockCopy" when IsSystemType(type, "Buffer"):
            case "Copy" or "ConstrainedCopy" when type.SpecialType == SpecialType.System_Array:
                if (invocation.Arguments.Length >= 3 && ArgumentFor(invocation, "dst", "destinationArray") is { } target
                    && ReferencedLocal(target.Value) is { } copiedInto && ArgumentFor(invocation, "src", "sourceArray") is { } copied)
                {
                    destination = copiedInto;
                    source = copied.Value;
                }

                break;

            case "CopyTo":
                if (invocation.Instance is { } instance && invocation.Arguments.Length > 0)
                {
                    if (ReferencedLocal(invocation.Arguments[0].Value) is { } copyTarget)
                    {
                        destination = copyTarget;
                        source = instance;
                    }
                }
                else if (method.IsStatic && invocation.Arguments.Length > 1 && IsSystemType(type, "MemoryExtensions")
                    && ReferencedLocal(invocation.Arguments[1].Value) is { } spanTarget)
                {
                    destination = spanTarget;
                    source = invocation.Arguments[0].Value;
                }

                break;

            case "Write" or "WriteAsync" when !method.IsStatic && invocation.Instance is { } stream && IsStream(type):
                if (invocation.Arguments.Length > 0 && ReferencedLocal(stream) is { } written)
                {
                    destination = written;
                    source = invocation.Arguments[0].Value;
                }

                break;

            case "GetBytes" when !method.IsStatic && IsEncoding(type) && invocation.Arguments.Length >= 4:
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter?.Name == "bytes" && ReferencedLocal(argument.Value) is { } encodedInto)
                    {
                        destination = encodedInto;
                        source = invocation.Arguments[0].Value;
                        break;
                    }
                }

                break;
        }

        return destination is not null;
    }

    /// <summary>Whether the type is <c>byte[]</c>, <c>Span&lt;byte&gt;</c>, <c>ReadOnlySpan&lt;byte&gt;</c>, <c>Memory&lt;byte&gt;</c> or <c>ReadOnlyMemory&lt;byte&gt;</c>.</summary>
    public static bool IsByteBuffer(ITypeSymbol? type) => type switch
    {
        IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte } => true,
        INamedTypeSymbol { TypeArguments.Length: 1 } named => IsSpanLike(named) && named.TypeArguments[0].SpecialType == SpecialType.System_Byte,
        _ => false,
    };

    /// <summary>The local the value refers to, directly or through a span/memory view of it (<c>local.AsSpan(4)</c>), or null.</summary>
    private static ILocalSymbol? ReferencedLocal(IOperation value)
    {
        for (var depth = 0; depth < 4; depth++)
        {
            value = value.WalkDownConversions();
            if (value is ILocalReferenceOperation reference)
            {
                return reference.Local;
            }

            if (CarriedValue(value) is not { } carried || value is IInvocationOperation { TargetMethod.Name: "GetBytes" })
            {
                return null;
            }

            value = carried;
        }

        return null;
    }

    private static IArgumentOperation? ArgumentFor(IInvocationOperation invocation, string name, string alternative)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == name || argument.Parameter?.Name == alternative)
            {
                return argument;
            }
        }

        return null;
    }

    private static bool IsEncoding(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == "Encoding" && current.ContainingNamespace.IsNamespace("System.Text"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the type is <c>System.IO.Stream</c> or derives from it.</summary>
    public static bool IsStream(ITypeSymbol? type) => FindStream(type) is not null;

    private static INamedTypeSymbol? FindStream(ITypeSymbol? type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (current.Name == "Stream" && current.ContainingType is null && current.ContainingNamespace.IsNamespace("System.IO"))
            {
                return current;
            }
        }

        return null;
    }

    private static bool IsSpanLike(INamedTypeSymbol type)
        => type.Name is "Span" or "ReadOnlySpan" or "Memory" or "ReadOnlyMemory" && type.Arity == 1 && type.ContainingNamespace.IsNamespace("System");

    private static bool IsSystemType(INamedTypeSymbol type, string name)
        => type.Name == name && type.ContainingType is null && type.ContainingNamespace.IsNamespace("System");
}
