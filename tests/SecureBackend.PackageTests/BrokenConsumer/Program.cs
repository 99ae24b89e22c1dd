var app = WebApplication.CreateBuilder(args).Build(); // expect: SB4001, SB4002
app.Run();
