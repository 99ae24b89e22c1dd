using System;
using System.Collections.Generic;
using System.Linq;

namespace SecureBackend.Benchmarks.Corpus;

/// <summary>The application and web layer of a module: services, MVC and API controllers, Razor Pages models, minimal-API endpoints.</summary>
public static partial class WebAppGenerator
{
    /// <summary>The signature of the MVC controllers' Delete post, whose attributes a seed may replace.</summary>
    internal const string MvcDeleteSignature = "public async Task<IActionResult> Delete(int id, string? returnUrl, CancellationToken cancellationToken)";

    private static CorpusFile Service(Module module, int index, string root, List<SeededVulnerability> seeds)
    {
        var e = module.Entities[index];
        var w = new SourceWriter(root + "Services/" + e.Name + "Service.cs", seeds);
        w.Block($$"""
            using System.ComponentModel.DataAnnotations;
            using System.Security.Cryptography;
            using System.Text;
            using System.Text.Json;
            using {{module.Namespace}}.Data;
            using {{module.Namespace}}.Models;
            using Microsoft.Extensions.Caching.Memory;

            namespace {{module.Namespace}}.Services;

            public sealed class {{e.Name}}Service(I{{e.Name}}Repository repository, IMemoryCache cache, TimeProvider clock, ILogger<{{e.Name}}Service> logger)
            {
                private static readonly TimeSpan CacheDuration = TimeSpan.FromMinutes(5);

                public async Task<{{e.Name}}Dto?> GetAsync(int id, CancellationToken cancellationToken = default)
                {
                    var key = CacheKey(id);
                    if (cache.TryGetValue(key, out {{e.Name}}Dto? cached))
                    {
                        return cached;
                    }

                    var entity = await repository.FindAsync(id, cancellationToken);
                    if (entity is null)
                    {
                        logger.LogWarning("{{e.Name}} {Id} not found", id);
                        return null;
                    }

                    var dto = entity.ToDto();
                    cache.Set(key, dto, CacheDuration);
                    return dto;
                }

                public async Task<PagedResult<{{e.Name}}Dto>> ListAsync({{e.Name}}Query query, CancellationToken cancellationToken = default)
                {
                    var page = await repository.ListAsync(query with { PageSize = Math.Clamp(query.PageSize, 1, 100) }, cancellationToken);
                    return new PagedResult<{{e.Name}}Dto>(page.Items.Select(item => item.ToDto()).ToList(), page.Total, page.Page, page.PageSize);
                }

                public async Task<{{e.Name}}Dto> CreateAsync(Create{{e.Name}}Request request, CancellationToken cancellationToken = default)
                {
                    Validate(request);
                    var entity = await repository.AddAsync(request.ToEntity(clock.GetUtcNow().UtcDateTime), cancellationToken);
                    return entity.ToDto();
                }

                public async Task<bool> UpdateAsync(int id, Update{{e.Name}}Request request, CancellationToken cancellationToken = default)
                {
                    var entity = await repository.FindAsync(id, cancellationToken);
                    if (entity is null)
                    {
                        return false;
                    }

                    request.ApplyTo(entity, clock.GetUtcNow().UtcDateTime);
                    await repository.UpdateAsync(entity, cancellationToken);
                    cache.Remove(CacheKey(id));
                    return true;
                }

                public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken = default)
                {
                    var deleted = await repository.DeleteAsync(id, cancellationToken);
                    cache.Remove(CacheKey(id));
                    return deleted;
                }

                public async Task<IReadOnlyList<{{e.Name}}Dto>> FeaturedAsync(int count, CancellationToken cancellationToken = default)
                {
                    var page = await repository.ListAsync(new {{e.Name}}Query(null, 1, 50), cancellationToken);
                    var items = page.Items.Select(item => item.ToDto()).ToArray();
                    Random.Shared.Shuffle(items);
                    return items.Take(count).ToList();
                }

                public static string ComputeETag({{e.Name}}Dto dto)
                {
                    var json = JsonSerializer.SerializeToUtf8Bytes(dto);
            """);
        if (!Seed(SeedSite.ServiceETag, module, index, w))
        {
            w.Block("var hash = SHA256.HashData(json);", 2);
        }

        w.Block($$"""
                    return "\"" + Convert.ToHexString(hash, 0, 16) + "\"";
                }

                private static string CacheKey(int id)
                {
            """);
        if (!Seed(SeedSite.ServiceCacheKey, module, index, w))
        {
            w.Block($$"""
                return "{{module.Lower}}:{{e.Lower}}:" + id;
                """, 2);
        }

        w.Block($$"""
                }

                private static void Validate(Create{{e.Name}}Request request)
                {
            """);
        foreach (var f in e.Fields)
        {
            var check = f.Type switch
            {
                "string" => $"if (string.IsNullOrWhiteSpace(request.{f.Name}))",
                "int" or "decimal" => $"if (request.{f.Name} < 0)",
                _ => null,
            };
            if (check is null)
            {
                continue;
            }

            w.Block($$"""
                {{check}}
                {
                    throw new ValidationException("{{f.Name}} is not valid.");
                }

                """, 2);
        }

        w.Block("""
                }
            }
            """);
        return w.ToFile();
    }

