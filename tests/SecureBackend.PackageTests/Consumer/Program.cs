using Consumer.Data;

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build(); // expect: SB4001, SB4002

app.UseDeveloperExceptionPage(); // expect: SB5001
app.MapGet("/orders/{customer}", (string customer) => OrderQueries.Describe(customer));

app.Run();
