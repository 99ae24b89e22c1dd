using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SecureBackend.Benchmarks;

/// <summary>What one analyzer registers for a given compilation: action kinds and the operation/syntax/symbol kinds.</summary>
internal sealed class Registrations
{
    public string Analyzer { get; init; } = "";

    public bool Concurrent { get; set; }

    public GeneratedCodeAnalysisFlags GeneratedCode { get; set; } = GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics;

    public HashSet<OperationKind> Operations { get; } = new();

    public HashSet<SyntaxKind> SyntaxNodes { get; } = new();

    public HashSet<SymbolKind> Symbols { get; } = new();

    public HashSet<SymbolKind> SymbolStarts { get; } = new();

    public int CompilationStart { get; set; }

    public int CompilationEnd { get; set; }

    public int Compilation { get; set; }

    public int SemanticModel { get; set; }

    public int SyntaxTree { get; set; }

    public int OperationBlockStart { get; set; }

    public int OperationBlock { get; set; }

    public int CodeBlockStart { get; set; }

    public int CodeBlock { get; set; }

    public void AddSyntaxKinds<TLanguageKindEnum>(ImmutableArray<TLanguageKindEnum> kinds)
    {
        foreach (var kind in kinds)
        {
            if (kind is SyntaxKind syntaxKind)
            {
                SyntaxNodes.Add(syntaxKind);
            }
        }
    }

    public override string ToString()
    {
        var parts = new List<string>();
        if (Operations.Count > 0)
        {
            parts.Add("operations: " + string.Join(", ", Operations.Order()));
        }

        if (SyntaxNodes.Count > 0)
        {
            parts.Add("syntax: " + string.Join(", ", SyntaxNodes.Order()));
        }

        if (Symbols.Count > 0)
        {
            parts.Add("symbols: " + string.Join(", ", Symbols.Order()));
        }

        void Count(string name, int value)
        {
            if (value > 0)
            {
                parts.Add(name + " ×" + value);
            }
        }

        Count("symbol-start", SymbolStarts.Count);
        Count("operation-block-start", OperationBlockStart);
        Count("operation-block", OperationBlock);
        Count("code-block-start", CodeBlockStart);
        Count("code-block", CodeBlock);
        Count("semantic-model", SemanticModel);
        Count("syntax-tree", SyntaxTree);
        Count("compilation-end", CompilationEnd);
        return parts.Count == 0 ? "nothing" : string.Join("; ", parts);
    }

    /// <summary>
    /// Runs <paramref name="analyzer"/>'s <c>Initialize</c> and its compilation-start callbacks against
    /// <paramref name="compilation"/> outside the driver and records what they register. Actions registered inside
    /// operation-block or code-block start callbacks are not followed (those callbacks are mirrored, empty).
    /// </summary>
    public static Registrations Record(DiagnosticAnalyzer analyzer, Compilation compilation)
    {
        var registrations = new Registrations { Analyzer = analyzer.GetType().Name };
        analyzer.Initialize(new RecordingContext(registrations, compilation));
        return registrations;
    }

    /// <summary>What a typical security analyzer registers; the floor used when there are no SecureBackend analyzers.</summary>
    public static Registrations Typical()
    {
        var registrations = new Registrations { Analyzer = "typical", Concurrent = true, GeneratedCode = GeneratedCodeAnalysisFlags.None, CompilationStart = 1, OperationBlockStart = 1, CompilationEnd = 1 };
        registrations.Operations.UnionWith(new[]
        {
            OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.SimpleAssignment, OperationKind.CompoundAssignment,
            OperationKind.PropertyReference, OperationKind.Binary, OperationKind.InterpolatedString, OperationKind.Return,
        });
        registrations.Symbols.UnionWith(new[] { SymbolKind.NamedType, SymbolKind.Method });
        return registrations;
    }

    private sealed class RecordingContext(Registrations registrations, Compilation compilation) : AnalysisContext
    {
        private static readonly AnalyzerOptions EmptyOptions = new(ImmutableArray<AdditionalText>.Empty);