    private static CorpusFile MvcController(Module module, int index, string root, List<SeededVulnerability> seeds, Prng rng)
    {
        var e = module.Entities[index];

        // A controller whose posts are seeded without token validation validates per action, as such code does.
        var perAction = IsSeeded(SeedSite.MvcEditPost, module, index) || IsSeeded(SeedSite.MvcDeletePost, module, index) || rng.Chance(50);
        var w = new SourceWriter(root + "Controllers/" + e.Plural + "Controller.cs", seeds);
        w.Block($$"""
            using {{module.Namespace}}.Models;
            using {{module.Namespace}}.Services;
            using Microsoft.AspNetCore.Mvc;

            namespace {{module.Namespace}}.Controllers;

            """);
        if (!perAction)
        {
            w.Line("[AutoValidateAntiforgeryToken]");
        }

        var token = perAction ? "\n    [ValidateAntiForgeryToken]" : string.Empty;
        var tokenLine = perAction ? "\n[ValidateAntiForgeryToken]" : string.Empty;
        w.Block($$"""
            public sealed class {{e.Plural}}Controller({{e.Name}}Service service, ILogger<{{e.Plural}}Controller> logger) : Controller
            {
                [HttpGet]
                public async Task<IActionResult> Index(string? search, int page = 1, CancellationToken cancellationToken = default)
                {
                    var result = await service.ListAsync(new {{e.Name}}Query(search, page), cancellationToken);
                    ViewData["Search"] = search;
                    return View(result);
                }

                [HttpGet]
                public async Task<IActionResult> Details(int id, CancellationToken cancellationToken)
                {
                    var item = await service.GetAsync(id, cancellationToken);
                    if (item is null)
                    {
                        return NotFound();
                    }

                    Response.Headers.ETag = {{e.Name}}Service.ComputeETag(item);
                    return View(item);
                }

                [HttpGet]
                public IActionResult Create() => View(new Create{{e.Name}}Request());

                [HttpPost]{{token}}
                public async Task<IActionResult> Create(Create{{e.Name}}Request request, CancellationToken cancellationToken)
                {
                    if (!ModelState.IsValid)
                    {
                        return View(request);
                    }

                    var created = await service.CreateAsync(request, cancellationToken);
                    logger.LogInformation("{{e.Name}} {Id} created by {User}", created.Id, User.Identity?.Name);
                    TempData["Message"] = "{{e.Name}} created.";
                    return RedirectToAction(nameof(Details), new { id = created.Id });
                }

                [HttpGet]
                public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken)
                {
                    var item = await service.GetAsync(id, cancellationToken);
                    return item is null ? NotFound() : View(item.ToUpdateRequest());
                }

            """);
        if (!Seed(SeedSite.MvcEditPost, module, index, w))
        {
            w.Block($$"""
                [HttpPost]{{tokenLine}}
                public async Task<IActionResult> Edit(int id, Update{{e.Name}}Request request, CancellationToken cancellationToken)
                """, 1);
        }

        w.Block("""
                {
                    if (!ModelState.IsValid)
                    {
                        return View(request);
                    }

                    var updated = await service.UpdateAsync(id, request, cancellationToken);
                    return updated ? RedirectToAction(nameof(Details), new { id }) : NotFound();
                }

            """);
        if (!Seed(SeedSite.MvcDeletePost, module, index, w))
        {
            w.Block($"[HttpPost]{tokenLine}\n{MvcDeleteSignature}", 1);
        }

        w.Block("""
                {
                    await service.DeleteAsync(id, cancellationToken);
            """);
        if (!Seed(SeedSite.MvcDeleteRedirect, module, index, w))
        {
            w.Block("""
                if (!string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl))
                {
                    return Redirect(returnUrl);
                }
                """, 2);
        }

        w.Block($$"""

                    return RedirectToAction(nameof(Index));
                }

                [HttpPost]{{token}}
                public IActionResult SetLayout(string layout)
                {
                    var value = layout == "grid" ? "grid" : "list";
            """);
        if (!Seed(SeedSite.MvcLayoutCookie, module, index, w))
        {
            w.Block($$"""
                Response.Cookies.Append("{{module.Lower}}-layout", value, new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict, MaxAge = TimeSpan.FromDays(365) });
                """, 2);
        }

        w.Block("""
                    return RedirectToAction(nameof(Index));
                }
            }
            """);
        return w.ToFile();
    }

