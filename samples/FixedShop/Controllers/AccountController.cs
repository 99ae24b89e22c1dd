using Microsoft.AspNetCore.Mvc;

namespace FixedShop.Controllers;

public sealed class LoginForm
{
    public string Email { get; set; } = "";

    public string Password { get; set; } = "";

    public string? ReturnUrl { get; set; }
}

[AutoValidateAntiforgeryToken]
public class AccountController : Controller
{
    [HttpGet]
    public IActionResult Login(string? returnUrl) => View(new LoginForm { ReturnUrl = returnUrl });

    [HttpPost]
    public IActionResult Login(LoginForm form)
    {
        var sessionId = Guid.NewGuid().ToString("N");
        Response.Cookies.Append("shop_session", sessionId, new CookieOptions { HttpOnly = true, Secure = true });
        if (string.IsNullOrEmpty(form.ReturnUrl))
        {
            return RedirectToAction("Index", "Home");
        }

        return LocalRedirect(form.ReturnUrl);
    }

    [HttpPost]
    public IActionResult ChangeEmail(string email)
    {
        Response.Cookies.Append("last_email_change", DateTime.UtcNow.ToString("O"), new CookieOptions { HttpOnly = true, Secure = true });
        return RedirectToAction(nameof(Login));
    }
}
