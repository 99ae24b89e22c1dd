using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace VulnerableShop.Controllers;

[ApiController]
[Route("api/product-images")]
[AutoValidateAntiforgeryToken]
public sealed class ProductImageController : ControllerBase
{
    private const string ImageRoot = "/var/shop/images";

    [HttpPost]
    public async Task<IActionResult> Upload(IFormFile image)
    {
        var path = Path.Combine(ImageRoot, image.FileName);
        await using (var stream = new FileStream(path, FileMode.Create)) // expect: SB1004
        {
            await image.CopyToAsync(stream);
        }

        using var thumbnail = Process.Start("convert", path + " -resize 200x200 " + path + ".thumb.png"); // expect: SB1002 (no fix)
        return Ok();
    }

    [HttpGet("{name}")]
    public IActionResult Get(string name) => PhysicalFile(Path.Combine(ImageRoot, name), "image/png"); // expect: SB1004

    [HttpPost("optimize")]
    public IActionResult Optimize(string name, int quality)
    {
        var info = new ProcessStartInfo("jpegoptim");
        info.Arguments = "--max " + quality + " " + name; // expect: SB1002
        Process.Start(info);
        return Ok();
    }
}