    private static CorpusFile ApiController(Module module, Entity e, string root)
    {
        var w = new SourceWriter(root + "Controllers/" + e.Plural + "ApiController.cs", new List<SeededVulnerability>());
        w.Block($$"""
            using {{module.Namespace}}.Models;
            using {{module.Namespace}}.Services;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            namespace {{module.Namespace}}.Controllers;

            [ApiController]
            [Authorize]
            [Route("api/{{module.Lower}}/{{e.PluralLower}}")]
            public sealed class {{e.Plural}}ApiController({{e.Name}}Service service) : ControllerBase
            {
                [HttpGet]
                public async Task<ActionResult<PagedResult<{{e.Name}}Dto>>> List([FromQuery] string? search, [FromQuery] int page = 1, CancellationToken cancellationToken = default)
                    => Ok(await service.ListAsync(new {{e.Name}}Query(search, page), cancellationToken));

                [HttpGet("{id:int}")]
                public async Task<ActionResult<{{e.Name}}Dto>> Get(int id, CancellationToken cancellationToken)
                {
                    var item = await service.GetAsync(id, cancellationToken);
                    return item is null ? NotFound() : Ok(item);
                }

                [HttpPost]
                public async Task<ActionResult<{{e.Name}}Dto>> Create([FromBody] Create{{e.Name}}Request request, CancellationToken cancellationToken)
                {
                    var created = await service.CreateAsync(request, cancellationToken);
                    return CreatedAtAction(nameof(Get), new { id = created.Id }, created);
                }

                [HttpPut("{id:int}")]
                public async Task<IActionResult> Update(int id, [FromBody] Update{{e.Name}}Request request, CancellationToken cancellationToken)
                    => await service.UpdateAsync(id, request, cancellationToken) ? NoContent() : NotFound();

                [HttpDelete("{id:int}")]
                public async Task<IActionResult> Delete(int id, CancellationToken cancellationToken)
                    => await service.DeleteAsync(id, cancellationToken) ? NoContent() : NotFound();
            }
            """);
        return w.ToFile();
    }

