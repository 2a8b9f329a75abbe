using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using KepOffice.Core.Data;
using KepOffice.Core.Identity;
using KepOffice.IntegrationTests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KepOffice.IntegrationTests.Trust;

/// <summary>
/// The authorization matrix, read from the application's own route table: every endpoint and every Blazor page is called
/// by each kind of caller (anonymous, the four staff roles signed in through the login form, the same roles with API
/// bearer tokens, a portal's API key), and the real answer must match the policy the endpoint declares. An endpoint or
/// page without a declared policy, with a policy this test does not know, or open to anonymous callers without a reason
/// listed here fails the test.
/// </summary>
public sealed partial class AuthorizationMatrixTests(ITestOutputHelper output)
{
    /// <summary>Why each anonymous endpoint is anonymous. A new anonymous endpoint needs a line here.</summary>
    private static readonly (string Pattern, string Reason)[] AnonymousReasons =
    [
        ("/account/login", "страница входа"),
        ("/account/denied", "сообщение об отказе в доступе после входа"),
        ("/api/auth/login", "выдача токена: вход по логину и паролю"),
        ("/cdp/{caId}.crl", "CRL публикуется для всех проверяющих подпись (RFC 5280)"),
        ("/aia/{caId}.cer", "сертификат УЦ публикуется для построения цепочки"),
        ("/api/ca", "сведения об УЦ для порталов и проверяющих"),
        ("/health/live", "проба балансировщика"),
        ("/health/ready", "проба балансировщика"),
        ("/openapi/{documentName}.json", "описание API"),
        ("/_framework/*", "скрипты Blazor, без данных"),
        ("{**path:file}", "запасной маршрут статических файлов, без данных"),
        ("static assets", "статические файлы интерфейса (CSS, JS, шрифты), без данных"),
    ];

    /// <summary>
    /// Endpoints that the framework adds outside the app's own mapping, so no policy can be put on them: they fall under
    /// the fallback policy (any signed-in user). Each needs a reason here.
    /// </summary>
    private static readonly (string Pattern, string Reason)[] FallbackPolicyReasons =
    [
        ("{**path:file}", "запасной маршрут статических веб-ресурсов (MapStaticAssets); файлов с данными не отдаёт"),
    ];

    private enum Kind
    {
        Anonymous,
        Cookie,
        Bearer,
        ApiKey,
    }

    private sealed record Caller(string Name, Kind Kind, string? Role, HttpClient Client);

    private sealed record Target(RouteEndpoint Endpoint, string Method, string Path, bool IsPage, bool IsStaticAsset, string Label);

