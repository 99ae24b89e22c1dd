using System.Threading.Tasks;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Secrets.NonConstantTimeComparisonAnalyzer,
    SecureBackend.CodeFixes.Secrets.NonConstantTimeComparisonFixer>;

namespace SecureBackend.Tests.Secrets;

/// <summary>
/// SB2006 and where the sides of a comparison come from: a secret compared with what the client sent is reported;
/// two server values (internal handles, values the server fetched or computed itself) or two values of the same
/// request are not. Parameters of ordinary methods carry whatever their callers pass and stay reported.
/// </summary>
public sealed class SB2006_ComparandOriginTests
{
    private const string Usings = """
        #nullable enable
        using System;
        using System.Collections.Generic;
        using System.ComponentModel.DataAnnotations;
        using System.IO;
        using System.Linq;
        using System.Security.Cryptography;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Options;

        """;

    // ---------------------------------------------------------------- must flag: one side from the request

    [Fact]
    public Task Flags_PostedResetTokenComparedWithTheStoredOne() => Verify.CodeFixAsync(
        Usings + """
        public sealed class ResetRequest { public string Email { get; set; } = ""; public string Token { get; set; } = ""; }
        public sealed class Account { public string ResetToken { get; set; } = ""; }
        public interface IAccounts { Task<Account> FindByEmailAsync(string email); }

        [ApiController]
        [Route("account")]
        public sealed class AccountController : ControllerBase
        {
            private readonly IAccounts _accounts;

            public AccountController(IAccounts accounts) => _accounts = accounts;

            [HttpPost("reset")]
            public async Task<IActionResult> Reset([FromBody] ResetRequest request)
            {
                var account = await _accounts.FindByEmailAsync(request.Email);
                if ({|#0:request.Token != account.ResetToken|})
                {
                    return BadRequest();
                }

                return NoContent();
            }
        }
        """,
        Usings + """
        public sealed class ResetRequest { public string Email { get; set; } = ""; public string Token { get; set; } = ""; }
        public sealed class Account { public string ResetToken { get; set; } = ""; }
        public interface IAccounts { Task<Account> FindByEmailAsync(string email); }

        [ApiController]
        [Route("account")]
        public sealed class AccountController : ControllerBase
        {
            private readonly IAccounts _accounts;

            public AccountController(IAccounts accounts) => _accounts = accounts;

            [HttpPost("reset")]
            public async Task<IActionResult> Reset([FromBody] ResetRequest request)
            {
                var account = await _accounts.FindByEmailAsync(request.Email);
                if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Token), Encoding.UTF8.GetBytes(account.ResetToken)))
                {
                    return BadRequest();
                }

                return NoContent();
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("Token", "!="));

    [Fact]
    public Task Flags_WebhookSignatureHeaderComparedWithAnHmacOfTheBody() => Verify.CodeFixAsync(
        Usings + """
        [ApiController]
        [Route("hooks/payments")]
        public sealed class PaymentHookController : ControllerBase
        {
            private readonly byte[] _secret;

            public PaymentHookController(byte[] secret) => _secret = secret;

            [HttpPost]
            public async Task<IActionResult> Receive()
            {
                using var reader = new StreamReader(Request.Body);
                var payload = await reader.ReadToEndAsync();
                var expected = Convert.ToHexString(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(payload)));
                string signature = Request.Headers["X-Signature"].ToString();
                if ({|#0:signature != expected|})
                {
                    return Unauthorized();
                }

                return Ok();
            }
        }
        """,
        Usings + """
        [ApiController]
        [Route("hooks/payments")]
        public sealed class PaymentHookController : ControllerBase
        {
            private readonly byte[] _secret;

            public PaymentHookController(byte[] secret) => _secret = secret;

            [HttpPost]
            public async Task<IActionResult> Receive()
            {
                using var reader = new StreamReader(Request.Body);
                var payload = await reader.ReadToEndAsync();
                var expected = Convert.ToHexString(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(payload)));
                string signature = Request.Headers["X-Signature"].ToString();
                if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(signature), Encoding.UTF8.GetBytes(expected)))
                {
                    return Unauthorized();
                }

                return Ok();
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("signature", "!="));

