using System.Threading.Tasks;
using SecureBackend.CodeFixes.Injection;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Injection.SqlInjectionAnalyzer,
    SecureBackend.CodeFixes.Injection.SqlInjectionFixer>;
using static SecureBackend.Tests.Injection.SqlExpect;

namespace SecureBackend.Tests.Injection;

/// <summary>SB1001 Fix All across documents and across the three database APIs, under one published equivalence key.</summary>
public sealed class SB1001_FixAllTests
{
    [Fact]
    public Task Flags_FixAllAcrossTwoDocuments()
    {
        var test = new Verify.Test
        {
            TestState =
            {
                Sources =
                {
                    ("/0/Products.cs", /* lang=c#-test */ """
                        using Microsoft.Data.SqlClient;

                        class Products
                        {
                            void Rename(SqlConnection connection, string sku, string name)
                            {
                                using var rename = new SqlCommand({|#0:$"UPDATE Products SET Name = '{name}' WHERE Sku = '{sku}'"|}, connection);
                                rename.ExecuteNonQuery();
                                using var delete = new SqlCommand({|#1:"DELETE FROM Products WHERE Sku = '" + sku + "'"|}, connection);
                                delete.ExecuteNonQuery();
                            }
                        }
                        """),
                    ("/0/Customers.cs", /* lang=c#-test */ """
                        using System.Data.Common;

                        class Customers
                        {
                            void Find(DbCommand command, string email)
                            {
                                command.CommandText = {|#2:"SELECT * FROM Customers WHERE Email LIKE '" + email + "%'"|};
                                command.ExecuteReader();
                            }
                        }
                        """),
                },
            },
            FixedState =
            {
                Sources =
                {
                    ("/0/Products.cs", /* lang=c#-test */ """
                        using Microsoft.Data.SqlClient;

                        class Products
                        {
                            void Rename(SqlConnection connection, string sku, string name)
                            {
                                using var rename = new SqlCommand("UPDATE Products SET Name = @name WHERE Sku = @sku", connection);
                                rename.Parameters.AddWithValue("@name", name);
                                rename.Parameters.AddWithValue("@sku", sku);
                                rename.ExecuteNonQuery();
                                using var delete = new SqlCommand("DELETE FROM Products WHERE Sku = @sku", connection);
                                delete.Parameters.AddWithValue("@sku", sku);
                                delete.ExecuteNonQuery();
                            }
                        }
                        """),
                    ("/0/Customers.cs", /* lang=c#-test */ """
                        using System.Data.Common;

                        class Customers
                        {
                            void Find(DbCommand command, string email)
                            {
                                command.CommandText = "SELECT * FROM Customers WHERE Email LIKE @email";
                                var emailParameter = command.CreateParameter();
                                emailParameter.ParameterName = "@email";
                                emailParameter.Value = email + "%";
                                command.Parameters.Add(emailParameter);
                                command.ExecuteReader();
                            }
                        }
                        """),
                },
            },
            CodeActionEquivalenceKey = SqlInjectionFixer.ParameterizeKey,
        };
        test.ExpectedDiagnostics.Add(Sql("SqlCommand", "name").WithLocation(0));
        test.ExpectedDiagnostics.Add(Sql("SqlCommand", "sku").WithLocation(1));
        test.ExpectedDiagnostics.Add(Sql("DbCommand.CommandText", "email").WithLocation(2));
        return test.RunAsync();
    }

    [Fact]
    public Task Flags_FixAllParameterizesEfCoreAdoNetAndDapperTogether()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.Linq;
                using Dapper;
                using Microsoft.Data.SqlClient;
                using Microsoft.EntityFrameworkCore;

                class Repo
                {
                    void Run(ShopDb db, SqlConnection connection, string name, string column)
                    {
                        _ = db.Products.FromSqlRaw({|#0:"SELECT * FROM Products WHERE Name = '" + name + "'"|}).ToList();
                        _ = db.Database.ExecuteSqlRaw({|#1:$"DELETE FROM Products WHERE Name = '{name}'"|});
                        using var command = new SqlCommand({|#2:$"DELETE FROM Products WHERE Name = '{name}'"|}, connection);
                        _ = connection.Query<int>({|#3:"SELECT Id FROM Products WHERE Name = '" + name + "'"|});
                        _ = connection.Query<int>({|#4:"SELECT Id FROM Products ORDER BY " + column|});
                    }
                }
                """ + ShopModel,
            FixedCode = """
                using System.Linq;
                using Dapper;
                using Microsoft.Data.SqlClient;
                using Microsoft.EntityFrameworkCore;

                class Repo
                {
                    void Run(ShopDb db, SqlConnection connection, string name, string column)
                    {
                        _ = db.Products.FromSql($"SELECT * FROM Products WHERE Name = {name}").ToList();
                        _ = db.Database.ExecuteSql($"DELETE FROM Products WHERE Name = {name}");
                        using var command = new SqlCommand("DELETE FROM Products WHERE Name = @name", connection);
                        command.Parameters.AddWithValue("@name", name);
                        _ = connection.Query<int>("SELECT Id FROM Products WHERE Name = @name", new { name });
                        _ = connection.Query<int>({|#4:"SELECT Id FROM Products ORDER BY " + column|});
                    }
                }
                """ + ShopModel,
            CodeActionEquivalenceKey = SqlInjectionFixer.ParameterizeKey,
        };
        test.ExpectedDiagnostics.Add(Sql("FromSqlRaw", "name").WithLocation(0));
        test.ExpectedDiagnostics.Add(Sql("ExecuteSqlRaw", "name").WithLocation(1));
        test.ExpectedDiagnostics.Add(Sql("SqlCommand", "name").WithLocation(2));
        test.ExpectedDiagnostics.Add(Sql("Query", "name").WithLocation(3));
        test.ExpectedDiagnostics.Add(Sql("Query", "column").WithLocation(4));
        test.FixedState.ExpectedDiagnostics.Add(Sql("Query", "column").WithLocation(4));
        return test.RunAsync();
    }

    [Fact]
    public void DoesNotFlag_EquivalenceKeyIsThePublishedConstant()
        => Assert.Equal("SB1001.Parameterize", SqlInjectionFixer.ParameterizeKey);

    [Fact]
    public Task Flags_DapperFixAppliedThroughThePublishedKey() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Dapper;
        using Microsoft.Data.SqlClient;

        class Repo
        {
            int Ban(SqlConnection connection, string login)
                => connection.Execute({|#0:"UPDATE Users SET Banned = 1 WHERE Login = '" + login + "'"|});
        }
        """,
        /* lang=c#-test */ """
        using Dapper;
        using Microsoft.Data.SqlClient;

        class Repo
        {
            int Ban(SqlConnection connection, string login)
                => connection.Execute("UPDATE Users SET Banned = 1 WHERE Login = @login", new { login });
        }
        """,
        SqlInjectionFixer.ParameterizeKey,
        Sql("Execute", "login").WithLocation(0));
}
