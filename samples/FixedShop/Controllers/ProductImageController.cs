using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace FixedShop.Controllers;

[ApiController]
[Route("api/product-images")]
[AutoValidateAntiforgeryToken]
public sealed class ProductImageController : ControllerBase
{
    private const string ImageRoot = "/var/shop/images";

    [HttpPost]
    public async Task<IActionResult> Upload(IFormFile image)
    {
        var path = Path.Combine(ImageRoot, Guid.NewGuid() + Path.GetExtension(image.FileName));
        await using (var stream = new FileStream(path, FileMode.Create))
        {
            await image.CopyToAsync(stream);
        }

        var convert = new ProcessStartInfo("convert") { ArgumentList = { path, "-resize", "200x200", path + ".thumb.png" } };
        using var thumbnail = Process.Start(convert);
        return Ok();
    }

    [HttpGet("{name}")]
    public IActionResult Get(string name) => PhysicalFile(Path.Combine(ImageRoot, Path.GetFileName(name)), "image/png");

    [HttpPost("optimize")]
    public IActionResult Optimize(string name, int quality)
    {
        var info = new ProcessStartInfo("jpegoptim");
        info.ArgumentList.Add("--max");
        info.ArgumentList.Add(quality.ToString());
        info.ArgumentList.Add(Path.Combine(ImageRoot, Path.GetFileName(name)));
        Process.Start(info);
        return Ok();
    }
}
