using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Injection;

/// <summary>
/// The string-taint policy of the query-language rules (SB1006 LDAP, SB1007 XPath): the default policy, plus any call
/// whose method name says it escapes (<c>EscapeLdapFilter(x)</c>, <c>Uri.EscapeDataString(x)</c>, <c>SecurityElement.Escape(x)</c>) and
/// that returns text is a sanitizer: the application has escaped the value for the query language.
/// </summary>
internal sealed class EscapedTextPolicy : StringTaintPolicy
{
    public EscapedTextPolicy(KnownTypes types)
        : base(types)
    {
    }

    public override StringCallFlow ClassifyCall(IInvocationOperation invocation)
        => invocation.Type?.SpecialType == SpecialType.System_String
           && invocation.TargetMethod.Name.IndexOf("Escape", System.StringComparison.OrdinalIgnoreCase) >= 0
            ? StringCallFlow.Safe
            : StringCallFlow.Default;
}
