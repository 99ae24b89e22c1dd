using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Injection;

/// <summary>
/// SB1005: XML parsers that load the external entities a document's DTD declares.
/// <list type="bullet">
/// <item><c>XmlReaderSettings</c> with <c>DtdProcessing = DtdProcessing.Parse</c> and a resolver that fetches
/// (<c>XmlUrlResolver</c> or a type derived from it, <c>XmlResolver.FileSystemResolver</c>) on the same settings;</item>
/// <item><c>XmlDocument</c> with such a resolver assigned (it parses the DTD of what it loads itself);</item>
/// <item><c>XmlTextReader</c> with such a resolver, unless its <c>DtdProcessing</c> is set to <c>Prohibit</c> or
/// <c>Ignore</c> (its default is <c>Parse</c>).</item>
/// </list>
/// On .NET (Core), .NET Standard and .NET Framework 4.5.2 and later these types have no resolver unless one is assigned,
/// so only an explicit resolver is unsafe. A compilation whose <c>TargetFramework</c> attribute names .NET Framework
/// before 4.5.2 gets that framework's defaults (an <c>XmlUrlResolver</c> everywhere): <c>new XmlDocument()</c> and
/// <c>new XmlTextReader(…)</c> without <c>XmlResolver = null</c> (or, for the reader, DTD processing off), and
/// <c>DtdProcessing.Parse</c> on settings whose resolver is not set to null, are reported too.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class XmlExternalEntityAnalyzer : SecureBackendAnalyzer
{
    /// <summary>Property: which rewrites the code fix may offer, separated by commas (<see cref="NullResolverFix"/>, <see cref="ProhibitDtdFix"/>).</summary>
    public const string FixesProperty = "SB1005.Fixes";

    /// <summary>Set the resolver to null: the diagnostic's location is the resolver assignment.</summary>
    public const string NullResolverFix = "NullResolver";

    /// <summary>Prohibit DTD processing: the first additional location is the <c>DtdProcessing.Parse</c> value.</summary>
    public const string ProhibitDtdFix = "ProhibitDtd";

    private const string ReaderSettingsName = "System.Xml.XmlReaderSettings";
    private const string DocumentName = "System.Xml.XmlDocument";
    private const string TextReaderName = "System.Xml.XmlTextReader";
    private const string DefaultResolver = "the default XmlUrlResolver";

    // System.Xml.DtdProcessing
    private const int Prohibit = 0;
    private const int Ignore = 1;
    private const int Parse = 2;

    /// <summary>An unsafe resolver or DTD setting needs one of these properties written in the source (<see cref="SourceWords"/>).</summary>
    private static readonly ImmutableArray<string> SettingNames = ImmutableArray.Create("XmlResolver", "DtdProcessing");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.XmlExternalEntities);

    protected override bool IsRelevant(KnownTypes types) => types.HasAny(ReaderSettingsName, DocumentName, TextReaderName);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var xml = new XmlTypes(types);
        if (SourceWords.AnyWritten(context.Compilation, SettingNames, context.CancellationToken))
        {
            context.RegisterOperationAction(c => AnalyzeAssignment(c, xml), OperationKind.SimpleAssignment);
        }

        if (TargetsFrameworkBefore452(types.Compilation))
        {
            context.RegisterOperationAction(c => AnalyzeLegacyCreation(c, xml), OperationKind.ObjectCreation);
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, XmlTypes xml)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation target)
        {
            return;
        }

        var name = target.Property.Name;
        if (name == "XmlResolver")
        {
            var owner = xml.OwnerKind(target.Property.ContainingType);
            if (owner == Owner.None || FetchingResolver(assignment.Value, xml) is not { } resolver)
            {
                return;
            }

            var dtd = FindDtdProcessing(assignment, target);
            var dtdValue = dtd?.Value.ConstantValue is { HasValue: true, Value: int value } ? value : -1;
            switch (owner)
            {
                case Owner.ReaderSettings when dtdValue != Parse:
                case Owner.TextReader when dtdValue is Prohibit or Ignore:
                    return;
            }

            var fixes = dtdValue == Parse ? NullResolverFix + "," + ProhibitDtdFix : NullResolverFix;
            Report(context, assignment.Syntax.GetLocation(), dtdValue == Parse ? dtd!.Value : null, fixes, target.Property.ContainingType.Name, resolver);
        }
        else if (name == "DtdProcessing" && xml.Legacy && xml.OwnerKind(target.Property.ContainingType) == Owner.ReaderSettings
                 && assignment.Value.ConstantValue is { HasValue: true, Value: Parse }
                 && FindResolver(assignment, target) is null)
        {
            Report(context, assignment.Syntax.GetLocation(), assignment.Value, ProhibitDtdFix, target.Property.ContainingType.Name, DefaultResolver);
        }
    }

    private static void AnalyzeLegacyCreation(OperationAnalysisContext context, XmlTypes xml)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        var owner = xml.OwnerKind(creation.Type as INamedTypeSymbol);
        if (owner is not (Owner.Document or Owner.TextReader))
        {
            return;
        }

        // Any resolver assignment decides: null is safe, a fetching one is reported where it is assigned.
        if (FindOnCreation(creation, "XmlResolver") is not null)
        {
            return;
        }

        if (owner == Owner.TextReader && FindOnCreation(creation, "DtdProcessing")?.Value.ConstantValue is { HasValue: true, Value: Prohibit or Ignore })
        {
            return;
        }

        Report(context, creation.Syntax.GetLocation(), null, string.Empty, creation.Type!.Name, DefaultResolver);
    }

    private static void Report(OperationAnalysisContext context, Location location, IOperation? dtdValue, string fixes, string parser, string resolver)
    {
        var properties = ImmutableDictionary<string, string?>.Empty;
        if (fixes.Length > 0)
        {
            properties = properties.Add(FixesProperty, fixes);
        }

        var additional = dtdValue is null ? Array.Empty<Location>() : new[] { dtdValue.Syntax.GetLocation() };
        context.Report(Diagnostic.Create(Rules.XmlExternalEntities, location, additional, properties, parser, resolver));
    }

    /// <summary>The text of the resolver, when the assigned value is (or can be) one that fetches files and URLs.</summary>
    private static string? FetchingResolver(IOperation value, XmlTypes xml)
    {
        var sources = new List<IOperation>();
        ValueSources.Collect(value, sources);
        foreach (var source in sources)
        {
            switch (source)
            {
                case IObjectCreationOperation creation when creation.Type.InheritsFromOrEquals(xml.UrlResolver):
                    return creation.Syntax.ToString();
                case IPropertyReferenceOperation { Property: { IsStatic: true, Name: "FileSystemResolver" } property }
                    when SymbolEqualityComparer.Default.Equals(property.ContainingType, xml.Resolver):
                    return "XmlResolver.FileSystemResolver";
            }
        }

        return null;
    }

    /// <summary>The <c>DtdProcessing</c> assignment on the same object as <paramref name="target"/>.</summary>
    private static ISimpleAssignmentOperation? FindDtdProcessing(ISimpleAssignmentOperation assignment, IPropertyReferenceOperation target)
        => FindSibling(assignment, target, "DtdProcessing");

    private static ISimpleAssignmentOperation? FindResolver(ISimpleAssignmentOperation assignment, IPropertyReferenceOperation target)
        => FindSibling(assignment, target, "XmlResolver");

    /// <summary>
    /// An assignment of <paramref name="property"/> on the object <paramref name="target"/> belongs to: in the same object
    /// initializer, or in the same method through the variable, parameter, field or property that holds it.
    /// </summary>
    private static ISimpleAssignmentOperation? FindSibling(ISimpleAssignmentOperation assignment, IPropertyReferenceOperation target, string property)
    {
        if (assignment.Parent is IObjectOrCollectionInitializerOperation { Parent: IObjectCreationOperation creation })
        {
            return FindOnCreation(creation, property);
        }

        if (target.Instance is not { } instance)
        {
            return null;
        }

        var holder = instance.WalkDownConversions();
        var found = FindThroughHolder(assignment.GetRoot(), holder, property);
        if (found is null && holder is ILocalReferenceOperation local)
        {
            // var settings = new XmlReaderSettings { DtdProcessing = … }; settings.XmlResolver = …;
            return ValueTrace<ISimpleAssignmentOperation?>.Of(new InitializedIn(property), local);
        }

        return found;
    }

    /// <summary>
    /// The assignment of a property in the object initializer of a creation a local holds: the first write of the local
    /// (any write with a value) that is such a creation and sets it. <c>?:</c>, <c>??</c> and other locals are not followed.
    /// </summary>
    private sealed class InitializedIn : ValuePolicy<ISimpleAssignmentOperation?>
    {
        private readonly string _property;

        public InitializedIn(string property) => _property = property;

        /// <summary>One step, not <see cref="FlowBudget.MaxDepth"/>: the holder's own writes, where the settings object is made.</summary>
        public override int MaxDepth => 1;

        public override ISimpleAssignmentOperation? Exhausted => null;

        public override bool TryRead(IOperation value, ValueTrace<ISimpleAssignmentOperation?> trace, int depth, out ISimpleAssignmentOperation? result)
        {
            if (value is ILocalReferenceOperation && depth < MaxDepth)
            {
                result = null;
                return false; // the trace reads its writes
            }

            result = value is IObjectCreationOperation { Initializer: not null } written ? FindInInitializer(written, _property) : null;
            return true;
        }

        public override ISimpleAssignmentOperation? Leaf(IOperation value, int depth) => null;

        public override ISimpleAssignmentOperation? Merge(ISimpleAssignmentOperation? first, ISimpleAssignmentOperation? second) => first ?? second;

        public override bool IsSettled(ISimpleAssignmentOperation? result) => result is not null;

        /// <summary>Every write with a value.</summary>
        public override bool Follows(LocalWriteKind kind) => true;

        public override ISimpleAssignmentOperation? Unseen(ILocalReferenceOperation local, LocalWrite? write) => null;
    }

    /// <summary>An assignment of <paramref name="property"/> in the creation's initializer or through what the creation is stored in.</summary>
    private static ISimpleAssignmentOperation? FindOnCreation(IObjectCreationOperation creation, string property)
    {
        if (FindInInitializer(creation, property) is { } initialized)
        {
            return initialized;
        }

        IOperation? parent = creation.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        var root = creation.GetRoot();
        if (parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation variable })
        {
            return FindOnLocal(root, variable.Symbol, property);
        }

        var holder = parent is ISimpleAssignmentOperation stored && stored.Value.WalkDownConversions() == creation
            ? stored.Target.WalkDownConversions()
            : null;
        return holder is null ? null : FindThroughHolder(root, holder, property);
    }

    private static ISimpleAssignmentOperation? FindInInitializer(IObjectCreationOperation creation, string property)
    {
        if (creation.Initializer is null)
        {
            return null;
        }

        foreach (var initializer in creation.Initializer.Initializers)
        {
            if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation reference } assignment && reference.Property.Name == property)
            {
                return assignment;
            }
        }

        return null;
    }

    private static ISimpleAssignmentOperation? FindOnLocal(IOperation root, ILocalSymbol local, string property)
    {
        foreach (var operation in root.Descendants())
        {
            if (operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: { } instance } reference } assignment
                && reference.Property.Name == property
                && instance.WalkDownConversions() is ILocalReferenceOperation read
                && SymbolEqualityComparer.Default.Equals(read.Local, local))
            {
                return assignment;
            }
        }

        return null;
    }

    private static ISimpleAssignmentOperation? FindThroughHolder(IOperation root, IOperation holder, string property)
    {
        foreach (var operation in root.Descendants())
        {
            if (operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: { } instance } reference } assignment
                && reference.Property.Name == property
                && SameReference(instance, holder))
            {
                return assignment;
            }
        }

        return null;
    }

    private static bool SameReference(IOperation? left, IOperation? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        left = left.WalkDownConversions();
        right = right.WalkDownConversions();
        return (left, right) switch
        {
            (ILocalReferenceOperation a, ILocalReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Local, b.Local),
            (IParameterReferenceOperation a, IParameterReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Parameter, b.Parameter),
            (IInstanceReferenceOperation, IInstanceReferenceOperation) => true,
            (IFieldReferenceOperation a, IFieldReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Field, b.Field) && SameReference(a.Instance, b.Instance),
            (IPropertyReferenceOperation a, IPropertyReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Property, b.Property) && SameReference(a.Instance, b.Instance),
            _ => false,
        };
    }

    /// <summary>Whether the compilation's <c>[assembly: TargetFramework]</c> names .NET Framework before 4.5.2.</summary>
    private static bool TargetsFrameworkBefore452(Compilation compilation)
    {
        foreach (var attribute in compilation.Assembly.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "TargetFrameworkAttribute" } type
                && type.ContainingNamespace.IsNamespace("System.Runtime.Versioning")
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is string moniker)
            {
                const string Prefix = ".NETFramework,Version=v";
                if (!moniker.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }

                var end = moniker.IndexOf(',', Prefix.Length);
                var text = end < 0 ? moniker.Substring(Prefix.Length) : moniker.Substring(Prefix.Length, end - Prefix.Length);
                return Version.TryParse(text, out var version) && version < new Version(4, 5, 2);
            }
        }

        return false;
    }

    private enum Owner
    {
        None,
        ReaderSettings,
        Document,
        TextReader,
    }

    private sealed class XmlTypes
    {
        public XmlTypes(KnownTypes types)
        {
            ReaderSettings = types.Get(ReaderSettingsName);
            Document = types.Get(DocumentName);
            TextReader = types.Get(TextReaderName);
            Resolver = types.Get("System.Xml.XmlResolver");
            UrlResolver = types.Get("System.Xml.XmlUrlResolver");
            Legacy = TargetsFrameworkBefore452(types.Compilation);
        }

        public INamedTypeSymbol? ReaderSettings { get; }

        public INamedTypeSymbol? Document { get; }

        public INamedTypeSymbol? TextReader { get; }

        public INamedTypeSymbol? Resolver { get; }

        public INamedTypeSymbol? UrlResolver { get; }

        public bool Legacy { get; }

        public Owner OwnerKind(INamedTypeSymbol? type)
        {
            if (type is null)
            {
                return Owner.None;
            }

            if (type.InheritsFromOrEquals(ReaderSettings))
            {
                return Owner.ReaderSettings;
            }

            if (type.InheritsFromOrEquals(Document))
            {
                return Owner.Document;
            }

            return type.InheritsFromOrEquals(TextReader) ? Owner.TextReader : Owner.None;
        }
    }
}
