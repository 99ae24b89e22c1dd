using System.Collections.Immutable;

namespace SecureBackend.Analyzers.Infrastructure.AspNet;

/// <summary>
/// What a diagnostic reported at an application's host tells its fixer about where the host is: the property
/// <see cref="Property"/> is <see cref="BuiltApp"/> (reported at <c>builder.Build()</c>/<c>WebApplication.Create()</c>)
/// or <see cref="StartupConfigure"/> (reported at a Startup's <c>Configure</c>). Every rule that reports once per
/// application at its host (SB4001, SB4002, SB5006) uses these, so one fixer helper finds the insertion point for all.
/// </summary>
public static class PipelineKinds
{
    public const string Property = "PipelineKind";

    public const string BuiltApp = "Build";

    public const string StartupConfigure = "Configure";

    public static readonly ImmutableDictionary<string, string?> BuiltAppProperties =
        ImmutableDictionary<string, string?>.Empty.Add(Property, BuiltApp);

    public static readonly ImmutableDictionary<string, string?> StartupConfigureProperties =
        ImmutableDictionary<string, string?>.Empty.Add(Property, StartupConfigure);
}
