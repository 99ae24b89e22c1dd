using System.Net.Mail;

namespace VulnerableShop.Services;

/// <summary>Sends order confirmations through the shop's relay.</summary>
public sealed class OrderMailer
{
    public async Task SendConfirmationAsync(string to, string orderId)
    {
        using var client = new SmtpClient("smtp.shop-mail.com", 587);
        client.EnableSsl = false; // expect: SB4005
        using var message = new MailMessage("orders@shop-mail.com", to, "Order " + orderId, "Thank you for your order.");
        await client.SendMailAsync(message);
    }
}