        public override void EnableConcurrentExecution() => registrations.Concurrent = true;

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => registrations.GeneratedCode = analysisMode;

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action)
        {
            registrations.CompilationStart++;
            action(new RecordingStartContext(registrations, compilation, EmptyOptions));
        }

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => registrations.Compilation++;

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => registrations.SemanticModel++;

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => registrations.Symbols.UnionWith(symbolKinds);

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) => registrations.SymbolStarts.Add(symbolKind);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => registrations.CodeBlockStart++;

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => registrations.CodeBlock++;

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => registrations.SyntaxTree++;

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
            => registrations.AddSyntaxKinds(syntaxKinds);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => registrations.Operations.UnionWith(operationKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => registrations.OperationBlockStart++;

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => registrations.OperationBlock++;
    }

    private sealed class RecordingStartContext(Registrations registrations, Compilation compilation, AnalyzerOptions options)
        : CompilationStartAnalysisContext(compilation, options, CancellationToken.None)
    {
        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => registrations.CompilationEnd++;

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => registrations.SemanticModel++;

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => registrations.Symbols.UnionWith(symbolKinds);

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) => registrations.SymbolStarts.Add(symbolKind);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => registrations.CodeBlockStart++;

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => registrations.CodeBlock++;

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => registrations.SyntaxTree++;

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
            => registrations.AddSyntaxKinds(syntaxKinds);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => registrations.Operations.UnionWith(operationKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => registrations.OperationBlockStart++;

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => registrations.OperationBlock++;
    }
}

/// <summary>
/// The analyzer driver's own cost: registers exactly what one real analyzer registers for this compilation, with
/// empty callbacks, and reports nothing.
/// </summary>
#pragma warning disable RS1001 // Built per compilation by the benchmark, never loaded by a compiler host.
#pragma warning disable RS1012 // The empty block-start callbacks are the point: they cost what the driver spends on them.
#pragma warning disable RS2008 // Benchmark-only descriptor, never shipped or reported.
internal sealed class FloorAnalyzer(Registrations registrations) : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Never = new(
        "FLOOR01", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public string Mirrors => registrations.Analyzer;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Never);

    public override void Initialize(AnalysisContext context)
    {
        if (registrations.Concurrent)
        {
            context.EnableConcurrentExecution();
        }

        context.ConfigureGeneratedCodeAnalysis(registrations.GeneratedCode);
        var r = registrations;
        context.RegisterCompilationStartAction(start =>
        {
            if (r.Operations.Count > 0)
            {
                start.RegisterOperationAction(static _ => { }, r.Operations.ToImmutableArray());
            }

            if (r.SyntaxNodes.Count > 0)
            {
                start.RegisterSyntaxNodeAction(static _ => { }, r.SyntaxNodes.ToImmutableArray());
            }

            if (r.Symbols.Count > 0)
            {
                start.RegisterSymbolAction(static _ => { }, r.Symbols.ToImmutableArray());
            }

            foreach (var kind in r.SymbolStarts)
            {
                start.RegisterSymbolStartAction(static _ => { }, kind);
            }

            for (var i = 0; i < r.OperationBlockStart; i++)
            {
                start.RegisterOperationBlockStartAction(static _ => { });
            }

            for (var i = 0; i < r.OperationBlock; i++)
            {
                start.RegisterOperationBlockAction(static _ => { });
            }

            for (var i = 0; i < r.CodeBlockStart; i++)
            {
                start.RegisterCodeBlockStartAction<SyntaxKind>(static _ => { });
            }

            for (var i = 0; i < r.CodeBlock; i++)
            {
                start.RegisterCodeBlockAction(static _ => { });
            }

            for (var i = 0; i < r.SemanticModel; i++)
            {
                start.RegisterSemanticModelAction(static _ => { });
            }

            for (var i = 0; i < r.SyntaxTree; i++)
            {
                start.RegisterSyntaxTreeAction(static _ => { });
            }

            for (var i = 0; i < r.CompilationEnd; i++)
            {
                start.RegisterCompilationEndAction(static _ => { });
            }
        });
    }
}
#pragma warning restore RS2008
#pragma warning restore RS1012
#pragma warning restore RS1001
