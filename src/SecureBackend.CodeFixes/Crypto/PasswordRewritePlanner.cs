using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using SecureBackend.Analyzers.Crypto;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Names;

namespace SecureBackend.CodeFixes.Crypto;

/// <summary>
/// Plans the SB2002 rewrite across the solution. From the reported hash it finds the string-typed digest expression
/// (through <c>Convert.ToBase64String/ToHexString</c>, <c>BitConverter.ToString</c>, reformatting calls and single-use
/// locals), then follows the value: a comparison becomes <c>Verify(password, stored)</c>; a member it is stored in
/// and a password-hashing method that returns it are searched with <see cref="SymbolFinder"/> for the other places
/// that store a fresh hash (rewritten to <c>Hash</c>) or compare one with the stored value (rewritten to <c>Verify</c>).
/// </summary>
internal sealed class PasswordRewritePlanner
{
    private readonly Solution _solution;
    private readonly CancellationToken _cancellationToken;
    private readonly PasswordRewritePlan _plan = new();
    private readonly HashSet<(DocumentId, TextSpan)> _editSpans = new();
    private readonly HashSet<ISymbol> _members = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ISymbol> _methods = new(SymbolEqualityComparer.Default);
    private readonly Queue<ISymbol> _pendingMembers = new();
    private readonly Queue<(IMethodSymbol Method, int Ordinal)> _pendingMethods = new();
    private readonly Dictionary<ISymbol, int> _hashMethodCache = new(SymbolEqualityComparer.Default);

    private readonly ProjectId _project;

    private PasswordRewritePlanner(Solution solution, ProjectId project, CancellationToken cancellationToken)
    {
        _solution = solution;
        _project = project;
        _cancellationToken = cancellationToken;
    }

    /// <summary>A value recognised as a fresh password hash.</summary>
    private readonly struct FreshHash
    {
        public FreshHash(IOperation expression, SyntaxNode password, IMethodSymbol? method, int ordinal, List<RemovableLocal> locals)
        {
            Expression = expression;
            Password = password;
            Method = method;
            Ordinal = ordinal;
            Locals = locals;
        }

        /// <summary>The string-typed digest expression (to replace with <c>Hash</c>).</summary>
        public IOperation Expression { get; }

        public SyntaxNode Password { get; }

        /// <summary>Set when the value is a call of a password-hashing method of the solution.</summary>
        public IMethodSymbol? Method { get; }

        public int Ordinal { get; }

        public List<RemovableLocal> Locals { get; }
    }

    /// <summary>The plan for the diagnostic at <paramref name="span"/>, or null when no safe rewrite exists.</summary>
    public static Task<PasswordRewritePlan?> CreateAsync(Document document, TextSpan span, CancellationToken cancellationToken)
        => PlanAsync(document, span, expand: true, cancellationToken);

    /// <summary>
    /// Whether <see cref="CreateAsync"/> returns a plan for the diagnostic at <paramref name="span"/>: the start of the
    /// plan, which reads only the diagnostic's document, without the solution-wide search that follows the value.
    /// </summary>
    public static async Task<bool> CanRewriteAsync(Document document, TextSpan span, CancellationToken cancellationToken)
        => await PlanAsync(document, span, expand: false, cancellationToken).ConfigureAwait(false) is not null;

    private static async Task<PasswordRewritePlan?> PlanAsync(Document document, TextSpan span, bool expand, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return null;
        }

        var node = root.FindNode(span, getInnermostNodeForTie: true);
        if (model.GetOperation(node, cancellationToken) is not { } sink)
        {
            return null;
        }

        var planner = new PasswordRewritePlanner(document.Project.Solution, document.Project.Id, cancellationToken);
        if (!planner.AddStart(document, model, sink))
        {
            return null;
        }

        if (expand)
        {
            await planner.ExpandAsync().ConfigureAwait(false);
        }

