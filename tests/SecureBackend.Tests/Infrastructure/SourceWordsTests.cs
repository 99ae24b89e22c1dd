using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis.CSharp;
using SecureBackend.Analyzers.Infrastructure;
using Xunit;

namespace SecureBackend.Tests.Infrastructure;

public sealed class SourceWordsTests
{
    private static bool AnyWritten(string[] sources, params string[] names)
    {
        var trees = new Microsoft.CodeAnalysis.SyntaxTree[sources.Length];
        for (var i = 0; i < sources.Length; i++)
        {
            trees[i] = CSharpSyntaxTree.ParseText(sources[i]);
        }

        var compilation = CSharpCompilation.Create("Words", trees);
        return SourceWords.AnyWritten(compilation, ImmutableArray.Create(names), CancellationToken.None);
    }

    [Theory]
    [InlineData("class C { void M() => System.Diagnostics.Process.Start(\"x\"); }", "Start")]
    [InlineData("class C { void M() => Pro\\u0063ess.Start(); }", "Process")]   // Unicode escape decoded
    [InlineData("class C { void M() => Pro\u00ADcess.Start(); }", "Process")]   // formatting character skipped
    [InlineData("class C { void M() => Prozeß(); }", "Prozeß")]                    // non-ASCII letters
    [InlineData("class C { int M() => _x1; }", "_x1")]
    [InlineData("class C { } // Next", "Next")]                                    // comments count (a superset)
    [InlineData("class C { void M() => Start(); }", "Missing", "Start")]           // any of the names
    public void Flags_NameWritten(string source, params string[] names) => Assert.True(AnyWritten(new[] { source }, names));

    [Theory]
    [InlineData("class C { void M() => Restart(); }", "Start")]                    // whole words only
    [InlineData("class C { void M() => start(); }", "Start")]                      // ordinal, case-sensitive
    [InlineData("class C { void M() => Process.Started(); }", "Start")]
    [InlineData("class C { }", "Process")]
    public void DoesNotFlag_NameNotWritten(string source, params string[] names) => Assert.False(AnyWritten(new[] { source }, names));

    [Fact]
    public void Flags_NameInLaterFileAfterEarlierQuestions()
    {
        var trees = new[] { CSharpSyntaxTree.ParseText("class A { void M() => One(); }"), CSharpSyntaxTree.ParseText("class B { void M() => Two(); }") };
        var compilation = CSharpCompilation.Create("Words", trees);
        Assert.True(SourceWords.AnyWritten(compilation, ImmutableArray.Create("One"), CancellationToken.None));
        Assert.False(SourceWords.AnyWritten(compilation, ImmutableArray.Create("Three"), CancellationToken.None));
        Assert.True(SourceWords.AnyWritten(compilation, ImmutableArray.Create("Two"), CancellationToken.None));
        Assert.True(SourceWords.AnyWritten(compilation, ImmutableArray.Create("B", "Nothing"), CancellationToken.None));
    }
}
