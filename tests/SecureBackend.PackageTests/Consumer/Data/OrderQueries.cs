using System.Data.Common;

namespace Consumer.Data;

public sealed class OrderQueries(DbConnection connection)
{
    public const string OrdersTable = "Orders";

    public static string Describe(string customer) => "orders of " + customer;

    public object? CountForCustomer(string customer)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM " + OrdersTable + " WHERE Customer = '" + customer + "'"; // expect: SB1001
        return command.ExecuteScalar();
    }

    public object? CountForId(int id)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {OrdersTable} WHERE Id = {id}";
        return command.ExecuteScalar();
    }
}
