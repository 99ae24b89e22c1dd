using Microsoft.AspNetCore.Identity;

namespace VulnerableShop.Services;

public static class AccountPolicySetup
{
    /// <summary>Password, lockout and sign-in cookie policy for shop accounts (call from Program.cs).</summary>
    public static IServiceCollection AddShopAccountPolicy(this IServiceCollection services)
    {
        services.Configure<IdentityOptions>(options =>
        {
            options.Password.RequiredLength = 6; // expect: SB2011
            options.Lockout.AllowedForNewUsers = false; // expect: SB2011
        });
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/Login";
            options.ExpireTimeSpan = TimeSpan.FromDays(30); // expect: SB2011 (no fix)
        });

        return services;
    }

    /// <summary>Signs a shopper in with e-mail and password.</summary>
    public static Task<Microsoft.AspNetCore.Identity.SignInResult> SignInShopperAsync(
        SignInManager<IdentityUser> signInManager, string email, string password, bool rememberMe)
        => signInManager.PasswordSignInAsync(email, password, rememberMe, lockoutOnFailure: false); // expect: SB2011
}
