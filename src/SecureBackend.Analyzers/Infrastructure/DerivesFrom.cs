using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace SecureBackend.Analyzers.Infrastructure;

/// <summary>
/// <see cref="OperationExtensions.InheritsFromOrEquals"/> against one base class, remembered per type for a compilation:
/// for the checks that run on every object creation or assignment, where the same few types come back all the time.
/// </summary>
internal sealed class DerivesFrom
{
    private readonly INamedTypeSymbol? _baseType;
    private readonly ConcurrentDictionary<ITypeSymbol, bool> _answers = new(ReferenceIdentity<ITypeSymbol>.Instance);

    public DerivesFrom(INamedTypeSymbol? baseType) => _baseType = baseType;

    public INamedTypeSymbol? BaseType => _baseType;

    /// <summary>Whether <paramref name="type"/> is the base class or derives from it.</summary>
    public bool Matches(ITypeSymbol? type)
    {
        if (_baseType is null || type is null)
        {
            return false;
        }

        if (!_answers.TryGetValue(type, out var answer))
        {
            answer = type.InheritsFromOrEquals(_baseType);
            _answers.TryAdd(type, answer);
        }

        return answer;
    }
}
