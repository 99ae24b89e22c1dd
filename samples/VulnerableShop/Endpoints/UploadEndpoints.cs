namespace VulnerableShop.Endpoints;

public static class UploadEndpoints
{
    public static IEndpointRouteBuilder MapUploadEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/uploads/avatar", async (IFormFile file) =>
            {
                await using var target = File.Create(Path.Combine(Path.GetTempPath(), Path.GetRandomFileName()));
                await file.CopyToAsync(target);
                return Results.Ok();
            })
            .DisableAntiforgery(); // expect: SB3002

        routes.MapGet("/go", (string to) => Results.Redirect(to)); // expect: SB3005
        return routes;
    }
}
