namespace SecureBackend.Analyzers.Infrastructure.Flow;

/// <summary>
/// The one budget of the value-flow engine (<see cref="ValueTrace{T}"/>, and its forward walk <see cref="ValueUses{T}"/>): how many steps from the use a value is
/// followed, and how many values one evaluation reads at most. A policy keeps a smaller depth only where a value further
/// away would mean something else to its rule, and says why next to its override.
/// </summary>
internal static class FlowBudget
{
    /// <summary>The deepest step followed from the use (a local's write, a branch, a piece of a string are one step each).</summary>
    public const int MaxDepth = 48;

    /// <summary>The most values one evaluation reads, for policies that read many pieces per step (strings, collections).</summary>
    public const int MaxSteps = 4000;

    /// <summary>The most uses the forward walk (<see cref="ValueUses{T}"/>) visits from one value.</summary>
    public const int MaxUseSteps = 256;

    /// <summary>How many returns the forward walk follows to their callers (a helper's result, then its caller's).</summary>
    public const int MaxCallDepth = 2;
}
