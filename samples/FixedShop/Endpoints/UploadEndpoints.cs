namespace FixedShop.Endpoints;

public static class UploadEndpoints
{
    public static IEndpointRouteBuilder MapUploadEndpoints(this IEndpointRouteBuilder routes)
    {
        // Form posts carry the antiforgery token; the middleware that WebApplication adds validates it.
        routes.MapPost("/uploads/avatar", async (IFormFile file) =>
        {
            await using var target = File.Create(Path.Combine(Path.GetTempPath(), Path.GetRandomFileName()));
            await file.CopyToAsync(target);
            return Results.Ok();
        });

        routes.MapGet("/go", (string to) => Results.LocalRedirect(to));
        return routes;
    }
}
