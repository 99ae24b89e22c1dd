using Microsoft.AspNetCore.Mvc;

namespace VulnerableShop.Controllers;

public sealed class LoginForm
{
    public string Email { get; set; } = "";

    public string Password { get; set; } = "";

    public string? ReturnUrl { get; set; }
}

public class AccountController : Controller
{
    [HttpGet]
    public IActionResult Login(string? returnUrl) => View(new LoginForm { ReturnUrl = returnUrl });

    [HttpPost]
    public IActionResult Login(LoginForm form) // expect: SB3001
    {
        var sessionId = Guid.NewGuid().ToString("N");
        Response.Cookies.Append("shop_session", sessionId); // expect: SB3003
        if (string.IsNullOrEmpty(form.ReturnUrl))
        {
            return RedirectToAction("Index", "Home");
        }

        return Redirect(form.ReturnUrl); // expect: SB3005
    }

    [HttpPost]
    public IActionResult ChangeEmail(string email) // expect: SB3001
    {
        Response.Cookies.Append("last_email_change", DateTime.UtcNow.ToString("O"), new CookieOptions { HttpOnly = true }); // expect: SB3003
        return RedirectToAction(nameof(Login));
    }
}
