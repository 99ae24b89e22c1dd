using Microsoft.AspNetCore.Mvc;

namespace FixedShop.Controllers;

[Route("cart")]
[AutoValidateAntiforgeryToken]
public class CartController : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View();

    [HttpPost("add")]
    public IActionResult Add(int productId, int quantity) => RedirectToAction(nameof(Index));

    [HttpDelete("{productId:int}")]
    public IActionResult Remove(int productId) => NoContent();

    [HttpGet("continue")]
    public IActionResult ContinueShopping(string next)
        => Url.IsLocalUrl(next) ? Redirect(next) : RedirectToAction(nameof(Index));
}
