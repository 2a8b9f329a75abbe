using KepOffice.Core;
using KepOffice.Core.Startup;
using KepOffice.Web.Hosting;

var builder = WebApplication.CreateBuilder(AdminCommandLine.HostArguments(args));
if (AdminCommandLine.IsCommand(args))
{
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
}

builder.AddKepOfficeCore();
builder.AddKepOfficeWeb();

var app = builder.Build();
if (AdminCommandLine.IsCommand(args))
{
    // ca … / crl …: run with the server's configuration and database, then exit.
    Environment.ExitCode = await AdminCommandLine.RunAsync(args, app.Services, Console.Out);
    return;
}

app.UseKepOffice();
app.MapKepOfficeEndpoints();

try
{
    // Initialise before the host starts so that a database problem is reported in one clear line.
    await app.Services.InitializeKepOfficeAsync();
    await app.RunAsync();
}
catch (KepOfficeStartupException ex)
{
    // A configuration problem the server's operator can fix: say what, without a stack dump.
    Console.Error.WriteLine($"KepOffice не запущен: {ex.Message}");
    Environment.ExitCode = 2;
}

public partial class Program;
