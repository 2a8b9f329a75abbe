using System.Text;
using System.Text.RegularExpressions;
using KepOffice.UnitTests.Workflows;
using KepOffice.Workflows;
using KepOffice.Workflows.Definitions;
using Xunit.Abstractions;

namespace KepOffice.UnitTests.Fuzzing;

/// <summary>
/// The workflow JSON parser and validator on mutated definitions (the real files of workflows/): parsing may only fail
/// with <see cref="WorkflowValidationException"/>, validation only returns errors (never throws), and no case may hang.
/// </summary>
public sealed partial class WorkflowJsonFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Seed = 8_2026;
    private const int Iterations = 2000;

    // Replacements for one JSON token: wrong types, extremes, invalid Unicode escapes, scripts, nesting.
    private static readonly string[] Tokens =
    [
        "null", "true", "false", "0", "-1", "1e309", "-0.0", "99999999999999999999999999999", "1.5", "\"\"", "\"x\"", "[]", "{}",
        "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\u0000\"", "\"'; DROP TABLE workflow_definitions; --\"", "\"<script>alert(1)</script>\"",
        "\"}}while(true){}\"", "\"a-b-c\"", "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]", "{\"type\":\"JavaScript\",\"value\":\"(\"}",
        "{\"type\":\"JavaScript\",\"value\":\"while(true){}\"}", "{\"type\":\"Variable\",\"value\":null}", "{\"type\":\"Nope\",\"value\":1}",
        "\"Start\"", "\"End\"", "\"HumanTask\"", "\"Fork\"", "\"Join\"", ",", ":", "\"",
    ];

    private WorkflowTestHost _host = null!;

    public async Task InitializeAsync() => _host = await WorkflowTestHost.InMemoryAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void Mutated_definitions_are_refused_with_validation_errors_only()
    {
        var files = Directory.GetFiles(WorkflowTestHost.RepositoryPath("workflows"), "*.json")
            .Where(f => !f.EndsWith("workflow.schema.json", StringComparison.Ordinal))
            .Append(WorkflowTestHost.RepositoryPath("tests/KepOffice.UnitTests/Workflows/Samples/document-check.json"))
            .Select(File.ReadAllText)
            .ToArray();
        Assert.True(files.Length >= 3, "the fuzzer starts from the real definition files");
        var definitions = _host.Definitions;

        var summary = FuzzRunner.Run(output, "workflow JSON", Seed, Iterations, TimeSpan.FromSeconds(10),
            random => Mutate(random, files),
            input =>
            {
                var model = WorkflowJson.Parse(Encoding.UTF8.GetString(input));
                foreach (var error in definitions.Validate(model))
                {
                    if (string.IsNullOrEmpty(error.Field) || string.IsNullOrEmpty(error.Message))
                    {
                        throw new InvalidOperationException($"a validation error without field or message: {error}");
                    }
                }
            },
            error => error is WorkflowValidationException { Errors.Count: > 0 });

        Assert.Equal(Iterations, summary.Accepted + summary.Refused);
        Assert.True(summary.Refused > Iterations / 10, "mutations must reach the parser's refusals");
    }

    private static FuzzRunner.Case Mutate(Random random, string[] files)
    {
        var text = files[random.Next(files.Length)];
        var tokens = TokenPattern().Matches(text).ToList();
        var bytes = Encoding.UTF8.GetBytes(text);
        switch (random.Next(8))
        {
            case 0:
            case 1:
            {
                var token = tokens[random.Next(tokens.Count)];
                return new("token replaced", Encoding.UTF8.GetBytes(text[..token.Index] + Tokens[random.Next(Tokens.Length)] + text[(token.Index + token.Length)..]));
            }

            case 2:
            {
                var token = tokens[random.Next(tokens.Count)];
                return new("token removed", Encoding.UTF8.GetBytes(text[..token.Index] + text[(token.Index + token.Length)..]));
            }

            case 3:
            {
                var token = tokens[random.Next(tokens.Count)];
                return new("token repeated", Encoding.UTF8.GetBytes(text[..token.Index] + token.Value + " " + token.Value + text[(token.Index + token.Length)..]));
            }

            case 4:
            {
                // Several replacements at once: type confusion across the document.
                var mutated = text;
                for (var n = random.Next(2, 6); n > 0; n--)
                {
                    var all = TokenPattern().Matches(mutated).ToList();
                    var token = all[random.Next(all.Count)];
                    mutated = mutated[..token.Index] + Tokens[random.Next(Tokens.Length)] + mutated[(token.Index + token.Length)..];
                }

                return new("tokens replaced", Encoding.UTF8.GetBytes(mutated));
            }

            case 5:
                return new("truncation", FuzzRunner.Truncate(random, bytes));
            case 6:
                return new("splice", FuzzRunner.Splice(random, bytes, Encoding.UTF8.GetBytes(files[random.Next(files.Length)])));
            default:
                return new("bit flips", FuzzRunner.FlipBits(random, bytes));
        }
    }

    [GeneratedRegex("""
        "(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|[{}\[\],:]
        """, RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();
}
