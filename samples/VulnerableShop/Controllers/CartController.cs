using Microsoft.AspNetCore.Mvc;

namespace VulnerableShop.Controllers;

[Route("cart")]
public class CartController : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View();

    [HttpPost("add")]
    [IgnoreAntiforgeryToken] // expect: SB3002
    public IActionResult Add(int productId, int quantity) => RedirectToAction(nameof(Index));

    [HttpDelete("{productId:int}")]
    public IActionResult Remove(int productId) => NoContent(); // expect: SB3001

    [HttpGet("continue")]
    public IActionResult ContinueShopping(string next) => Redirect(next); // expect: SB3005
}
