using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using System.Text;
using Microsoft.CodeAnalysis.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.Analyzers.Crypto;
using SecureBackend.CodeFixes.Crypto;
using SecureBackend.Tests.Infrastructure;

namespace SecureBackend.Tests.Crypto;

/// <summary>Runs the SB2002 fix and expects the <c>PasswordHashing</c> helper to be added next to the fixed sources.</summary>
internal static class PasswordFixTest
{
    public static CodeFixVerifier<PasswordHashingAnalyzer, PasswordHashingFixer>.Test Create(
        string source, string fixedSource, string? helperNamespace, PasswordHashKind kind = PasswordHashKind.Argon2id)
    {
        var test = new CodeFixVerifier<PasswordHashingAnalyzer, PasswordHashingFixer>.Test
        {
            TestCode = source,
            CodeActionEquivalenceKey = kind == PasswordHashKind.Argon2id ? PasswordHashingFixer.Argon2idKey : PasswordHashingFixer.Pbkdf2Key,
        };
        test.FixedState.Sources.Add(fixedSource);
        test.FixedState.Sources.Add(("PasswordHashing.cs", SourceText.From(PasswordHashingHelper.Source(kind, helperNamespace), Encoding.UTF8)));
        if (kind == PasswordHashKind.Pbkdf2)
        {
            WithoutArgon2(test);
        }

        return test;
    }

    /// <summary>Removes Konscious.Security.Cryptography.Argon2 from the test compilation's references.</summary>
    public static void WithoutArgon2(CodeFixVerifier<PasswordHashingAnalyzer, PasswordHashingFixer>.Test test)
    {
        var konscious = test.TestState.AdditionalReferences.Where(r => r.Display?.Contains("Konscious", System.StringComparison.OrdinalIgnoreCase) == true).ToList();
        foreach (var reference in konscious)
        {
            test.TestState.AdditionalReferences.Remove(reference);
        }
    }

    public static Task RunAsync(string source, string fixedSource, string? helperNamespace, PasswordHashKind kind = PasswordHashKind.Argon2id, params DiagnosticResult[] expected)
    {
        var test = Create(source, fixedSource, helperNamespace, kind);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>
    /// Runs the analyzer and the real code fix on <paramref name="source"/> in an <see cref="AdhocWorkspace"/> and
    /// returns every document of the fixed project and the title of the action offered for the first diagnostic.
    /// </summary>
    public static async Task<(List<string> Sources, string Title)> FixInWorkspaceAsync(string source, bool withArgon2, string workspaceKind = WorkspaceKind.Host)
    {
        using var workspace = new AdhocWorkspace(Microsoft.CodeAnalysis.Host.Mef.MefHostServices.DefaultHost, workspaceKind);
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Create(), "Shop", "Shop", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: await References(withArgon2)));
        var document = workspace.AddDocument(project.Id, "AccountService.cs", SourceText.From(source));

        var compilation = await document.Project.GetCompilationAsync();
        var diagnostics = await compilation!.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new PasswordHashingAnalyzer())).GetAnalyzerDiagnosticsAsync();
        Assert.NotEmpty(diagnostics);

        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostics.OrderBy(d => d.Location.SourceSpan.Start).First(), (action, _) => actions.Add(action), CancellationToken.None);
        await new PasswordHashingFixer().RegisterCodeFixesAsync(context);
        var action = Assert.Single(actions);

        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var changed = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution;
        var sources = new List<string>();
        foreach (var fixedDocument in changed.Projects.Single().Documents)
        {
            sources.Add((await fixedDocument.GetTextAsync()).ToString());
        }

        return (sources, action.Title);
    }

    /// <summary>The framework reference packs and the test libraries, optionally without Konscious.</summary>
    public static async Task<ImmutableArray<MetadataReference>> References(bool withArgon2)
    {
        var framework = TestReferences.Framework;
        var libraries = TestReferences.Libraries.Where(r => withArgon2 || r.Display?.Contains("Konscious", StringComparison.OrdinalIgnoreCase) != true);
        return framework.AddRange(libraries);
    }
}
