using Microsoft.CodeAnalysis;

namespace SecureBackend.Analyzers.Infrastructure;

/// <summary>
/// Where code runs, as far as the compilation tells: test projects (xUnit, NUnit, MSTest or TUnit referenced) and
/// types implementing an interface such as EF Core's <c>IDesignTimeDbContextFactory&lt;T&gt;</c>, whose code runs only
/// in design-time tools (migrations), never in the deployed application.
/// </summary>
public static class CodeScopes
{
    public const string DesignTimeDbContextFactory = "Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory`1";

    /// <summary>Whether the compilation references a test framework: its code runs in tests, not in production.</summary>
    public static bool IsTestProject(KnownTypes types) => types.HasAny(
        "Xunit.FactAttribute",
        "NUnit.Framework.TestAttribute",
        "Microsoft.VisualStudio.TestTools.UnitTesting.TestMethodAttribute",
        "TUnit.Core.TestAttribute");

    /// <summary>Whether <paramref name="symbol"/> is (in) a type, or a type nested in one, that implements <paramref name="interfaceType"/>.</summary>
    public static bool IsInTypeImplementing(ISymbol? symbol, INamedTypeSymbol? interfaceType)
    {
        if (interfaceType is null)
        {
            return false;
        }

        for (var type = symbol as INamedTypeSymbol ?? symbol?.ContainingType; type is not null; type = type.ContainingType)
        {
            foreach (var implemented in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, interfaceType))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
