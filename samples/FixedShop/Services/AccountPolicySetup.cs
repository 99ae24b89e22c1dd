using Microsoft.AspNetCore.Identity;

namespace FixedShop.Services;

public static class AccountPolicySetup
{
    /// <summary>Password, lockout and sign-in cookie policy for shop accounts (call from Program.cs).</summary>
    public static IServiceCollection AddShopAccountPolicy(this IServiceCollection services)
    {
        services.Configure<IdentityOptions>(options =>
        {
            options.Password.RequiredLength = 12;
            options.Lockout.AllowedForNewUsers = true;
        });
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/Login";
            options.ExpireTimeSpan = TimeSpan.FromDays(30);
            options.SlidingExpiration = false; // an absolute lifetime: shoppers sign in again after 30 days
        });

        return services;
    }

    /// <summary>Signs a shopper in with e-mail and password.</summary>
    public static Task<Microsoft.AspNetCore.Identity.SignInResult> SignInShopperAsync(
        SignInManager<IdentityUser> signInManager, string email, string password, bool rememberMe)
        => signInManager.PasswordSignInAsync(email, password, rememberMe, lockoutOnFailure: true);
}
