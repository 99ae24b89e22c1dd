using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace SecureBackend.Analyzers.Infrastructure.AspNet;

/// <summary>How an application's host pipeline is written.</summary>
public enum PipelineHostKind
{
    /// <summary>A member builds a <c>WebApplication</c> (<c>builder.Build()</c>, <c>WebApplication.Create()</c>) and runs it.</summary>
    BuiltApp,

    /// <summary>The <c>Configure(IApplicationBuilder …)</c> method of a Startup class named by <c>UseStartup</c>.</summary>
    StartupConfigure,
}

/// <summary>The part a member plays in a host pipeline.</summary>
public enum PipelineMemberRole
{
    /// <summary>Code that receives the app and adds to its pipeline (the host, its helpers, module hooks, startup filters).</summary>
    Pipeline,

    /// <summary>A member of a middleware class of the compilation registered with <c>UseMiddleware&lt;T&gt;()</c>.</summary>
    Middleware,
}

/// <summary>The outcome of <see cref="HostPipeline.Walk"/>.</summary>
public enum PipelineWalk
{
    /// <summary>Every member the pipeline reaches was visited.</summary>
    Complete,

    /// <summary>
    /// The app reaches code that cannot be seen (a library, a field, a delegate, a hook with no implementation in the
    /// compilation) or the walk exceeded its budget: the pipeline is not known in full.
    /// </summary>
    Incomplete,

    /// <summary>The visitor asked to stop.</summary>
    Stopped,
}

/// <summary>Receives each member of a host pipeline once.</summary>
public interface IPipelineVisitor
{
    /// <param name="member">The member (method, accessor, top-level statements); its lambdas and local functions are part of it.</param>
    /// <param name="role">Whether the member configures the pipeline or belongs to a middleware class.</param>
    /// <param name="known">An operation of the member's body whose bound tree can be reused, or null.</param>
    /// <returns>False to stop the walk.</returns>
    bool Visit(ISymbol member, PipelineMemberRole role, IOperation? known);
}

/// <summary>
/// The host pipeline of one application: where it starts (the member that builds and runs the app, or the Startup's
/// <c>Configure</c>), the location a rule reports at, and the calls through which the app leaves that member.
/// </summary>
public sealed class PipelineHost
{
    internal PipelineHost(PipelineHostKind kind, ISymbol member, Location location, string name, IOperation? known, List<PipelineEdge> edges)
    {
        Kind = kind;
        Member = member;
        Location = location;
        Name = name;
        Known = known;
        Edges = edges;
    }

    public PipelineHostKind Kind { get; }

    /// <summary>The member where the pipeline starts.</summary>
    public ISymbol Member { get; }

    /// <summary>The <c>Build()</c>/<c>Create()</c> invocation, or the name of the Startup's <c>Configure</c> method.</summary>
    public Location Location { get; }

    /// <summary>How the pipeline reads in a message: <c>builder.Build()</c>, <c>Startup.Configure</c>.</summary>
    public string Name { get; }

    /// <summary>An operation of <see cref="Member"/>'s body whose bound tree is reused, or null.</summary>
    public IOperation? Known { get; }

    internal List<PipelineEdge> Edges { get; }
}

/// <summary>
/// A call that hands the app to a method of the compilation: the method and the parameter receiving it. A dispatched
/// edge is a call of an interface, abstract or virtual method; it leads to every implementation in the compilation.
/// </summary>
internal readonly struct PipelineEdge : System.IEquatable<PipelineEdge>
{
    public PipelineEdge(IMethodSymbol method, int ordinal, bool dispatched)
    {
        Method = method;
        Ordinal = ordinal;
        Dispatched = dispatched;
    }

    public IMethodSymbol Method { get; }

    public int Ordinal { get; }

    public bool Dispatched { get; }

    /// <summary>The edge into <see cref="Method"/>'s own body (how parameter uses are keyed).</summary>
    public PipelineEdge Direct => new(Method, Ordinal, dispatched: false);

    public bool Equals(PipelineEdge other)
        => Ordinal == other.Ordinal && Dispatched == other.Dispatched && SymbolEqualityComparer.Default.Equals(Method, other.Method);

    public override bool Equals(object? obj) => obj is PipelineEdge other && Equals(other);

    public override int GetHashCode() => (SymbolEqualityComparer.Default.GetHashCode(Method) * 31 + Ordinal) * 2 + (Dispatched ? 1 : 0);
}
