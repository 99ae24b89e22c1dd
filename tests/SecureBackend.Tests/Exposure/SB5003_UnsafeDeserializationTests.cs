using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SecureBackend.Tests.Infrastructure.AnalyzerVerifier<SecureBackend.Analyzers.Exposure.UnsafeDeserializationAnalyzer>;

namespace SecureBackend.Tests.Exposure;

public sealed class SB5003_UnsafeDeserializationTests
{
    [Fact]
    public Task Flags_BinaryFormatterDeserialize() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        #pragma warning disable SYSLIB0011
        using System.IO;
        using System.Runtime.Serialization.Formatters.Binary;

        public class SessionStore
        {
            public object Load(Stream stream)
            {
                var formatter = new BinaryFormatter();
                return {|#0:formatter.Deserialize(stream)|};
            }

            public void Save(Stream stream, object state) => new BinaryFormatter().Serialize(stream, state);
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("BinaryFormatter.Deserialize", "deserialize into a known type with System.Text.Json instead"));

    [Fact]
    public Task Flags_TypeNameHandlingInSettingsInitializer() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Newtonsoft.Json;

        public static class Messages
        {
            private static readonly JsonSerializerSettings Settings = new()
            {
                {|#0:TypeNameHandling = TypeNameHandling.Auto|},
                NullValueHandling = NullValueHandling.Ignore,
            };

            public static object? Read(string json) => JsonConvert.DeserializeObject(json, Settings);
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("TypeNameHandling = TypeNameHandling.Auto", "set TypeNameHandling to None, or restrict types with a SerializationBinder"));

    [Fact]
    public Task Flags_TypeNameHandlingAssignedOnASerializerAndDefaultSettings() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Newtonsoft.Json;

        public static class Messages
        {
            public static void Configure()
            {
                var serializer = new JsonSerializer();
                [|serializer.TypeNameHandling = TypeNameHandling.All|];
                JsonConvert.DefaultSettings = () => new JsonSerializerSettings { [|TypeNameHandling = TypeNameHandling.Objects|] };
                const TypeNameHandling handling = TypeNameHandling.Arrays;
                var settings = new JsonSerializerSettings();
                [|settings.TypeNameHandling = handling|];
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_TypeNameHandlingNoneOrWithABinder() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using Newtonsoft.Json;
        using Newtonsoft.Json.Serialization;

        public sealed class KnownTypesBinder : ISerializationBinder
        {
            public Type BindToType(string? assemblyName, string typeName) => typeof(string);
            public void BindToName(Type serializedType, out string? assemblyName, out string? typeName) { assemblyName = null; typeName = serializedType.Name; }
        }

        public static class Messages
        {
            public static readonly JsonSerializerSettings Plain = new() { TypeNameHandling = TypeNameHandling.None };

            public static readonly JsonSerializerSettings Bound = new()
            {
                TypeNameHandling = TypeNameHandling.Auto,
                SerializationBinder = new KnownTypesBinder(),
            };

            public static JsonSerializerSettings Later()
            {
                var settings = new JsonSerializerSettings();
                settings.TypeNameHandling = TypeNameHandling.Objects;
                settings.SerializationBinder = new KnownTypesBinder();
                return settings;
            }

            public static T? Read<T>(string json) => JsonConvert.DeserializeObject<T>(json);
        }
        """);

    [Fact]
    public Task DoesNotFlag_TypeNameHandlingOnSettingsThatOnlySerialize() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Collections.Generic;
        using Newtonsoft.Json;

        public sealed record Reading(string Sensor, double Value);

        public static class AuditTrail
        {
            public static string Describe(IReadOnlyList<Reading> readings)
                => JsonConvert.SerializeObject(readings, Formatting.Indented, new JsonSerializerSettings
                {
                    TypeNameHandling = TypeNameHandling.Auto,
                });

            public static (string Compact, string Pretty) Export(object snapshot)
            {
                var settings = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.Objects };
                return (JsonConvert.SerializeObject(snapshot, settings), JsonConvert.SerializeObject(snapshot, Formatting.Indented, settings));
            }

            public static string ExportAll(object snapshot)
            {
                var settings = new JsonSerializerSettings();
                settings.TypeNameHandling = TypeNameHandling.All;
                settings.NullValueHandling = NullValueHandling.Ignore;
                return JsonConvert.SerializeObject(snapshot, settings);
            }
        }
        """);

    [Fact]
    public Task Flags_TypeNameHandlingOnSettingsThatAlsoDeserialize() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Newtonsoft.Json;