    [Fact]
    public Task Flags_MinimalApiHeaderParameterComparedWithTheConfiguredKey() => Verify.CodeFixAsync(
        Usings + """
        public sealed class PartnerOptions { public string ApiKey { get; set; } = ""; }

        static class PartnerEndpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/partner/orders", ([FromHeader(Name = "X-Api-Key")] string apiKey, IOptions<PartnerOptions> options) =>
                    {|#0:apiKey == options.Value.ApiKey|} ? Results.Accepted() : Results.Unauthorized());
            }
        }
        """,
        Usings + """
        public sealed class PartnerOptions { public string ApiKey { get; set; } = ""; }

        static class PartnerEndpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/partner/orders", ([FromHeader(Name = "X-Api-Key")] string apiKey, IOptions<PartnerOptions> options) =>
                    CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(apiKey), Encoding.UTF8.GetBytes(options.Value.ApiKey)) ? Results.Accepted() : Results.Unauthorized());
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("apiKey", "=="));

    [Fact]
    public Task Flags_PasswordPassedThroughNullThrowIntoAHash() => Verify.CodeFixAsync(
        Usings + """
        public sealed class LoginModel { public string? UserName { get; set; } public string? Password { get; set; } }
        public sealed class StoredUser { public string Salt { get; set; } = ""; public byte[] Verifier { get; set; } = Array.Empty<byte>(); }
        public interface IUsers { Task<StoredUser> FindAsync(string userName); }

        [ApiController]
        public sealed class SessionController : ControllerBase
        {
            private readonly IUsers _users;

            public SessionController(IUsers users) => _users = users;

            [HttpPost("session")]
            public async Task<IActionResult> Login(LoginModel model)
            {
                var user = await _users.FindAsync(model.UserName ?? throw new ArgumentException("A user name is required."));
                var digest = SHA256.HashData(Encoding.UTF8.GetBytes(user.Salt + (model.Password ?? throw new ArgumentException("A password is required."))));
                return {|#0:digest.SequenceEqual(user.Verifier)|} ? Ok() : Unauthorized();
            }
        }
        """,
        Usings + """
        public sealed class LoginModel { public string? UserName { get; set; } public string? Password { get; set; } }
        public sealed class StoredUser { public string Salt { get; set; } = ""; public byte[] Verifier { get; set; } = Array.Empty<byte>(); }
        public interface IUsers { Task<StoredUser> FindAsync(string userName); }

        [ApiController]
        public sealed class SessionController : ControllerBase
        {
            private readonly IUsers _users;

            public SessionController(IUsers users) => _users = users;

            [HttpPost("session")]
            public async Task<IActionResult> Login(LoginModel model)
            {
                var user = await _users.FindAsync(model.UserName ?? throw new ArgumentException("A user name is required."));
                var digest = SHA256.HashData(Encoding.UTF8.GetBytes(user.Salt + (model.Password ?? throw new ArgumentException("A password is required."))));
                return CryptographicOperations.FixedTimeEquals(digest, user.Verifier) ? Ok() : Unauthorized();
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("SHA256.HashData", "SequenceEqual"));

    [Fact]
    public Task Flags_PasswordThroughNullThrowHandedToAKeyDerivationHelper() => Verify.CodeFixAsync(
        Usings + """
        public sealed class UnlockModel { public string? Passphrase { get; set; } }

        public sealed class VaultService
        {
            private readonly byte[] _salt = new byte[16];
            private readonly byte[] _verifier = new byte[32];

            public bool Unlock(UnlockModel model)
            {
                var key = Stretch(model.Passphrase ?? throw new ArgumentNullException(nameof(model)), _salt);
                return {|#0:key.SequenceEqual(_verifier)|};
            }

            private static byte[] Stretch(string phrase, byte[] salt) => Encoding.UTF8.GetBytes(phrase).Concat(salt).ToArray();
        }
        """,
        Usings + """
        public sealed class UnlockModel { public string? Passphrase { get; set; } }

        public sealed class VaultService
        {
            private readonly byte[] _salt = new byte[16];
            private readonly byte[] _verifier = new byte[32];

            public bool Unlock(UnlockModel model)
            {
                var key = Stretch(model.Passphrase ?? throw new ArgumentNullException(nameof(model)), _salt);
                return CryptographicOperations.FixedTimeEquals(key, _verifier);
            }

            private static byte[] Stretch(string phrase, byte[] salt) => Encoding.UTF8.GetBytes(phrase).Concat(salt).ToArray();
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("Stretch", "SequenceEqual"));

    [Fact]
    public Task Flags_PostedPasswordHashComparedWithTheStoredOne() => Verify.CodeFixAsync(
        Usings + """
        public sealed class ChangeEmailRequest { public string MasterPasswordHash { get; set; } = ""; public string NewEmail { get; set; } = ""; }
        public sealed class Member { public string MasterPassword { get; set; } = ""; }

        [ApiController]
        [Route("accounts")]
        public sealed class AccountsController : ControllerBase
        {
            private readonly Member _current;

            public AccountsController(Member current) => _current = current;

            [HttpPost("email")]
            public IActionResult ChangeEmail([FromBody] ChangeEmailRequest model)
            {
                if ({|#0:model.MasterPasswordHash != _current.MasterPassword|})
                {
                    return BadRequest();
                }

                return Ok();
            }
        }
        """,
        Usings + """
        public sealed class ChangeEmailRequest { public string MasterPasswordHash { get; set; } = ""; public string NewEmail { get; set; } = ""; }
        public sealed class Member { public string MasterPassword { get; set; } = ""; }

        [ApiController]
        [Route("accounts")]
        public sealed class AccountsController : ControllerBase
        {
            private readonly Member _current;

            public AccountsController(Member current) => _current = current;

            [HttpPost("email")]
            public IActionResult ChangeEmail([FromBody] ChangeEmailRequest model)
            {
                if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(model.MasterPasswordHash), Encoding.UTF8.GetBytes(_current.MasterPassword)))
                {
                    return BadRequest();
                }

                return Ok();
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("MasterPasswordHash", "!="));

    // ---------------------------------------------------------------- must flag: parameters of ordinary methods

    [Fact]
    public Task Flags_ClientSecretCheckOverridingALibraryCallback() => Verify.CodeFixAsync(
        Usings + """
        public abstract class ApplicationManagerBase
        {
            protected virtual ValueTask<bool> ValidateClientSecretAsync(string secret, string comparand, CancellationToken cancellationToken = default) => new(false);
        }

        public sealed class ApplicationManager : ApplicationManagerBase
        {
            protected override ValueTask<bool> ValidateClientSecretAsync(string secret, string comparand, CancellationToken cancellationToken = default)
                => new({|#0:string.Equals(secret, comparand, StringComparison.Ordinal)|});
        }
        """,
        Usings + """
        public abstract class ApplicationManagerBase
        {
            protected virtual ValueTask<bool> ValidateClientSecretAsync(string secret, string comparand, CancellationToken cancellationToken = default) => new(false);
        }

        public sealed class ApplicationManager : ApplicationManagerBase
        {
            protected override ValueTask<bool> ValidateClientSecretAsync(string secret, string comparand, CancellationToken cancellationToken = default)
                => new(CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(comparand)));
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("secret", "string.Equals"));

    [Fact]
    public Task Flags_KeyHandedToACommandComparedWithTheStoredKey() => Verify.CodeFixAsync(
        Usings + """
        public sealed class OrganizationApiKey { public string ApiKey { get; set; } = ""; }
        public interface IApiKeys { Task<OrganizationApiKey> GetAsync(Guid organizationId); }

        public sealed class ValidateSyncKeyCommand
        {
            private readonly IApiKeys _keys;

            public ValidateSyncKeyCommand(IApiKeys keys) => _keys = keys;

            public async Task<bool> ValidateAsync(Guid organizationId, string syncKey)
            {
                var stored = await _keys.GetAsync(organizationId);
                return {|#0:string.Equals(stored.ApiKey, syncKey)|};
            }
        }
        """,
        Usings + """
        public sealed class OrganizationApiKey { public string ApiKey { get; set; } = ""; }
        public interface IApiKeys { Task<OrganizationApiKey> GetAsync(Guid organizationId); }

        public sealed class ValidateSyncKeyCommand
        {
            private readonly IApiKeys _keys;

            public ValidateSyncKeyCommand(IApiKeys keys) => _keys = keys;

            public async Task<bool> ValidateAsync(Guid organizationId, string syncKey)
            {
                var stored = await _keys.GetAsync(organizationId);
                return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(stored.ApiKey), Encoding.UTF8.GetBytes(syncKey));
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("ApiKey", "string.Equals"));

    [Fact]
    public Task Flags_HandleLookedUpByAValueFromTheRequest() => Verify.CodeFixAsync(
        Usings + """
        public sealed record Reservation(string Token, string Name);

        [ApiController]
        [Route("reservations")]
        public sealed class ReservationsController : ControllerBase
        {
            private static readonly List<Reservation> Items = new();

            [HttpDelete("{token}")]
            public IActionResult Remove(string token) => Items.RemoveAll(x => {|#0:x.Token == token|}) > 0 ? NoContent() : NotFound();
        }
        """,
        Usings + """
        public sealed record Reservation(string Token, string Name);

        [ApiController]
        [Route("reservations")]
        public sealed class ReservationsController : ControllerBase
        {
            private static readonly List<Reservation> Items = new();

            [HttpDelete("{token}")]
            public IActionResult Remove(string token) => Items.RemoveAll(x => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(x.Token), Encoding.UTF8.GetBytes(token))) > 0 ? NoContent() : NotFound();
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("Token", "=="));

    [Fact]
    public Task Flags_ClaimComparedWithAValueFromTheRequest() => Verify.AnalyzerAsync(
        Usings + """
        using System.Security.Claims;

        [ApiController]
        [Route("link")]
        public sealed class LinkController : ControllerBase
        {
            [HttpPost]
            public IActionResult Link([FromHeader(Name = "X-Link-Token")] string linkToken)
                => {|#0:User.FindFirst("link_token")?.Value == linkToken|} ? NoContent() : Forbid();
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("linkToken", "=="));

    // ---------------------------------------------------------------- must not flag

    [Fact]
    public Task DoesNotFlag_InternalHandleComparedWithTheStoredOne() => Verify.AnalyzerAsync(
        Usings + """
        public interface ILeaseStore { Task<string?> GetLeaseTokenAsync(string resource); }
        public sealed record Reservation(string Token, string Name);

        public sealed class JobLease
        {
            private readonly ILeaseStore _store;
            private readonly List<Reservation> _reservations = new();
            private string? _leaseToken;

            public JobLease(ILeaseStore store) => _store = store;

            public async Task<bool> StillHeldAsync()
            {
                var current = await _store.GetLeaseTokenAsync("jobs");
                return current == _leaseToken;
            }

            public bool IsLatest(Reservation reservation) => _reservations.Count > 0 && _reservations[_reservations.Count - 1].Token == _leaseToken;
        }
        """);

    [Fact]
    public Task DoesNotFlag_RecordLookedUpByItsHandle() => Verify.AnalyzerAsync(
        Usings + """
        public sealed record Reservation(string Token, string Name);

        public sealed class Reservations
        {
            private readonly List<Reservation> _items = new();

            public bool Remove(string token) => _items.RemoveAll(x => x.Token == token) > 0;

            public Reservation? Find(string? token) => _items.Find(x => x.Token == token);
        }
        """);

    [Fact]
    public Task DoesNotFlag_ClaimOfTheSignInCookieComparedWithTheStoredStamp() => Verify.AnalyzerAsync(
        Usings + """
        using System.Security.Claims;

        public sealed class Customer { public string PasswordToken { get; set; } = ""; }

        public sealed class CookieValidation
        {
            public bool IsValid(Customer customer, ClaimsPrincipal principal)
            {
                var passwordToken = customer.PasswordToken;
                var tokenClaim = principal.FindFirst(claim => claim.Type == ClaimTypes.UserData);
                if (tokenClaim == null || tokenClaim.Value != passwordToken)
                {
                    return false;
                }

                var stamp = principal.FindFirstValue("security_stamp");
                return stamp == customer.PasswordToken;
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_ValuesTheServerFetchedOrComputedItself() => Verify.AnalyzerAsync(
        Usings + """
        public sealed class SigningOptions { public string SigningKey { get; set; } = ""; public byte[] OutboxKey { get; set; } = Array.Empty<byte>(); }
        public sealed class OutboxMessage { public string Payload { get; set; } = ""; public string Signature { get; set; } = ""; }
        public interface IKeyStore { Task<string> GetSigningKeyAsync(); }
        public interface IOutbox { Task<OutboxMessage> NextAsync(); }

        [ApiController]
        [Route("admin/keys")]
        public sealed class KeysController : ControllerBase
        {
            private readonly IKeyStore _keys;
            private readonly IOutbox _outbox;
            private readonly IOptions<SigningOptions> _options;

            public KeysController(IKeyStore keys, IOutbox outbox, IOptions<SigningOptions> options)
            {
                _keys = keys;
                _outbox = outbox;
                _options = options;
            }

            [HttpPost("rotate")]
            public async Task<IActionResult> Rotate()
            {
                var stored = await _keys.GetSigningKeyAsync();
                if (stored == _options.Value.SigningKey)
                {
                    return NoContent();
                }

                var message = await _outbox.NextAsync();
                var signature = Convert.ToHexString(HMACSHA256.HashData(_options.Value.OutboxKey, Encoding.UTF8.GetBytes(message.Payload)));
                return signature == message.Signature ? Ok() : Conflict();
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_TwoValuesOfTheSameRequest() => Verify.AnalyzerAsync(
        Usings + """
        public sealed class AuthenticationData { public string MasterPasswordAuthenticationHash { get; set; } = ""; }

        public sealed class RegisterFinishRequest : IValidatableObject
        {
            public string? MasterPasswordHash { get; set; }
            public AuthenticationData? MasterPasswordAuthentication { get; set; }

            public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
            {
                if (MasterPasswordAuthentication != null && MasterPasswordHash != null
                    && MasterPasswordAuthentication.MasterPasswordAuthenticationHash != MasterPasswordHash)
                {
                    yield return new ValidationResult("Provide the master password hash once.");
                }
            }
        }

        public sealed class KeyRegistration { public string ApiKey { get; set; } = ""; }

        [ApiController]
        [Route("keys")]
        public sealed class RegistrationController : ControllerBase
        {
            [HttpPost]
            public IActionResult Register([FromBody] KeyRegistration registration, [FromHeader(Name = "X-Api-Key")] string apiKey)
                => registration.ApiKey == apiKey ? Ok() : BadRequest();
        }
        """);
}
