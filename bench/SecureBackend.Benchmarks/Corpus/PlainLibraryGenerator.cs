using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SecureBackend.Benchmarks.Corpus;

/// <summary>
/// Generates a plain class library that uses none of the APIs the SecureBackend rules look at (no ASP.NET Core, no
/// data access, no cryptography, no networking, no randomness): value types, parsers, calculators, collections,
/// LINQ pipelines, async workflows and exceptions, compiled against the .NET reference pack only.
/// </summary>
public static class PlainLibraryGenerator
{
    private static readonly string[] Areas =
    {
        "Geometry", "Statistics", "Text", "Scheduling", "Units", "Graphs", "Inventory", "Ledger", "Matching", "Routing",
        "Calendars", "Tariffs", "Grading", "Layout", "Metrics", "Rules", "Templates", "Queues", "Budgets", "Sizing",
    };

    private static readonly string[] Nouns =
    {
        "Segment", "Sample", "Token", "Slot", "Quantity", "Edge", "Item", "Entry", "Candidate", "Leg",
        "Period", "Band", "Score", "Cell", "Reading", "Condition", "Fragment", "Job", "Allocation", "Dimension",
    };

    public static GeneratedCorpus Generate(int targetLines, ulong seed = 20251124)
    {
        var rng = new Prng(seed);
        var files = new List<CorpusFile>();
        var lines = 0;
        var component = 0;
        while (files.Count == 0 || lines < targetLines)
        {
            var area = Areas[component % Areas.Length] + (component < Areas.Length ? string.Empty : (component / Areas.Length + 1).ToString(CultureInfo.InvariantCulture));
            foreach (var noun in Pick(rng, 4))
            {
                foreach (var file in Component(area, noun, rng))
                {
                    files.Add(file);
                    lines += file.LineCount;
                }
            }

            component++;
        }

        return new GeneratedCorpus($"plain class library, {component} components", files, new List<SeededVulnerability>());
    }

    private static IEnumerable<string> Pick(Prng rng, int count)
    {
        var pool = Nouns.ToList();
        for (var i = 0; i < count; i++)
        {
            var pick = pool[rng.Next(pool.Count)];
            pool.Remove(pick);
            yield return pick;
        }
    }

