using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FixedShop.Pages;

public class CheckoutModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IActionResult OnPost(int cartId)
    {
        if (ReturnUrl is not null)
        {
            return LocalRedirect(ReturnUrl);
        }

        return Page();
    }
}
