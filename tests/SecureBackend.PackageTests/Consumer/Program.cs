using Consumer.Data;

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

app.MapGet("/orders/{customer}", (string customer) => OrderQueries.Describe(customer));

app.Run();
