using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Injection;

/// <summary>
/// SB1004's policy for the shared string-taint engine (used in request-only mode: a path built from configuration or
/// constants is never reported). Sources: request input (<see cref="StringTaintPolicy.IsRequestRead"/>), text
/// properties of a model bound from the request, <c>IFormFile.FileName</c> and <c>ZipArchiveEntry.FullName</c>.
/// Sanitizers: <c>Path.GetFileName</c>, <c>GetFileNameWithoutExtension</c>, <c>GetExtension</c> (no directory part
/// survives), <c>GetRandomFileName</c>, <c>GetTempFileName</c>, <c>GetTempPath</c>. <c>Path.Combine</c>,
/// <c>Path.Join</c>, <c>GetFullPath</c>, <c>GetDirectoryName</c> and <c>ChangeExtension</c> carry their arguments.
/// A local whose value comes from <c>Path.GetFullPath</c> and is checked with <c>StartsWith</c> (the check that the
/// full path stays under a base directory) is safe.
/// </summary>
internal sealed class PathTaintPolicy : StringTaintPolicy
{
    private readonly INamedTypeSymbol? _formFile;
    private readonly INamedTypeSymbol? _zipEntry;
    private readonly INamedTypeSymbol? _bindingSource;

    private readonly ConditionalWeakTable<LocalFlowIndex, HashSet<ILocalSymbol>> _checkedLocals = new();
    private readonly ConditionalWeakTable<LocalFlowIndex, HashSet<ILocalSymbol>>.CreateValueCallback _collectCheckedLocals;

    public PathTaintPolicy(KnownTypes types)
        : base(types)
    {
        _collectCheckedLocals = CollectCheckedLocals;
        Path = types.Get("System.IO.Path");
        _formFile = types.Get("Microsoft.AspNetCore.Http.IFormFile");
        _zipEntry = types.Get("System.IO.Compression.ZipArchiveEntry");
        _bindingSource = types.Get("Microsoft.AspNetCore.Mvc.ModelBinding.IBindingSourceMetadata");
    }

    public INamedTypeSymbol? Path { get; }

    public bool IsPathMethod(IMethodSymbol method, string name)
        => method.Name == name && SymbolEqualityComparer.Default.Equals(method.ContainingType, Path);

    /// <summary>Whether <paramref name="piece"/> reads <c>ZipArchiveEntry.FullName</c>.</summary>
    public bool IsArchiveEntryName(IOperation piece)
        => piece is IPropertyReferenceOperation { Property.Name: "FullName" } read
           && SymbolEqualityComparer.Default.Equals(read.Property.ContainingType, _zipEntry);

    public override bool IsRequestRead(IPropertyReferenceOperation reference)
    {
        var property = reference.Property;
        if (property.Type.SpecialType == SpecialType.System_String && !property.IsStatic)
        {
            if (property.Name == "FileName" && property.ContainingType.IsOrImplements(_formFile))
            {
                return true;
            }

            if (property.Name == "FullName" && SymbolEqualityComparer.Default.Equals(property.ContainingType, _zipEntry))
            {
                return true;
            }

            if (reference.Instance?.WalkDownConversions() is IParameterReferenceOperation model
                && model.Parameter.Type.SpecialType == SpecialType.None
                && Requests.IsRequestBoundValue(model.Parameter, reference)
                && (model.Parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } || HasBindingSource(model.Parameter)))
            {
                // A minimal-API delegate also receives services without any attribute: there only an explicit
                // binding source ([FromBody], [FromForm], [AsParameters] …) makes the object request input.
                return true;
            }
        }

        return base.IsRequestRead(reference);
    }

    private bool HasBindingSource(IParameterSymbol parameter)
    {
        foreach (var attribute in parameter.GetAttributes())
        {
            if (attribute.AttributeClass.IsOrImplements(_bindingSource))
            {
                return true;
            }
        }

        return false;
    }

    public override StringCallFlow ClassifyCall(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (Path is null || !SymbolEqualityComparer.Default.Equals(method.ContainingType, Path))
        {
            return StringCallFlow.Default;
        }

        return method.Name switch
        {
            "GetFileName" or "GetFileNameWithoutExtension" or "GetExtension" => StringCallFlow.Safe,
            "GetFullPath" or "GetDirectoryName" or "ChangeExtension" or "TrimEndingDirectorySeparator" => StringCallFlow.Arguments,
            _ => base.ClassifyCall(invocation), // temporary and random names, Combine and Join: as for every rule
        };
    }

    public override bool IsSanitizedLocal(ILocalReferenceOperation reference, LocalFlowIndex index)
    {
        var local = reference.Local;
        if (local.Type.SpecialType != SpecialType.System_String)
        {
            return false;
        }

        // fullPath = Path.GetFullPath(…); if (!fullPath.StartsWith(baseDirectory)) …
        var normalized = false;
        foreach (var write in index.GetWrites(local))
        {
            if (write.Value?.WalkDownConversions() is IInvocationOperation call && IsPathMethod(call.TargetMethod, "GetFullPath"))
            {
                normalized = true;
            }
        }

        if (normalized)
        {
            foreach (var mutation in index.GetMutations(local))
            {
                if (IsStartsWith(mutation))
                {
                    return true;
                }
            }
        }

        // Path.GetFullPath(path).StartsWith(baseDirectory)
        return _checkedLocals.GetValue(index, _collectCheckedLocals).Contains(local);
    }

    /// <summary>The locals of a body checked as <c>Path.GetFullPath(local).StartsWith(…)</c>, collected in one walk per body.</summary>
    private HashSet<ILocalSymbol> CollectCheckedLocals(LocalFlowIndex index)
    {
        var locals = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (var operation in index.Root.Descendants())
        {
            if (IsStartsWith(operation)
                && ((IInvocationOperation)operation).Instance?.WalkDownConversions() is IInvocationOperation full
                && IsPathMethod(full.TargetMethod, "GetFullPath")
                && !full.Arguments.IsEmpty
                && full.Arguments[0].Value.WalkDownConversions() is ILocalReferenceOperation checkedLocal)
            {
                locals.Add(checkedLocal.Local);
            }
        }

        return locals;
    }

    private static bool IsStartsWith(IOperation operation)
        => operation is IInvocationOperation { TargetMethod: { Name: "StartsWith", ContainingType.SpecialType: SpecialType.System_String } };
}
