using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace VulnerableShop.Pages;

[IgnoreAntiforgeryToken] // expect: SB3002
public class CheckoutModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IActionResult OnPost(int cartId)
    {
        if (ReturnUrl is not null)
        {
            return Redirect(ReturnUrl); // expect: SB3005
        }

        return Page();
    }
}