    private static CorpusFile RazorPage(Module module, int index, string root, List<SeededVulnerability> seeds)
    {
        var e = module.Entities[index];
        var w = new SourceWriter(root + "Pages/" + e.Plural + "/Edit.cshtml.cs", seeds);
        w.Block($$"""
            using {{module.Namespace}}.Models;
            using {{module.Namespace}}.Services;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;

            namespace {{module.Namespace}}.Pages.{{e.Plural}};

            """);
        if (!Seed(SeedSite.RazorPageClass, module, index, w))
        {
            w.Line($"public sealed class EditModel({e.Name}Service service) : PageModel");
        }

        w.Block($$"""
            {
                [BindProperty]
                public Update{{e.Name}}Request Input { get; set; } = new();

                [BindProperty(SupportsGet = true)]
                public int Id { get; set; }

                public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
                {
                    var item = await service.GetAsync(Id, cancellationToken);
                    if (item is null)
                    {
                        return NotFound();
                    }

                    Input = item.ToUpdateRequest();
                    return Page();
                }

                public async Task<IActionResult> OnPostAsync(string? returnUrl, CancellationToken cancellationToken)
                {
                    if (!ModelState.IsValid)
                    {
                        return Page();
                    }

                    if (!await service.UpdateAsync(Id, Input, cancellationToken))
                    {
                        return NotFound();
                    }

            """);
        if (!Seed(SeedSite.RazorPageRedirect, module, index, w))
        {
            w.Block($"return LocalRedirect(returnUrl ?? \"/{e.PluralLower}\");", 2);
        }

        w.Block("""
                }
            }
            """);
        return w.ToFile();
    }

    private static CorpusFile MinimalApi(Module module, int index, string root, List<SeededVulnerability> seeds)
    {
        var e = module.Entities[index];
        var w = new SourceWriter(root + "Endpoints/" + e.Name + "Endpoints.cs", seeds);
        w.Block($$"""
            using {{module.Namespace}}.Models;
            using {{module.Namespace}}.Services;
            using Microsoft.AspNetCore.Http.HttpResults;

            namespace {{module.Namespace}}.Endpoints;

            public static class {{e.Name}}Endpoints
            {
                public static RouteGroupBuilder Map{{e.Name}}Endpoints(this IEndpointRouteBuilder routes)
                {
                    var group = routes.MapGroup("/api/v2/{{module.Lower}}/{{e.PluralLower}}").WithTags("{{e.Plural}}");
                    group.MapGet("/", ListAsync);
                    group.MapGet("/{id:int}", GetAsync);
                    group.MapPost("/", CreateAsync).RequireAuthorization();
                    group.MapPut("/{id:int}", UpdateAsync).RequireAuthorization();
                    group.MapDelete("/{id:int}", DeleteAsync).RequireAuthorization();
                    group.MapGet("/{id:int}/open", (int id) => Results.LocalRedirect($"/{{module.Lower}}/{{e.PluralLower}}/details/{id}"));
            """);
        Seed(SeedSite.MinimalApiRoutes, module, index, w);
        w.Block($$"""
                    return group;
                }

                private static async Task<Ok<PagedResult<{{e.Name}}Dto>>> ListAsync({{e.Name}}Service service, string? search, int? page, CancellationToken cancellationToken)
                    => TypedResults.Ok(await service.ListAsync(new {{e.Name}}Query(search, page ?? 1), cancellationToken));

                private static async Task<Results<Ok<{{e.Name}}Dto>, NotFound>> GetAsync(int id, {{e.Name}}Service service, CancellationToken cancellationToken)
                {
                    var item = await service.GetAsync(id, cancellationToken);
                    return item is null ? TypedResults.NotFound() : TypedResults.Ok(item);
                }

                private static async Task<Created<{{e.Name}}Dto>> CreateAsync(Create{{e.Name}}Request request, {{e.Name}}Service service, CancellationToken cancellationToken)
                {
                    var created = await service.CreateAsync(request, cancellationToken);
                    return TypedResults.Created($"/api/v2/{{module.Lower}}/{{e.PluralLower}}/{created.Id}", created);
                }

                private static async Task<Results<NoContent, NotFound>> UpdateAsync(int id, Update{{e.Name}}Request request, {{e.Name}}Service service, CancellationToken cancellationToken)
                    => await service.UpdateAsync(id, request, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

                private static async Task<Results<NoContent, NotFound>> DeleteAsync(int id, {{e.Name}}Service service, CancellationToken cancellationToken)
                    => await service.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
            """);
        Seed(SeedSite.MinimalApiHelpers, module, index, w);
        w.Line("}");
        return w.ToFile();
    }
}
