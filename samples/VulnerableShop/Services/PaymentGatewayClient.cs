using System.Net.Http.Json;
using System.Security.Authentication;

namespace VulnerableShop.Services
{
    /// <summary>Talks to the payment partner: cleartext base URL, legacy TLS and a certificate bypass.</summary>
    public sealed class PaymentGatewayClient
    {
        private const string PartnerApi = "http://api.payments-partner.com/v1/";

        private readonly HttpClient _client;

        public PaymentGatewayClient()
        {
#pragma warning disable SYSLIB0039 // the partner still "needs" TLS 1.0
            var handler = new HttpClientHandler
            {
                SslProtocols = SslProtocols.Tls | SslProtocols.Tls12, // expect: SB4004
                // The partner's staging certificate expired; accept anything until they renew it.
                ServerCertificateCustomValidationCallback = (message, certificate, chain, errors) => true, // expect: SB4003
            };
#pragma warning restore SYSLIB0039
            _client = new HttpClient(handler) { BaseAddress = new Uri(PartnerApi) }; // expect: SB4005
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
            => services.AddSingleton<VulnerableShop.Services.PaymentGatewayClient>();
    }
}
