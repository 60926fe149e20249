using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CasGists.App.Accounts;
using CasGists.App.Security;
using CasGists.Core.Accounts;
using CasGists.Core.Accounts.Jwt;
using CasGists.Core.Accounts.TwoFactor;
using CasGists.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OtpNet;

namespace CasGists.Tests.App.Security;

/// <summary>JWT sign-in, refresh and revoke over HTTP, and every forged or stale token an attacker would try.</summary>
public sealed class JwtHttpTests : IAsyncLifetime
{
    private const string Current = "/api/tokens/current";
    private CasGistsAppFactory _app = null!;
    private User _alice = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = await SecurityTestApp.CreateAsync();
        // The first account becomes an administrator; alice is an ordinary user.
        await _app.RegisterAsync("boss");
        _alice = await _app.RegisterAsync("alice");
        _client = _app.Api();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<HttpResponseMessage> CurrentAsync(string? authorization) => _client.SendAsync(HttpMethod.Get, Current, authorization);

    private JwtKeys Keys => _app.Services.GetRequiredService<JwtKeys>();
    private JwtOptions Options => _app.Services.GetRequiredService<IOptions<JwtOptions>>().Value;

    /// <summary>A token as the server would sign it, with one thing changed by <paramref name="change"/>.</summary>
    private string Forge(Action<SecurityTokenDescriptor, Dictionary<string, object>>? change = null, SigningCredentials? credentials = null)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = _alice.Id.ToString(),
            ["name"] = "alice",
            ["scope"] = "gist:read gist:write",
            [JwtAuthentication.StampClaim] = _alice.SecurityStamp,
        };
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Options.Issuer,
            Audience = Options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            TokenType = JwtAuthentication.TokenType,
            SigningCredentials = credentials ?? new SigningCredentials(Keys.SigningKey, SecurityAlgorithms.RsaSha256),
            Claims = claims,
        };
        change?.Invoke(descriptor, claims);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    private static string B64(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));

    [Fact]
    public async Task PasswordSignInReturnsAnRs256AccessTokenAndARefreshToken()
    {
        var response = await _client.PostAsJsonAsync(AuthEndpoints.TokenPath, new { grant_type = "password", username = "alice", password = SecurityTestApp.Password });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(15 * 60, body.GetProperty("expires_in").GetInt32());
        Assert.StartsWith(RefreshTokenService.Prefix, body.GetProperty("refresh_token").GetString());
        var jwt = new JsonWebToken(body.GetProperty("access_token").GetString());
        Assert.Equal("RS256", jwt.Alg);
        Assert.Equal("at+jwt", jwt.Typ);
        Assert.Equal(Keys.SigningKey.KeyId, jwt.Kid);
        Assert.Equal(_alice.Id.ToString(), jwt.Subject);
        Assert.Equal("gist:read gist:write user:read user:write", jwt.GetClaim("scope").Value);
        Assert.Equal(body.GetProperty("scope").GetString(), jwt.GetClaim("scope").Value);
    }

    [Fact]
    public async Task AccessTokenWorksInEveryHeaderFormWithItsScopes()
    {
        var token = (await _client.SignInAsync("alice", "gist:read")).AccessToken;

        foreach (var header in new[] { $"Bearer {token}", $"token {token}", SecurityTestApp.Basic("alice", token), SecurityTestApp.Basic("x", token) })
        {
            var response = await CurrentAsync(header);

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{header[..6]}: {response.StatusCode}");
            var body = await response.Content.ReadFromJsonAsync<TokensEndpoints.CurrentCredential>();
            Assert.Equal("alice", body!.UserName);
            Assert.Equal("token", body.Kind);
            Assert.Equal(["gist:read"], body.Scopes);
        }
    }

    [Fact]
    public async Task WrongPasswordAndUnknownUserGetTheSameGenericAnswer()
    {
        var wrong = await _client.PostAsJsonAsync(AuthEndpoints.TokenPath, new { username = "alice", password = "wrong password!" });
        var unknown = await _client.PostAsJsonAsync(AuthEndpoints.TokenPath, new { username = "nobody", password = "wrong password!" });

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        var wrongBody = await wrong.Content.ReadFromJsonAsync<JsonElement>();
        var unknownBody = await unknown.Content.ReadFromJsonAsync<JsonElement>();
        foreach (var field in new[] { "title", "detail", "error" })
        {
            Assert.Equal(wrongBody.GetProperty(field).GetString(), unknownBody.GetProperty(field).GetString());
        }
        await using var db = await _app.Database.Contexts.CreateDbContextAsync();
        Assert.Equal(0, await db.Set<RefreshToken>().CountAsync());
    }

    [Fact]
    public async Task WithTwoFactorOnThePasswordGrantNeedsAFreshCodeAndACodeWorksOnce()
    {
        var twoFactor = _app.Services.GetRequiredService<TwoFactorService>();
        var enrolment = await twoFactor.StartEnrolmentAsync(Viewer.For(_alice));
        var totp = new Totp(Base32Encoding.ToBytes(enrolment.ManualKey.Replace(" ", "", StringComparison.Ordinal)));
        await twoFactor.ConfirmEnrolmentAsync(Viewer.For(_alice), totp.ComputeTotp(DateTime.UtcNow));
        // The confirmation used this step's code; the next step's is the fresh one (accepted within one step).
        var next = totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30));

        var withoutCode = await _client.PostAsJsonAsync(AuthEndpoints.TokenPath, new { username = "alice", password = SecurityTestApp.Password });
        var wrongCode = await _client.PostAsJsonAsync(AuthEndpoints.TokenPath, new { username = "alice", password = SecurityTestApp.Password, otp = totp.ComputeTotp(DateTime.UtcNow.AddMinutes(-5)) });
        var withCode = await _client.PostAsJsonAsync(AuthEndpoints.TokenPath, new { username = "alice", password = SecurityTestApp.Password, otp = next });
        var replayed = await _client.PostAsJsonAsync(AuthEndpoints.TokenPath, new { username = "alice", password = SecurityTestApp.Password, otp = next });

        Assert.Equal(HttpStatusCode.Unauthorized, withoutCode.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongCode.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withCode.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        await using var db = await _app.Database.Contexts.CreateDbContextAsync();
        Assert.Equal(1, await db.Set<RefreshToken>().CountAsync());
    }

    [Fact]
    public async Task BadRequestsAreRefusedWithTheFieldAndWriteNothing()
    {
        var missing = await _client.PostAsJsonAsync(AuthEndpoints.TokenPath, new { grant_type = "client_credentials" });
        var scope = await _client.PostAsJsonAsync(AuthEndpoints.TokenPath, new { username = "alice", password = SecurityTestApp.Password, scope = "admin" });
        var badScope = await _client.PostAsJsonAsync(AuthEndpoints.TokenPath, new { username = "alice", password = SecurityTestApp.Password, scope = "gist:everything" });
        var notJson = await _client.PostAsync(AuthEndpoints.TokenPath, new StringContent("{not json", Encoding.UTF8, "application/json"));
        var huge = await _client.PostAsJsonAsync(AuthEndpoints.TokenPath, new { username = "alice", password = new string('x', 1 << 20) });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        var errors = (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("grant_type", out _));
        Assert.True(errors.TryGetProperty("username", out _));
        Assert.True(errors.TryGetProperty("password", out _));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, scope.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badScope.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, huge.StatusCode);
        await using var db = await _app.Database.Contexts.CreateDbContextAsync();
        Assert.Equal(0, await db.Set<RefreshToken>().CountAsync());
    }

    [Fact]
    public async Task AnAdministratorMayAskForTheAdminScopeAndOnlyThenActsAsAdmin()
    {
        var plain = await _client.SignInAsync("boss");
        var admin = await _client.SignInAsync("boss", "admin");

        Assert.DoesNotContain("admin", plain.Scope);
        Assert.Equal("admin", admin.Scope);
        var principal = await AuthenticateAsync($"Bearer {admin.AccessToken}");
        Assert.True(principal.ToViewer().IsAdmin);
        Assert.False((await AuthenticateAsync($"Bearer {plain.AccessToken}")).ToViewer().IsAdmin);
    }

    private async Task<System.Security.Claims.ClaimsPrincipal> AuthenticateAsync(string header)
    {
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = _app.Services.CreateScope().ServiceProvider };
        http.Request.Headers.Authorization = header;
        var result = await Microsoft.AspNetCore.Authentication.AuthenticationHttpContextExtensions.AuthenticateAsync(http, TokenAuthentication.SelectorScheme);
        Assert.True(result.Succeeded, result.Failure?.Message);
        return result.Principal!;
    }

    [Fact]
    public async Task RefreshRotatesAndAReusedRefreshTokenRevokesTheFamily()
    {
        var first = await _client.SignInAsync("alice");

        var refreshed = await _client.PostAsJsonAsync(AuthEndpoints.RefreshPath, new { refresh_token = first.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var second = (await refreshed.Content.ReadFromJsonAsync<AuthEndpoints.TokenResponse>())!;
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, (await CurrentAsync($"Bearer {second.AccessToken}")).StatusCode);

        var replay = await _client.PostAsJsonAsync(AuthEndpoints.RefreshPath, new { refresh_token = first.RefreshToken });
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        var successor = await _client.PostAsJsonAsync(AuthEndpoints.RefreshPath, new { refresh_token = second.RefreshToken });
        Assert.Equal(HttpStatusCode.Unauthorized, successor.StatusCode);
    }

    [Fact]
    public async Task RevokeEndsTheSignInAndAnswersAlikeForUnknownTokens()
    {
        var first = await _client.SignInAsync("alice");

        var revoked = await _client.PostAsJsonAsync(AuthEndpoints.RevokePath, new { refresh_token = first.RefreshToken });
        var unknown = await _client.PostAsJsonAsync(AuthEndpoints.RevokePath, new { refresh_token = "cgr_nothing" });

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await _client.PostAsJsonAsync(AuthEndpoints.RefreshPath, new { refresh_token = first.RefreshToken })).StatusCode);
    }

    [Fact]
    public async Task DisabledUserOrNewSecurityStampEndsAccessTokensAtOnce()
    {
        var token = (await _client.SignInAsync("alice")).AccessToken;
        Assert.Equal(HttpStatusCode.OK, (await CurrentAsync($"Bearer {token}")).StatusCode);

        await using (var db = await _app.Database.Contexts.CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == _alice.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsDisabled, true));
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await CurrentAsync($"Bearer {token}")).StatusCode);

        await using (var db = await _app.Database.Contexts.CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == _alice.Id).ExecuteUpdateAsync(s => s
                .SetProperty(u => u.IsDisabled, false).SetProperty(u => u.SecurityStamp, "changed"));
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await CurrentAsync($"Bearer {token}")).StatusCode);
    }

    [Fact]
    public async Task AForgedTokenSignedLikeOursIsAccepted()
    {
        // The control for the attacks below: only the one thing each changes makes it fail.
        Assert.Equal(HttpStatusCode.OK, (await CurrentAsync($"Bearer {Forge()}")).StatusCode);
    }

    [Fact]
    public async Task UnsignedTokenWithAlgNoneIsRefused()
    {
        var valid = new JsonWebToken(Forge());
        var none = B64($"{{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"{Keys.SigningKey.KeyId}\"}}") + "." + valid.EncodedPayload + ".";

        Assert.Equal(HttpStatusCode.Unauthorized, (await CurrentAsync($"Bearer {none}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await CurrentAsync($"Bearer {none}AAAA")).StatusCode);
    }

    [Fact]
    public async Task Hs256SignedWithThePublicKeyIsRefused()
    {
        var publicPem = Keys.SigningKey.Rsa.ExportSubjectPublicKeyInfoPem();
        var valid = new JsonWebToken(Forge());
        foreach (var secret in new[] { Encoding.UTF8.GetBytes(publicPem), Keys.SigningKey.Rsa.ExportSubjectPublicKeyInfo() })
        {
            var signingInput = B64($"{{\"alg\":\"HS256\",\"typ\":\"at+jwt\",\"kid\":\"{Keys.SigningKey.KeyId}\"}}") + "." + valid.EncodedPayload;
            var signature = Base64UrlEncoder.Encode(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signingInput)));

            Assert.Equal(HttpStatusCode.Unauthorized, (await CurrentAsync($"Bearer {signingInput}.{signature}")).StatusCode);
        }
    }

    [Fact]
    public async Task TamperedPayloadIsRefused()
    {
        var valid = new JsonWebToken(Forge());
        var payload = B64($"{{\"sub\":\"{_alice.Id}\",\"scope\":\"admin\",\"iss\":\"{Options.Issuer}\",\"aud\":\"{Options.Audience}\",\"exp\":{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()},\"{JwtAuthentication.StampClaim}\":\"{_alice.SecurityStamp}\"}}");

        Assert.Equal(HttpStatusCode.Unauthorized, (await CurrentAsync($"Bearer {valid.EncodedHeader}.{payload}.{valid.EncodedSignature}")).StatusCode);
    }

    [Fact]
    public async Task ExpiredWrongAudienceWrongIssuerAndMissingExpiryAreRefused()
    {
        var expired = Forge((d, _) => { d.IssuedAt = d.NotBefore = DateTime.UtcNow.AddHours(-2); d.Expires = DateTime.UtcNow.AddMinutes(-5); });
        var audience = Forge((d, _) => d.Audience = "someone-else");
        var issuer = Forge((d, _) => d.Issuer = "https://evil.example");
        var noExpiry = Forge((d, _) => d.Expires = null);
        var wrongType = Forge((d, _) => d.TokenType = "JWT");

        foreach (var token in new[] { expired, audience, issuer, noExpiry, wrongType })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await CurrentAsync($"Bearer {token}")).StatusCode);
        }
    }

    [Fact]
    public async Task WrongKidOrAForeignKeyIsRefused()
    {
        var ours = Keys.SigningKey;
        var renamed = new RsaSecurityKey(ours.Rsa) { KeyId = "not-our-kid" };
        using var foreignRsa = RSA.Create(2048);
        var foreign = new RsaSecurityKey(foreignRsa) { KeyId = ours.KeyId };

        var wrongKid = Forge(credentials: new SigningCredentials(renamed, SecurityAlgorithms.RsaSha256));
        var foreignKey = Forge(credentials: new SigningCredentials(foreign, SecurityAlgorithms.RsaSha256));
        var ps256 = Forge(credentials: new SigningCredentials(ours, SecurityAlgorithms.RsaSsaPssSha256));

        Assert.Equal(HttpStatusCode.Unauthorized, (await CurrentAsync($"Bearer {wrongKid}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await CurrentAsync($"Bearer {foreignKey}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await CurrentAsync($"Bearer {ps256}")).StatusCode);
    }

    [Fact]
    public async Task ATokenForAnotherUserIdOrWithoutAStampIsRefused()
    {
        var ghost = Forge((_, c) => c["sub"] = Guid.NewGuid().ToString());
        var noStamp = Forge((_, c) => c.Remove(JwtAuthentication.StampClaim));
        var notAGuid = Forge((_, c) => c["sub"] = "alice");

        foreach (var token in new[] { ghost, noStamp, notAGuid })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await CurrentAsync($"Bearer {token}")).StatusCode);
        }
    }

    [Theory]
    [InlineData("Bearer a.b.c")]
    [InlineData("Bearer eyJhbGciOiJSUzI1NiJ9.e30.AAAA")]
    [InlineData("Bearer ....")]
    [InlineData("token x.y.z")]
    public async Task MalformedJwtsGet401NotAnError(string header)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await CurrentAsync(header)).StatusCode);
    }

    [Fact]
    public async Task JwksPublishesOnlyThePublicSigningKey()
    {
        var response = await _client.GetAsync(AuthEndpoints.JwksPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var key = JsonDocument.Parse(text).RootElement.GetProperty("keys").EnumerateArray().Single();
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal("RS256", key.GetProperty("alg").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.Equal(Keys.SigningKey.KeyId, key.GetProperty("kid").GetString());
        Assert.False(key.TryGetProperty("d", out _));
        Assert.DoesNotContain("\"d\"", text);
        // A standard client can read it and verify our tokens with it.
        var set = new JsonWebKeySet(text);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync((await _client.SignInAsync("alice")).AccessToken, new TokenValidationParameters
        {
            ValidIssuer = Options.Issuer, ValidAudience = Options.Audience, IssuerSigningKeys = set.GetSigningKeys(), ValidTypes = ["at+jwt"],
        });
        Assert.True(result.IsValid, result.Exception?.Message);
    }
}
