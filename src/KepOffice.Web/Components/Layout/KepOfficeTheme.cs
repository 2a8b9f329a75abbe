using MudBlazor;

namespace KepOffice.Web.Components.Layout;

internal static class KepOfficeTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1F4E79",
            Secondary = "#2E7D32",
            AppbarBackground = "#1F4E79",
            Background = "#F5F7FA",
            DrawerBackground = "#FFFFFF",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Roboto", "Segoe UI", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