    private static IEnumerable<CorpusFile> Component(string area, string noun, Prng rng)
    {
        var ns = "Contoso.Core." + area;
        var root = "src/" + area + "/";
        var factor = 2 + rng.Next(7);

        var model = new SourceWriter(root + noun + ".cs", new List<SeededVulnerability>());
        model.Block($$"""
            using System;
            using System.Collections.Generic;

            namespace {{ns}};

            /// <summary>An immutable {{noun.ToLowerInvariant()}} with a name, a weight and a set of tags.</summary>
            public readonly record struct {{noun}}(string Name, double Weight, int Rank, IReadOnlyList<string> Tags) : IComparable<{{noun}}>
            {
                public static {{noun}} Empty { get; } = new(string.Empty, 0, 0, Array.Empty<string>());

                public bool IsEmpty => Name.Length == 0 && Weight == 0;

                public double Scaled(double factor) => Math.Round(Weight * factor, 4);

                public int CompareTo({{noun}} other)
                {
                    var byRank = Rank.CompareTo(other.Rank);
                    return byRank != 0 ? byRank : string.CompareOrdinal(Name, other.Name);
                }

                public {{noun}} WithTag(string tag)
                {
                    if (string.IsNullOrWhiteSpace(tag))
                    {
                        throw new ArgumentException("A tag must not be blank.", nameof(tag));
                    }

                    var tags = new List<string>(Tags) { tag.Trim() };
                    return this with { Tags = tags };
                }

                public override string ToString() => $"{Name} ({Weight:0.##}, rank {Rank})";
            }

            public enum {{noun}}Kind
            {
                Unknown,
                Primary,
                Secondary,
                Derived,
                Archived,
            }
            """);
        yield return model.ToFile();

        var parser = new SourceWriter(root + noun + "Parser.cs", new List<SeededVulnerability>());
        parser.Block($$"""
            using System;
            using System.Collections.Generic;
            using System.Globalization;

            namespace {{ns}};

            /// <summary>Parses "name;weight;rank;tag1,tag2" lines.</summary>
            public static class {{noun}}Parser
            {
                public static bool TryParse(string? line, out {{noun}} result)
                {
                    result = {{noun}}.Empty;
                    if (string.IsNullOrWhiteSpace(line))
                    {
                        return false;
                    }

                    var parts = line.Split(';');
                    if (parts.Length < 3)
                    {
                        return false;
                    }

                    if (!double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var weight))
                    {
                        return false;
                    }

                    if (!int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var rank))
                    {
                        return false;
                    }

                    var tags = parts.Length > 3 ? parts[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : Array.Empty<string>();
                    result = new {{noun}}(parts[0].Trim(), weight, rank, tags);
                    return true;
                }

                public static IReadOnlyList<{{noun}}> ParseAll(IEnumerable<string> lines, ICollection<string>? errors = null)
                {
                    var results = new List<{{noun}}>();
                    var number = 0;
                    foreach (var line in lines)
                    {
                        number++;
                        if (TryParse(line, out var item))
                        {
                            results.Add(item);
                        }
                        else
                        {
                            errors?.Add($"line {number}: cannot parse '{line}'");
                        }
                    }

                    return results;
                }

                public static string Format({{noun}} item)
                    => string.Join(';', item.Name, item.Weight.ToString(CultureInfo.InvariantCulture), item.Rank.ToString(CultureInfo.InvariantCulture), string.Join(',', item.Tags));
            }
            """);
        yield return parser.ToFile();

        var calculator = new SourceWriter(root + noun + "Calculator.cs", new List<SeededVulnerability>());
        calculator.Block($$"""
            using System;
            using System.Collections.Generic;
            using System.Linq;

            namespace {{ns}};

            public interface I{{noun}}Calculator
            {
                double Total(IEnumerable<{{noun}}> items);

                IReadOnlyDictionary<string, double> ByTag(IEnumerable<{{noun}}> items);
            }

            /// <summary>Aggregates weights with a fixed scale factor of {{factor}}.</summary>
            public sealed class {{noun}}Calculator : I{{noun}}Calculator
            {
                private const double Factor = {{factor}};

                public double Total(IEnumerable<{{noun}}> items) => items.Where(i => !i.IsEmpty).Sum(i => i.Scaled(Factor));

                public IReadOnlyDictionary<string, double> ByTag(IEnumerable<{{noun}}> items)
                {
                    var totals = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
                    foreach (var item in items)
                    {
                        foreach (var tag in item.Tags)
                        {
                            totals[tag] = totals.TryGetValue(tag, out var current) ? current + item.Weight : item.Weight;
                        }
                    }

                    return totals;
                }

                public (double Mean, double StandardDeviation) Spread(IReadOnlyCollection<{{noun}}> items)
                {
                    if (items.Count == 0)
                    {
                        return (0, 0);
                    }

                    var mean = items.Average(i => i.Weight);
                    var variance = items.Sum(i => (i.Weight - mean) * (i.Weight - mean)) / items.Count;
                    return (mean, Math.Sqrt(variance));
                }

                public IEnumerable<IGrouping<int, {{noun}}>> GroupByBucket(IEnumerable<{{noun}}> items, int bucketSize)
                {
                    if (bucketSize <= 0)
                    {
                        throw new ArgumentOutOfRangeException(nameof(bucketSize), bucketSize, "The bucket size must be positive.");
                    }

                    return items.GroupBy(i => i.Rank / bucketSize).OrderBy(g => g.Key);
                }

                public {{noun}}Kind Classify({{noun}} item) => item switch
                {
                    { IsEmpty: true } => {{noun}}Kind.Unknown,
                    { Rank: < 10 } => {{noun}}Kind.Primary,
                    { Rank: < 100, Weight: > 1.0 } => {{noun}}Kind.Secondary,
                    { Tags.Count: > 3 } => {{noun}}Kind.Derived,
                    _ => {{noun}}Kind.Archived,
                };
            }
            """);
        yield return calculator.ToFile();

        var store = new SourceWriter(root + noun + "Store.cs", new List<SeededVulnerability>());
        store.Block($$"""
            using System;
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.Linq;
            using System.Text;
            using System.Threading;
            using System.Threading.Tasks;

            namespace {{ns}};

            /// <summary>An in-memory store with change notifications.</summary>
            public sealed class {{noun}}Store
            {
                private readonly ConcurrentDictionary<string, {{noun}}> _items = new(StringComparer.Ordinal);
                private int _version;

                public event EventHandler<{{noun}}ChangedEventArgs>? Changed;

                public int Version => Volatile.Read(ref _version);

                public int Count => _items.Count;

                public bool Upsert({{noun}} item)
                {
                    ArgumentException.ThrowIfNullOrEmpty(item.Name);
                    var added = true;
                    _items.AddOrUpdate(item.Name, item, (_, _) =>
                    {
                        added = false;
                        return item;
                    });
                    Interlocked.Increment(ref _version);
                    Changed?.Invoke(this, new {{noun}}ChangedEventArgs(item, added));
                    return added;
                }

                public bool Remove(string name) => _items.TryRemove(name, out _);

                public {{noun}}? Find(string name) => _items.TryGetValue(name, out var item) ? item : null;

                public IReadOnlyList<{{noun}}> Top(int count) => _items.Values.OrderBy(i => i).Take(count).ToList();

                public async Task<int> ImportAsync(IAsyncEnumerable<string> lines, CancellationToken cancellationToken = default)
                {
                    var imported = 0;
                    await foreach (var line in lines.WithCancellation(cancellationToken))
                    {
                        if ({{noun}}Parser.TryParse(line, out var item) && Upsert(item))
                        {
                            imported++;
                        }
                    }

                    return imported;
                }

                public string Describe()
                {
                    var builder = new StringBuilder();
                    builder.Append("{{noun}} store v").Append(Version).Append(": ");
                    foreach (var item in Top(5))
                    {
                        builder.Append(item.Name).Append(", ");
                    }

                    return builder.ToString().TrimEnd(',', ' ');
                }
            }

            public sealed class {{noun}}ChangedEventArgs(in {{noun}} item, bool added) : EventArgs
            {
                public {{noun}} Item { get; } = item;

                public bool Added { get; } = added;
            }
            """);
        yield return store.ToFile();

        var pipeline = new SourceWriter(root + noun + "Pipeline.cs", new List<SeededVulnerability>());
        pipeline.Block($$"""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;

            namespace {{ns}};

            /// <summary>Runs a sequence of asynchronous steps over batches of {{noun.ToLowerInvariant()}}s.</summary>
            public sealed class {{noun}}Pipeline
            {
                private readonly List<Func<IReadOnlyList<{{noun}}>, CancellationToken, ValueTask<IReadOnlyList<{{noun}}>>>> _steps = new();

                public {{noun}}Pipeline Add(Func<IReadOnlyList<{{noun}}>, CancellationToken, ValueTask<IReadOnlyList<{{noun}}>>> step)
                {
                    ArgumentNullException.ThrowIfNull(step);
                    _steps.Add(step);
                    return this;
                }

                public {{noun}}Pipeline Filter(Func<{{noun}}, bool> predicate)
                    => Add((items, _) => ValueTask.FromResult<IReadOnlyList<{{noun}}>>(items.Where(predicate).ToList()));

                public {{noun}}Pipeline Scale(double factor)
                    => Add((items, _) => ValueTask.FromResult<IReadOnlyList<{{noun}}>>(items.Select(i => i with { Weight = i.Scaled(factor) }).ToList()));

                public async Task<IReadOnlyList<{{noun}}>> RunAsync(IEnumerable<{{noun}}> input, int batchSize, CancellationToken cancellationToken = default)
                {
                    var output = new List<{{noun}}>();
                    foreach (var batch in input.Chunk(batchSize))
                    {
                        IReadOnlyList<{{noun}}> current = batch;
                        foreach (var step in _steps)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            current = await step(current, cancellationToken).ConfigureAwait(false);
                        }

                        output.AddRange(current);
                    }

                    return output;
                }

                public static int Checksum(IEnumerable<{{noun}}> items)
                {
                    unchecked
                    {
                        var hash = 17;
                        foreach (var item in items)
                        {
                            hash = (hash * 31) + item.Rank;
                            hash = (hash * 31) + item.Name.Length;
                        }

                        return hash;
                    }
                }
            }
            """);
        yield return pipeline.ToFile();
    }
}
