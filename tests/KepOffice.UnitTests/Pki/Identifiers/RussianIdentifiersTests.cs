using KepOffice.Pki.Identifiers;

namespace KepOffice.UnitTests.Pki.Identifiers;

public sealed class RussianIdentifiersTests
{
    [Theory]
    [InlineData("112-233-445 95", "11223344595")]
    [InlineData("11223344595", "11223344595")]
    [InlineData(" 112 233 445 95 ", "11223344595")]
    [InlineData("001-001-998 00", "00100199800")]
    [InlineData("001-001-997 42", "00100199742")]
    public void Valid_snils_is_normalized(string input, string expected)
    {
        var result = RussianIdentifiers.CheckSnils(input);
        Assert.True(result.IsValid, result.Error);
        Assert.Equal(expected, result.Value);
    }

    [Fact]
    public void Snils_with_control_sum_101_and_100_has_control_00()
    {
        // 9,8,...,1 weights; digits 999999992 → 9*45-7*1 = 398 → 398 mod 101 = 95. Build explicit cases instead:
        // 000000101 is below the threshold, so look for sums of exactly 100 and 101 above it.
        Assert.True(RussianIdentifiers.CheckSnils(WithControl(FindBody(100), "00")).IsValid);
        Assert.True(RussianIdentifiers.CheckSnils(WithControl(FindBody(101), "00")).IsValid);
        Assert.False(RussianIdentifiers.CheckSnils(WithControl(FindBody(100), "01")).IsValid);
    }

    [Fact]
    public void Snils_with_large_sum_uses_mod_101()
    {
        // 987654321: 9*9+8*8+...+1*1 = 285; 285 mod 101 = 83.
        Assert.True(RussianIdentifiers.CheckSnils("987-654-321 83").IsValid);
        Assert.False(RussianIdentifiers.CheckSnils("987-654-321 84").IsValid);
    }

    [Theory]
    [InlineData("112-233-445 96", "СНИЛС: неверное контрольное число")]
    [InlineData("112-233-445 9", "СНИЛС: должен содержать 11 цифр, указано 10")]
    [InlineData("112-233-445 955", "СНИЛС: должен содержать 11 цифр, указано 12")]
    [InlineData("112-233-44A 95", "СНИЛС: допускаются только цифры")]
    [InlineData("", "СНИЛС: не заполнен")]
    [InlineData(null, "СНИЛС: не заполнен")]
    public void Invalid_snils_names_the_field(string? input, string message)
    {
        var result = RussianIdentifiers.CheckSnils(input);
        Assert.False(result.IsValid);
        Assert.Null(result.Value);
        Assert.Equal(message, result.Error);
    }

    [Fact]
    public void Snils_at_or_below_threshold_is_not_checksum_checked()
    {
        Assert.True(RussianIdentifiers.CheckSnils("001-001-998 77").IsValid);
        Assert.False(RussianIdentifiers.CheckSnils("001-001-999 77").IsValid);
    }

    [Theory]
    [InlineData("7707083893")]
    [InlineData("77 0708 3893")]
    public void Legal_entity_inn_from_profile_is_valid(string input)
    {
        var result = RussianIdentifiers.CheckLegalEntityInn(input);
        Assert.True(result.IsValid, result.Error);
        Assert.Equal("7707083893", result.Value);
    }

    [Theory]
    [InlineData("7707083894", "ИНН ЮЛ: неверное контрольное число")]
    [InlineData("770708389", "ИНН ЮЛ: должен содержать 10 цифр, указано 9")]
    [InlineData("77O7083893", "ИНН ЮЛ: допускаются только цифры")]
    public void Invalid_legal_entity_inn_is_refused(string input, string message) =>
        Assert.Equal(message, RussianIdentifiers.CheckLegalEntityInn(input).Error);

    [Theory]
    [InlineData("500100732259")]
    [InlineData("7830 0251 0041")]
    public void Valid_person_inn(string input) => Assert.True(RussianIdentifiers.CheckPersonInn(input).IsValid);

    [Theory]
    [InlineData("500100732258", "ИНН: неверное контрольное число")]
    [InlineData("500100732269", "ИНН: неверное контрольное число")]
    [InlineData("7707083893", "ИНН: должен содержать 12 цифр, указано 10")]
    [InlineData("50010073225Х", "ИНН: допускаются только цифры")]
    public void Invalid_person_inn_is_refused(string input, string message) =>
        Assert.Equal(message, RussianIdentifiers.CheckPersonInn(input).Error);

    [Fact]
    public void Ogrn_from_profile_is_valid()
    {
        Assert.Equal("1027700132195", RussianIdentifiers.CheckOgrn("1027700132195").Value);
        Assert.Equal("ОГРН: неверное контрольное число", RussianIdentifiers.CheckOgrn("1027700132196").Error);
        Assert.Equal("ОГРН: должен содержать 13 цифр, указано 12", RussianIdentifiers.CheckOgrn("102770013219").Error);
    }

    [Fact]
    public void Ogrnip_uses_mod_13()
    {
        var body = "30450011600015"[..14];
        var control = (long.Parse(body) % 13 % 10).ToString();
        Assert.True(RussianIdentifiers.CheckOgrnip(body + control).IsValid);
        var wrong = ((int.Parse(control) + 1) % 10).ToString();
        Assert.Equal("ОГРНИП: неверное контрольное число", RussianIdentifiers.CheckOgrnip(body + wrong).Error);
        Assert.Equal("ОГРНИП: должен содержать 15 цифр, указано 13", RussianIdentifiers.CheckOgrnip("1027700132195").Error);
    }

    [Fact]
    public void Passport_needs_ten_digits_and_unit_code_six()
    {
        Assert.Equal("4510123456", RussianIdentifiers.CheckPassport("45 10 123456").Value);
        Assert.Equal("Паспорт: должен содержать 10 цифр, указано 9", RussianIdentifiers.CheckPassport("45 10 12345").Error);
        Assert.Equal("Паспорт: допускаются только цифры", RussianIdentifiers.CheckPassport("45 1O 123456").Error);
        Assert.Equal("770-001", RussianIdentifiers.CheckPassportUnitCode("770001").Value);
        Assert.Equal("770-001", RussianIdentifiers.CheckPassportUnitCode("770-001").Value);
        Assert.False(RussianIdentifiers.CheckPassportUnitCode("770-01").IsValid);
    }

    private static string FindBody(int wantedSum)
    {
        for (var n = 1_002_000; n < 999_999_999; n += 7)
        {
            var body = n.ToString("D9");
            var sum = 0;
            for (var i = 0; i < 9; i++)
            {
                sum += (body[i] - '0') * (9 - i);
            }

            if (sum == wantedSum)
            {
                return body;
            }
        }

        throw new InvalidOperationException("no body");
    }

    private static string WithControl(string body, string control) => body + control;
}
