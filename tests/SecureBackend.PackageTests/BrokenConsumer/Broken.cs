using System.Data.Common;
using Missing.Namespace.That.Does.Not.Exist;

namespace BrokenConsumer;

public sealed class HalfWritten(DbConnection connection)
{
    public object? Find(string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM People WHERE Name = '" + name + "'"; // expect: SB1001
        return command.ExecuteScalar();
    }

    public void Unfinished(UnknownType value)
    {
        var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM T WHERE X = '" + value.
        command.Execute(
    }

    public void AlsoUnfinished(string s