        return planner._plan;
    }

    private bool AddStart(Document document, SemanticModel model, IOperation sink)
    {
        if (!TryClimb(document, model, sink, out var fresh))
        {
            return false;
        }

        var expression = fresh.Expression;
        if (HashValueShapes.IsInExpressionTree(expression.Syntax, model, _cancellationToken))
        {
            return false;
        }

        var parent = HashValueShapes.ParentSkippingConversions(expression, out _);
        if (HashValueShapes.TryGetComparison(expression, out var comparison))
        {
            AddLocals(fresh.Locals);
            AddVerify(document, comparison, fresh.Password);
            return true;
        }

        AddHash(document, fresh);
        switch (parent)
        {
            case IReturnOperation when HashMethodOrdinal(model, expression, fresh.Password) is { } found:
                EnqueueMethod(found.Method, found.Ordinal);
                break;
            case ISimpleAssignmentOperation assignment when StoredMember(assignment.Target) is { } member:
                EnqueueMember(member);
                break;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                FollowLocal(document, model, declarator.Symbol, expression.GetRoot(), fresh.Password);
                break;
        }

        return true;
    }

    private async Task ExpandAsync()
    {
        while (_pendingMembers.Count > 0 || _pendingMethods.Count > 0)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (_pendingMethods.Count > 0)
            {
                var (method, ordinal) = _pendingMethods.Dequeue();
                await ExpandMethodAsync(method, ordinal).ConfigureAwait(false);
            }
            else
            {
                await ExpandMemberAsync(_pendingMembers.Dequeue()).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Every place that stores into or compares with the member holding the hash.</summary>
    private async Task ExpandMemberAsync(ISymbol member)
    {
        var references = await SymbolFinder.FindReferencesAsync(member, _solution, _cancellationToken).ConfigureAwait(false);
        foreach (var referenced in references)
        {
            foreach (var location in referenced.Locations)
            {
                var (model, node) = await BindAsync(location).ConfigureAwait(false);
                if (model is null || node is null)
                {
                    continue;
                }

                if (node.Parent is MemberAccessExpressionSyntax access && access.Name == node)
                {
                    node = access;
                }

                var operation = model.GetOperation(node, _cancellationToken);
                if (operation is not (IPropertyReferenceOperation or IFieldReferenceOperation))
                {
                    continue;
                }

                var parent = HashValueShapes.ParentSkippingConversions(operation, out var child);
                if (parent is ISimpleAssignmentOperation assignment && assignment.Target == child)
                {
                    if (TryRecognize(location.Document, model, assignment.Value, out var fresh))
                    {
                        AddHash(location.Document, fresh);
                    }
                }
                else if (HashValueShapes.TryGetComparison(operation, out var comparison))
                {
                    if (HashValueShapes.IsInExpressionTree(comparison.Whole.Syntax, model, _cancellationToken)
                        || !TryRecognize(location.Document, model, comparison.Other, out var fresh))
                    {
                        continue;
                    }

                    AddLocals(fresh.Locals);
                    AddVerify(location.Document, new Comparison(comparison.Whole, operation, comparison.Negated), fresh.Password);
                }
            }
        }
    }

    /// <summary>The hashing method's own digest, and every call of it.</summary>
    private async Task ExpandMethodAsync(IMethodSymbol method, int ordinal)
    {
        var references = await SymbolFinder.FindReferencesAsync(method, _solution, _cancellationToken).ConfigureAwait(false);
        foreach (var referenced in references)
        {
            foreach (var location in referenced.Locations)
            {
                var (model, node) = await BindAsync(location).ConfigureAwait(false);
                var invocationSyntax = node?.FirstAncestorOrSelf<InvocationExpressionSyntax>();
                if (model is null || invocationSyntax is null
                    || model.GetOperation(invocationSyntax, _cancellationToken) is not IInvocationOperation invocation
                    || !SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.OriginalDefinition, method.OriginalDefinition))
                {
                    continue;
                }

                var password = PasswordArgument(invocation, ordinal);
                if (password is null)
                {
                    continue;
                }

                var parent = HashValueShapes.ParentSkippingConversions(invocation, out _);
                if (HashValueShapes.TryGetComparison(invocation, out var comparison))
                {
                    if (HashValueShapes.IsInExpressionTree(invocationSyntax, model, _cancellationToken))
                    {
                        continue;
                    }

                    AddVerify(location.Document, comparison, password);
                }
                else if (parent is ISimpleAssignmentOperation assignment && StoredMember(assignment.Target) is { } member)
                {
                    EnqueueMember(member);
                }
                else if (parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
                {
                    FollowLocal(location.Document, model, declarator.Symbol, invocation.GetRoot(), password);
                }
            }
        }
    }

    /// <summary>Reads of a local that holds a fresh hash: comparisons become <c>Verify</c>, stores are followed.</summary>
    private void FollowLocal(Document document, SemanticModel model, ILocalSymbol local, IOperation root, SyntaxNode password)
    {
        var reads = HashValueShapes.LocalReads(root, local);
        if (!HashValueShapes.HasSingleWrite(local, root))
        {
            return;
        }

        AddRemovable(document, local, reads);
        foreach (var read in reads)
        {
            var parent = HashValueShapes.ParentSkippingConversions(read, out _);
            if (HashValueShapes.TryGetComparison(read, out var comparison))
            {
                if (HashValueShapes.IsInExpressionTree(read.Syntax, model, _cancellationToken))
                {
                    continue;
                }

                AddVerify(document, comparison, password);
            }
            else if (parent is ISimpleAssignmentOperation assignment && StoredMember(assignment.Target) is { } member)
            {
                EnqueueMember(member);
            }
        }
    }

    /// <summary>From a reported hash call up to the string-typed digest expression.</summary>
    private bool TryClimb(Document document, SemanticModel model, IOperation sink, out FreshHash fresh)
    {
        fresh = default;
        if (!TryMatchSink(document, model, sink, out var password))
        {
            return false;
        }

        var locals = new List<RemovableLocal>();
        AddInstanceLocal(document, sink, locals);
        var current = sink;
        while (true)
        {
            var parent = HashValueShapes.ParentSkippingConversions(current, out var child);
            if (parent is IArgumentOperation { Parent: IInvocationOperation conversion } && HashValueShapes.IsBytesToString(conversion.TargetMethod)
                && conversion.Arguments.Length >= 1 && conversion.Arguments[0] == parent)
            {
                current = conversion;
            }
            else if (parent is IInvocationOperation reformat && reformat.Instance == child
                     && (HashValueShapes.IsStringReformat(reformat)
                         || (reformat.TargetMethod.Name == "ToString" && reformat.Arguments.Length == 0 && current.Type?.SpecialType == SpecialType.System_Int32)))
            {
                current = reformat;
            }
            else if (parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
                     && current.Type?.SpecialType != SpecialType.System_String && HashValueShapes.HasSingleWrite(declarator.Symbol, current.GetRoot()))
            {
                var reads = HashValueShapes.LocalReads(current.GetRoot(), declarator.Symbol);
                if (reads.Count != 1 || !AddRemovable(document, declarator.Symbol, reads, locals))
                {
                    return false;
                }

                current = reads[0];
            }
            else
            {
                break;
            }
        }

        if (current.Type?.SpecialType != SpecialType.System_String || current is ILocalReferenceOperation)
        {
            return false;
        }

        fresh = new FreshHash(current, password, null, -1, locals);
        return true;
    }

    /// <summary>Whether <paramref name="value"/> is a fresh password hash (a digest chain or a call of a password-hashing method).</summary>
    private bool TryRecognize(Document document, SemanticModel model, IOperation value, out FreshHash fresh)
    {
        fresh = default;
        var locals = new List<RemovableLocal>();
        var current = value.WalkDownConversions();
        var outer = current;
        if (current is ILocalReferenceOperation local && HashValueShapes.HasSingleWrite(local.Local, current.GetRoot())
            && InitializerOf(local.Local, current.GetRoot()) is { } initializer)
        {
            AddRemovable(document, local.Local, HashValueShapes.LocalReads(current.GetRoot(), local.Local), locals);
            current = initializer.WalkDownConversions();
            outer = current;
        }

        if (current is IInvocationOperation call && !call.TargetMethod.DeclaringSyntaxReferences.IsEmpty
            && call.TargetMethod.ReturnType.SpecialType == SpecialType.System_String
            && HashMethodOrdinal(call.TargetMethod, model.Compilation) is { } ordinal && PasswordArgument(call, ordinal) is { } argument)
        {
            fresh = new FreshHash(outer, argument, call.TargetMethod, ordinal, locals);
            return true;
        }

        while (true)
        {
            if (current is IInvocationOperation reformat && reformat.Instance is not null
                && (HashValueShapes.IsStringReformat(reformat)
                    || (reformat.TargetMethod.Name == "ToString" && reformat.Arguments.Length == 0 && reformat.Instance.Type?.SpecialType == SpecialType.System_Int32)))
            {
                current = reformat.Instance.WalkDownConversions();
            }
            else if (current is IInvocationOperation conversion && HashValueShapes.IsBytesToString(conversion.TargetMethod) && conversion.Arguments.Length >= 1)
            {
                current = conversion.Arguments[0].Value.WalkDownConversions();
                if (current is ILocalReferenceOperation bytes && HashValueShapes.HasSingleWrite(bytes.Local, current.GetRoot())
                    && InitializerOf(bytes.Local, current.GetRoot()) is { } bytesValue)
                {
                    var reads = HashValueShapes.LocalReads(current.GetRoot(), bytes.Local);
                    if (reads.Count != 1 || !AddRemovable(document, bytes.Local, reads, locals))
                    {
                        return false;
                    }

                    current = bytesValue.WalkDownConversions();
                }
            }
            else
            {
                break;
            }
        }

        if (outer.Type?.SpecialType != SpecialType.System_String || !TryMatchSink(document, model, current, out var password))
        {
            return false;
        }

        AddInstanceLocal(document, current, locals);
        fresh = new FreshHash(outer, password, null, -1, locals);
        return true;
    }

    /// <summary>Whether <paramref name="sink"/> is a rewritable SB2002 hash; <paramref name="password"/> is the string to hash instead.</summary>
    private bool TryMatchSink(Document document, SemanticModel model, IOperation sink, out SyntaxNode password)
    {
        password = null!;
        var supported = sink switch
        {
            IInvocationOperation { TargetMethod.Name: "HashData" or "ComputeHash" } invocation => HashValueShapes.IsByteArray(invocation.Type),
            IInvocationOperation { TargetMethod.Name: "GetHashCode", Instance: not null } invocation => invocation.Type?.SpecialType == SpecialType.System_Int32,
            _ => false,
        };
        if (!supported)
        {
            return false;
        }

        var symbols = CryptoSymbols.Get(KnownTypes.Get(model.Compilation));
        var names = PasswordNames.For(document.Project.AnalyzerOptions, sink.Syntax.SyntaxTree);
        var member = HashValueShapes.ContainingMember(model, sink.Syntax, _cancellationToken);
        if (!PasswordHashDetector.IsFastHashSink(sink, symbols)
            || !PasswordHashDetector.TryMatch(sink, symbols, names, member, out var match)
            || match.Password is not { } leaf
            || leaf.Type is null
            || !model.Compilation.ClassifyCommonConversion(leaf.Type, model.Compilation.GetSpecialType(SpecialType.System_String)).IsImplicit
            || leaf.Syntax is not ExpressionSyntax leafSyntax)
        {
            return false;
        }

        if (!sink.Syntax.Span.Contains(leaf.Syntax.Span))
        {
            // The password was found through a local's initializer: it must mean the same thing at the hash.
            var original = model.GetSymbolInfo(leafSyntax, _cancellationToken).Symbol;
            var rebound = model.GetSpeculativeSymbolInfo(sink.Syntax.SpanStart, leafSyntax, SpeculativeBindingOption.BindAsExpression).Symbol;
            if (original is null || !SymbolEqualityComparer.Default.Equals(original, rebound))
            {
                return false;
            }
        }

        password = leafSyntax;
        return true;
    }

    /// <summary>The parameter ordinal of a method that returns a fresh hash of that parameter, or null.</summary>
    private int? HashMethodOrdinal(IMethodSymbol method, Compilation compilation)
    {
        method = method.OriginalDefinition;
        if (_hashMethodCache.TryGetValue(method, out var cached))
        {
            return cached < 0 ? null : cached;
        }

        _hashMethodCache[method] = -1;
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(_cancellationToken);
            var document = _solution.GetDocument(syntax.SyntaxTree);
            if (document is null || !compilation.ContainsSyntaxTree(syntax.SyntaxTree))
            {
                continue; // hashing methods of other projects are not followed
            }

            var model = SemanticModels.Of(compilation, syntax.SyntaxTree);
            if (model.GetOperation(syntax, _cancellationToken) is not { } body)
            {
                continue;
            }

            foreach (var operation in body.Descendants())
            {
                if (operation is IReturnOperation { ReturnedValue: { } returned }
                    && TryRecognize(document, model, returned, out var fresh) && fresh.Method is null
                    && HashMethodOrdinal(model, fresh.Expression, fresh.Password) is { } found
                    && SymbolEqualityComparer.Default.Equals(found.Method, method))
                {
                    _hashMethodCache[method] = found.Ordinal;
                    return found.Ordinal;
                }
            }
        }

        return null;
    }

    /// <summary>The method whose returned digest hashes its own parameter <paramref name="password"/>.</summary>
    private (IMethodSymbol Method, int Ordinal)? HashMethodOrdinal(SemanticModel model, IOperation expression, SyntaxNode password)
    {
        if (model.GetEnclosingSymbol(expression.Syntax.SpanStart, _cancellationToken) is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method
            || model.GetSymbolInfo(password, _cancellationToken).Symbol is not IParameterSymbol parameter
            || !SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, method)
            || method.ReturnType.SpecialType != SpecialType.System_String)
        {
            return null;
        }

        return (method.OriginalDefinition, parameter.Ordinal);
    }

    private static SyntaxNode? PasswordArgument(IInvocationOperation invocation, int ordinal)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal && argument.ArgumentKind == ArgumentKind.Explicit
                && argument.Value.Type?.SpecialType == SpecialType.System_String)
            {
                return argument.Value.Syntax;
            }
        }

        return null;
    }

    private static ISymbol? StoredMember(IOperation target) => target switch
    {
        IPropertyReferenceOperation { Property.IsIndexer: false } property => property.Property.OriginalDefinition,
        IFieldReferenceOperation field => field.Field.OriginalDefinition,
        _ => null,
    };

    private void EnqueueMember(ISymbol member)
    {
        if (_members.Add(member))
        {
            _pendingMembers.Enqueue(member);
        }
    }

    private void EnqueueMethod(IMethodSymbol method, int ordinal)
    {
        if (_methods.Add(method))
        {
            _hashMethodCache[method] = ordinal;
            _pendingMethods.Enqueue((method, ordinal));
        }
    }

    private void AddHash(Document document, FreshHash fresh)
    {
        if (fresh.Method is not null)
        {
            // A call of a hashing method: the method itself is rewritten.
            EnqueueMethod(fresh.Method, fresh.Ordinal);
            return;
        }

        if (!InProject(document))
        {
            return;
        }

        AddLocals(fresh.Locals);
        if (_editSpans.Add((document.Id, fresh.Expression.Syntax.Span)))
        {
            _plan.Edits.Add(new PasswordEdit(document.Id, fresh.Expression.Syntax.Span, fresh.Password, null, negated: false));
        }
    }

    private void AddVerify(Document document, Comparison comparison, SyntaxNode password)
    {
        if (!InProject(document))
        {
            return;
        }

        if (StoredMember(comparison.Other.WalkDownConversions()) is { } member)
        {
            EnqueueMember(member);
        }

        if (_editSpans.Add((document.Id, comparison.Whole.Syntax.Span)))
        {
            _plan.Edits.Add(new PasswordEdit(document.Id, comparison.Whole.Syntax.Span, password, comparison.Other.Syntax, comparison.Negated));
        }
    }

    /// <summary>
    /// Edits stay in the project of the diagnostic: another project would get its own helper, possibly of the other
    /// kind, and its Verify would not read these hashes. Hashes or checks seen there are left to the user.
    /// </summary>
    private bool InProject(Document document)
    {
        if (document.Project.Id == _project)
        {
            return true;
        }

        return false;
    }

    private void AddLocals(List<RemovableLocal> locals) => _plan.Locals.AddRange(locals);

    /// <summary>The hash algorithm instance local (<c>using var sha = SHA256.Create();</c>) may become unused.</summary>
    private static void AddInstanceLocal(Document document, IOperation sink, List<RemovableLocal> locals)
    {
        if (sink is IInvocationOperation { Instance: ILocalReferenceOperation instance })
        {
            var root = sink.GetRoot();
            AddRemovable(document, instance.Local, HashValueShapes.LocalReads(root, instance.Local), locals);
        }
    }

    private void AddRemovable(Document document, ILocalSymbol local, List<ILocalReferenceOperation> reads)
        => AddRemovable(document, local, reads, _plan.Locals);

    private static bool AddRemovable(Document document, ILocalSymbol local, List<ILocalReferenceOperation> reads, List<RemovableLocal> locals)
    {
        foreach (var syntaxReference in local.DeclaringSyntaxReferences)
        {
            if (syntaxReference.GetSyntax() is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax statement } })
            {
                var spans = ImmutableArray.CreateBuilder<TextSpan>(reads.Count);
                foreach (var read in reads)
                {
                    spans.Add(read.Syntax.Span);
                }

                locals.Add(new RemovableLocal(document.Id, statement.Span, spans.ToImmutable()));
                return true;
            }
        }

        return false;
    }

    private static IOperation? InitializerOf(ILocalSymbol local, IOperation root)
    {
        foreach (var operation in root.Descendants())
        {
            if (operation is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local))
            {
                return declarator.GetVariableInitializer()?.Value;
            }
        }

        return null;
    }

    private async Task<(SemanticModel? Model, SyntaxNode? Node)> BindAsync(ReferenceLocation location)
    {
        if (location.IsImplicit || !location.Location.IsInSource)
        {
            return (null, null);
        }

        var root = await location.Document.GetSyntaxRootAsync(_cancellationToken).ConfigureAwait(false);
        var model = await location.Document.GetSemanticModelAsync(_cancellationToken).ConfigureAwait(false);
        return root is null || model is null ? (null, null) : (model, root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true));
    }
}