        public static class Snapshots
        {
            // Serializes with the settings, but deserializes text that came from the caller.
            public static T Replace<T>(T current, string incoming, out string previous)
            {
                var settings = new JsonSerializerSettings { {|#0:TypeNameHandling = TypeNameHandling.All|} };
                previous = JsonConvert.SerializeObject(current, settings);
                return JsonConvert.DeserializeObject<T>(incoming, settings)!;
            }

            public static T Restore<T>(string json)
                => JsonConvert.DeserializeObject<T>(json, new JsonSerializerSettings { {|#1:TypeNameHandling = TypeNameHandling.Auto|} })!;

            // The text is written by the method, but reassigned from outside before it is read.
            public static T Clone<T>(T value, string? overrideJson)
            {
                var settings = new JsonSerializerSettings();
                {|#2:settings.TypeNameHandling = TypeNameHandling.All|};
                var text = JsonConvert.SerializeObject(value, settings);
                if (overrideJson is not null)
                {
                    text = overrideJson;
                }

                return JsonConvert.DeserializeObject<T>(text, settings)!;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("TypeNameHandling = TypeNameHandling.All", "set TypeNameHandling to None, or restrict types with a SerializationBinder"),
        Verify.Diagnostic().WithLocation(1).WithArguments("TypeNameHandling = TypeNameHandling.Auto", "set TypeNameHandling to None, or restrict types with a SerializationBinder"),
        Verify.Diagnostic().WithLocation(2).WithArguments("TypeNameHandling = TypeNameHandling.All", "set TypeNameHandling to None, or restrict types with a SerializationBinder"));

    [Fact]
    public Task DoesNotFlag_SerializeThenDeserializeDeepCopy() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Newtonsoft.Json;

        public static class DeepCopy
        {
            public static T Clone<T>(T value)
            {
                var settings = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.All };
                var json = JsonConvert.SerializeObject(value, settings);
                return JsonConvert.DeserializeObject<T>(json, settings)!;
            }

            public static object? CloneInline(object value)
            {
                var settings = new JsonSerializerSettings();
                settings.TypeNameHandling = TypeNameHandling.Objects;
                return JsonConvert.DeserializeObject(JsonConvert.SerializeObject(value, settings), value.GetType(), settings);
            }
        }
        """);

    [Fact]
    public Task Flags_TypeNameHandlingOnTheMvcInputFormatterSettings() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.DependencyInjection;
        using Newtonsoft.Json;

        public static class MvcSetup
        {
            public static IMvcBuilder AddManager(this IMvcBuilder builder)
                => builder.AddNewtonsoftJson(options =>
                {
                    {|#0:options.SerializerSettings.TypeNameHandling = TypeNameHandling.Auto|};
                });

            public static void Configure(IServiceCollection services)
                => services.Configure<MvcNewtonsoftJsonOptions>(o => {|#1:o.SerializerSettings.TypeNameHandling = TypeNameHandling.Objects|});
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("TypeNameHandling = TypeNameHandling.Auto", "set TypeNameHandling to None, or restrict types with a SerializationBinder"),
        Verify.Diagnostic().WithLocation(1).WithArguments("TypeNameHandling = TypeNameHandling.Objects", "set TypeNameHandling to None, or restrict types with a SerializationBinder"));

    [Fact]
    public Task Flags_TypeNameHandlingOnSettingsKeptForADistributedCache() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Threading.Tasks;
        using Microsoft.Extensions.Caching.Distributed;
        using Newtonsoft.Json;

        public sealed class JsonCache
        {
            private readonly IDistributedCache _cache;
            private readonly JsonSerializerSettings _settings;

            public JsonCache(IDistributedCache cache)
            {
                _cache = cache;
                _settings = new JsonSerializerSettings { [|TypeNameHandling = TypeNameHandling.All|] };
            }

            public async Task<T?> GetAsync<T>(string key)
            {
                var json = await _cache.GetStringAsync(key);
                return json is null ? default : JsonConvert.DeserializeObject<T>(json, _settings);
            }

            public Task SetAsync<T>(string key, T value) => _cache.SetStringAsync(key, JsonConvert.SerializeObject(value, _settings));
        }
        """);

    [Fact]
    public Task DoesNotFlag_SafeSerializers() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.IO;
        using System.Runtime.Serialization;
        using System.Text.Json;
        using System.Xml.Serialization;

        public record Order(int Id, string Item);

        public static class Readers
        {
            public static Order? Json(string text) => JsonSerializer.Deserialize<Order>(text);
            public static object? Xml(Stream stream) => new XmlSerializer(typeof(Order)).Deserialize(stream);
            public static object? Contract(Stream stream) => new DataContractSerializer(typeof(Order)).ReadObject(stream);
        }
        """);

    [Fact]
    public Task DoesNotFlag_OrThrow_OnHalfTypedCode()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using Newtonsoft.Json;

                public static class Messages
                {
                    static JsonSerializerSettings s = new() { TypeNameHandling = };
                    static void M(UnknownFormatter f, System.IO.Stream stream) { f.Deserialize(stream); new JsonSerializer().TypeNameHandling = Unknown.All; }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        return test.RunAsync();
    }
}
