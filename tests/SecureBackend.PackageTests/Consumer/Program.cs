using Consumer.Data;

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build(); // expect: SB4001, SB4002

app.UseDeveloperExceptionPage(); // expect: SB5001
app.Use(async (context, next) =>
{
    context.Response.Headers["X-Content-Type-Options"] = "nosniff"; // keeps SB5006, a suggestion, out of this consumer
    await next(context);
});
app.MapGet("/orders/{customer}", (string customer) => OrderQueries.Describe(customer));

app.Run();
