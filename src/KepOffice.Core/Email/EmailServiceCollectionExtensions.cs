using KepOffice.Core.Data;
using KepOffice.Core.Email.Outbox;
using KepOffice.Core.Email.Templates;
using KepOffice.Core.Email.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KepOffice.Core.Email;

public static class EmailServiceCollectionExtensions
{
    /// <summary>
    /// Templates, the outbox (scoped, on the application DbContext) and the transport: SMTP when
    /// KepOffice:Smtp:Host is set, otherwise .eml files in {DataPath}/mail-pickup.
    /// </summary>
    public static IServiceCollection AddKepOfficeEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection(SmtpOptions.SectionName));
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EmailTemplates>();
        services.TryAddSingleton(sp =>
        {
            var contentRoot = sp.GetService<IHostEnvironment>()?.ContentRootPath ?? AppContext.BaseDirectory;
            return MailPickupFolder.UnderDataPath(DatabaseSettings.ResolveDataPath(configuration, contentRoot));
        });
        services.TryAddSingleton<ISmtpTransportFactory>(sp =>
        {
            var smtp = sp.GetRequiredService<IOptions<SmtpOptions>>().Value;
            return string.IsNullOrWhiteSpace(smtp.Host)
                ? new PickupFolderTransportFactory(sp.GetRequiredService<MailPickupFolder>())
                : new MailKitSmtpTransportFactory(smtp);
        });
        services.TryAddScoped(sp => new EmailOutbox(
            sp.GetRequiredService<KepOfficeDbContext>(),
            sp.GetRequiredService<EmailTemplates>(),
            sp.GetRequiredService<ISmtpTransportFactory>(),
            sp.GetRequiredService<IOptions<SmtpOptions>>(),
            sp.GetRequiredService<IOptions<EmailOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<EmailOutbox>>()));
        return services;
    }
}
