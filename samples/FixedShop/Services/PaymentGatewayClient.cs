using System.Net.Http.Json;
using System.Security.Authentication;

namespace FixedShop.Services
{
    /// <summary>Talks to the payment partner over HTTPS with the platform's certificate validation and TLS versions.</summary>
    public sealed class PaymentGatewayClient
    {
        private const string PartnerApi = "https://api.payments-partner.com/v1/";

        private readonly HttpClient _client;

        public PaymentGatewayClient()
        {
            var handler = new HttpClientHandler
            {
                // Let the operating system choose the TLS version (TLS 1.2/1.3 today, newer ones when they ship).
                SslProtocols = SslProtocols.None,
            };
            _client = new HttpClient(handler) { BaseAddress = new Uri(PartnerApi) };
        }

        public async Task<bool> ChargeAsync(string orderId, decimal amount, CancellationToken cancellationToken)
        {
            using var response = await _client.PostAsJsonAsync("charges", new { orderId, amount }, cancellationToken);
            return response.IsSuccessStatusCode;
        }
    }
}

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Registration in the DI namespace, so Program.cs needs no extra using.</summary>
    public static class PaymentGatewayServiceCollectionExtensions
    {
        public static IServiceCollection AddPaymentGateway(this IServiceCollection services)
            => services.AddSingleton<FixedShop.Services.PaymentGatewayClient>();
    }
}