    [Fact]
    public async Task Every_endpoint_and_page_answers_each_role_as_its_declared_policy_says()
    {
        using var app = new KepOfficeApp(DatabaseProvider.Sqlite);
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var callers = await CallersAsync(app);

        var problems = new List<string>();
        var targets = endpoints.SelectMany(Targets).ToList();
        Assert.Contains(targets, t => t.IsPage);
        Assert.Contains(targets, t => t.Path.StartsWith("/api/", StringComparison.Ordinal));

        // Static assets are many (one endpoint per file and encoding): each must be anonymous; a sample is called.
        var assets = targets.Where(t => t.IsStaticAsset).ToList();
        problems.AddRange(assets.Where(t => t.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null).Select(t => $"{t.Label}: static asset without AllowAnonymous"));
        var called = targets.Where(t => !t.IsStaticAsset).Concat(assets.Where((_, i) => i % Math.Max(1, assets.Count / 5) == 0)).ToList();

        var rows = new List<(string Label, string Policy, string[] Cells)>();
        foreach (var target in called)
        {
            var (policy, declarationProblem) = Declared(target.Endpoint, target.IsStaticAsset);
            if (declarationProblem is not null)
            {
                problems.Add($"{target.Label}: {declarationProblem}");
            }

            var cells = new string[callers.Count];
            for (var c = 0; c < callers.Count; c++)
            {
                var caller = callers[c];
                var expected = Allows(target.Endpoint, caller, out var unknownPolicy);
                if (unknownPolicy is not null)
                {
                    problems.Add($"{target.Label}: policy «{unknownPolicy}» is not in the matrix");
                }

                using var response = await caller.Client.SendAsync(Request(target));
                var status = (int)response.StatusCode;
                var location = response.Headers.Location?.OriginalString ?? "";
                // A challenge or forbid of the cookie scheme sends a page visitor to the login or access-denied page with a
                // ReturnUrl; the API answers 401/403 itself (a redirect without ReturnUrl, e.g. after logout, is the endpoint's).
                var denied = status is 401 or 403
                    || (!target.Path.StartsWith("/api/", StringComparison.Ordinal) && status is 302
                        && (location.Contains("/account/login?ReturnUrl=", StringComparison.Ordinal) || location.Contains("/account/denied?ReturnUrl=", StringComparison.Ordinal)));
                var mark = denied ? "✗" : "✓";
                var wrong = expected == denied;
                if (wrong)
                {
                    problems.Add($"{target.Label} as {caller.Name}: expected {(expected ? "allowed" : "denied")}, got {status} {location}");
                }

                if (status >= 500)
                {
                    problems.Add($"{target.Label} as {caller.Name}: server error {status}");
                }

                cells[c] = $"{(wrong || status >= 500 ? "!!" : "")}{mark}{status}";
            }

            rows.Add((target.Label, policy, cells));
        }

        Print(callers, rows, assets.Count, called.Count(t => t.IsStaticAsset));
        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));
    }

    private void Print(List<Caller> callers, List<(string Label, string Policy, string[] Cells)> rows, int assets, int assetsCalled)
    {
        var labelWidth = rows.Max(r => r.Label.Length);
        var policyWidth = Math.Max(8, rows.Max(r => r.Policy.Length));
        var widths = callers.Select(c => Math.Max(c.Name.Length, 6)).ToArray();
        var header = new StringBuilder().Append("endpoint".PadRight(labelWidth)).Append(" | ").Append("policy".PadRight(policyWidth));
        for (var c = 0; c < callers.Count; c++)
        {
            header.Append(" | ").Append(callers[c].Name.PadRight(widths[c]));
        }

        output.WriteLine($"Authorization matrix: {rows.Count} endpoints and pages × {callers.Count} callers (✓ allowed, ✗ denied, status code; !! marks a wrong answer).");
        output.WriteLine($"Static assets: {assets} endpoints, all anonymous; {assetsCalled} of them called.");
        output.WriteLine(header.ToString());
        foreach (var (label, policy, cells) in rows.OrderBy(r => r.Label, StringComparer.Ordinal))
        {
            var line = new StringBuilder().Append(label.PadRight(labelWidth)).Append(" | ").Append(policy.PadRight(policyWidth));
            for (var c = 0; c < cells.Length; c++)
            {
                line.Append(" | ").Append(cells[c].PadRight(widths[c]));
            }

            output.WriteLine(line.ToString());
        }
    }

    private static async Task<List<Caller>> CallersAsync(KepOfficeApp app)
    {
        HttpClient NewClient() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var logins = new (string Role, string Login, string Password)[]
        {
            (Roles.Operator, "operator", KepOfficeApp.DemoPassword),
            (Roles.Manager, "manager", KepOfficeApp.DemoPassword),
            (Roles.Administrator, "admin", KepOfficeApp.AdminPassword),
            (Roles.Auditor, "auditor", KepOfficeApp.DemoPassword),
        };
        var callers = new List<Caller> { new("аноним", Kind.Anonymous, null, NewClient()) };
        foreach (var (role, login, password) in logins)
        {
            var client = NewClient();
            client.DefaultRequestHeaders.Add("Cookie", await SignInThroughFormAsync(NewClient(), login, password));
            callers.Add(new(role, Kind.Cookie, role, client));
        }

        foreach (var (role, login, password) in logins)
        {
            var client = NewClient();
            var token = await NewClient().PostAsJsonAsync("/api/auth/login", new { login, password });
            token.EnsureSuccessStatusCode();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
                (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
            callers.Add(new($"{role}+токен", Kind.Bearer, role, client));
        }

        var admin = await app.CreateAdminClientAsync();
        var created = await admin.PostAsJsonAsync("/api/admin/intake-clients", new { name = "Портал (матрица прав)" });
        created.EnsureSuccessStatusCode();
        var portal = NewClient();
        portal.DefaultRequestHeaders.Add("X-Api-Key", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString());
        callers.Add(new("ключ API", Kind.ApiKey, null, portal));
        return callers;
    }

    // The browser's way in: the login page's form with its antiforgery token; the answer sets the auth cookie.
    private static async Task<string> SignInThroughFormAsync(HttpClient client, string login, string password)
    {
        var page = await client.GetAsync("/account/login");
        var html = await page.Content.ReadAsStringAsync();
        var token = AntiforgeryField().Match(html);
        Assert.True(token.Success, "the login form carries an antiforgery token");
        var cookies = CookiesOf(page);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
                ["Input.Login"] = login,
                ["Input.Password"] = password,
            }),
        };
        post.Headers.Add("Cookie", cookies);
        var answer = await client.SendAsync(post);
        var auth = CookiesOf(answer);
        Assert.True(auth.Contains("KepOffice.Auth=", StringComparison.Ordinal), $"sign-in of {login} through the form: {(int)answer.StatusCode}");
        return auth;
    }

    private static string CookiesOf(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : []);

    private static IEnumerable<Target> Targets(RouteEndpoint endpoint)
    {
        var isPage = endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;
        var isStaticAsset = endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null;
        var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [];
        var method = isPage ? "GET" : methods.FirstOrDefault(m => m != "HEAD" && m != "OPTIONS") ?? "GET";
        var path = Fill(endpoint.RoutePattern);
        var label = $"{method} {endpoint.RoutePattern.RawText}{(isPage ? " (страница)" : "")}";
        yield return new Target(endpoint, method, path, isPage, isStaticAsset, label);
    }

    // Plausible values for route parameters: the well-formed kind of value each name takes.
    private static string Fill(RoutePattern pattern)
    {
        var path = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart parameter => Value(parameter),
                    _ => "",
                });
            }
        }

        return path.Length == 0 ? "/" : path.ToString();
    }

    private static string Value(RoutePatternParameterPart parameter)
    {
        var constraints = parameter.ParameterPolicies.Select(p => p.Content).ToList();
        if (constraints.Contains("guid"))
        {
            return "3f2c8a1e-5b7d-4c9a-9e11-0c2d4b6f8a10";
        }

        if (constraints.Contains("int"))
        {
            return "1";
        }

        return parameter.Name switch
        {
            "number" => "2026-000001",
            "serial" => "0A1B2C3D4E5F",
            "caId" => "demo-issuing",
            "documentName" => "v1",
            "id" => "kep-issuance",
            "path" when constraints.Contains("file") => "no-such-file.txt",
            "path" => "",
            _ => "x",
        };
    }

    private static HttpRequestMessage Request(Target target)
    {
        var request = new HttpRequestMessage(new HttpMethod(target.Method), target.Path);
        if (target.Method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return request;
    }

    private static (string Policy, string? Problem) Declared(RouteEndpoint endpoint, bool isStaticAsset)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            var raw = endpoint.RoutePattern.RawText ?? "";
            var reason = isStaticAsset
                ? AnonymousReasons.Single(r => r.Pattern == "static assets").Reason
                : AnonymousReasons.FirstOrDefault(r => r.Pattern == raw || (r.Pattern.EndsWith('*') && raw.StartsWith(r.Pattern[..^1], StringComparison.Ordinal))).Reason;
            return reason is null ? ("аноним", "anonymous access without a reason listed in AnonymousReasons") : ("аноним", null);
        }

        var data = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
        if (data.Count == 0)
        {
            return FallbackPolicyReasons.Any(r => r.Pattern == endpoint.RoutePattern.RawText)
                ? ("fallback", null)
                : ("—", "no policy declared (only the fallback applies)");
        }

        if (data.Any(d => d.Policy is null))
        {
            return ("—", "[Authorize] without a policy name: name one of Policies");
        }

        return (string.Join("+", data.Select(d => d.Policy).Distinct()), null);
    }

    private static bool Allows(RouteEndpoint endpoint, Caller caller, out string? unknownPolicy)
    {
        unknownPolicy = null;
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return true;
        }

        var data = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
        if (data.Count == 0)
        {
            return caller.Kind is Kind.Cookie or Kind.Bearer; // the fallback policy: any signed-in user
        }

        foreach (var policy in data.Select(d => d.Policy))
        {
            if (policy == Policies.IntakeClients)
            {
                if (caller.Kind != Kind.ApiKey)
                {
                    return false;
                }
            }
            else if (policy is not null && Policies.RolesByPolicy.TryGetValue(policy, out var roles))
            {
                if (caller.Role is null || !roles.Contains(caller.Role))
                {
                    return false;
                }
            }
            else
            {
                unknownPolicy = policy ?? "(none)";
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
