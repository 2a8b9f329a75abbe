using KepOffice.Core.Data;
using KepOffice.Core.Email;
using KepOffice.Core.Email.Outbox;
using KepOffice.Core.Email.Templates;
using KepOffice.Core.Email.Transport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KepOffice.UnitTests.Core.Email;

public sealed class EmailServiceCollectionExtensionsTests
{
    [Fact]
    public void Without_an_SMTP_host_mail_goes_to_the_pickup_folder_under_the_data_path()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "kepoffice-di-" + Guid.NewGuid().ToString("N"));
        using var provider = Build(new() { ["KepOffice:DataPath"] = dataPath, ["KepOffice:Email:CaName"] = "УЦ «Тест»" });

        Assert.IsType<PickupFolderTransportFactory>(provider.GetRequiredService<ISmtpTransportFactory>());
        Assert.Equal(Path.Combine(dataPath, "mail-pickup"), provider.GetRequiredService<MailPickupFolder>().Path);
        using var scope = provider.CreateScope();
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<EmailOutbox>());
        var email = provider.GetRequiredService<EmailTemplates>().Render(EmailTemplateIds.ApplicationReceived, EmailSamples.ModelFor(EmailTemplateIds.ApplicationReceived));
        Assert.Contains("УЦ «Тест»", email.Text);
    }

    [Fact]
    public void With_an_SMTP_host_the_MailKit_transport_is_used_with_the_bound_options()
    {
        using var provider = Build(new()
        {
            ["KepOffice:Smtp:Host"] = "smtp.example.test",
            ["KepOffice:Smtp:Port"] = "465",
            ["KepOffice:Smtp:Security"] = "SslOnConnect",
            ["KepOffice:Smtp:FromAddress"] = "uc@example.test",
        });

        Assert.IsType<MailKitSmtpTransportFactory>(provider.GetRequiredService<ISmtpTransportFactory>());
        var smtp = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<SmtpOptions>>().Value;
        Assert.Equal((465, SmtpSecurity.SslOnConnect), (smtp.Port, smtp.Security));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<SqliteKepOfficeDbContext>(o => o.UseSqlite("Data Source=:memory:"));
        services.AddScoped<KepOfficeDbContext>(sp => sp.GetRequiredService<SqliteKepOfficeDbContext>());
        services.AddKepOfficeEmail(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }
}
