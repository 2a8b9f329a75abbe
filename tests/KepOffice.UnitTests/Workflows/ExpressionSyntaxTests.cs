using KepOffice.Workflows.Expressions;

namespace KepOffice.UnitTests.Workflows;

public sealed class ExpressionSyntaxTests
{
    [Theory]
    [InlineData("amount > 100")]
    [InlineData("'Проверка документов по заявлению ' + correlationId")]
    [InlineData("keyMode === 'ServerGenerated'")]
    public void A_valid_expression_has_no_message(string expression) => Assert.Null(ExpressionSyntax.Check(expression));

    [Fact]
    public void A_syntax_error_names_line_and_column()
    {
        var message = ExpressionSyntax.Check("amount >\n  (100");

        Assert.NotNull(message);
        Assert.StartsWith("Синтаксическая ошибка: строка 2", message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void An_empty_expression_is_refused(string? expression) => Assert.Equal("Выражение JavaScript пустое.", ExpressionSyntax.Check(expression));
}
