using System.Data.Common;

namespace BrokenConsumer;

// Compile errors inside method bodies: unresolved types and namespaces, missing members, wrong arguments, code that
// needs a missing reference. (With syntax errors, or errors in declarations, the compiler stops before it runs any
// analyzer; the IDE analyzes such half-typed code, which the unit tests cover.)
public sealed class HalfWritten(DbConnection connection)
{
    public object? Find(string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM People WHERE Name = '" + name + "'"; // expect: SB1001
        return command.ExecuteScalar();
    }

    public void Unfinished(string value)
    {
        var repository = new Missing.Namespace.UnknownRepository();
        var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM T WHERE X = '" + value.Missing + "'";
        command.CommandText = "SELECT * FROM T WHERE Y = '" + value + "'"; // expect: SB1001
        command.ExecuteNothing();
        repository.Query<Person>("SELECT * FROM People WHERE Name = '" + value + "'");
        Newtonsoft.Json.JsonConvert.DeserializeObject<Person>(value, new object());
        var count = connection.CreateCommand(value, 42).ExecuteScalar();
    }
}
