using MudBlazor;

namespace CasGists.App.Components.Layout;

/// <summary>
/// The one theme (light and dark). Pages are static, so the mode comes from a cookie the
/// <see cref="ThemeEndpoints"/> toggle sets, not from JavaScript.
/// </summary>
public static class CasGistsTheme
{
    public const string CookieName = "theme";

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#2563eb",
            Secondary = "#64748b",
            Tertiary = "#0f766e",
            Error = "#dc2626",
            Success = "#16a34a",
            Warning = "#d97706",
            Info = "#0284c7",
            Background = "#f6f8fa",
            Surface = "#ffffff",
            AppbarBackground = "#ffffff",
            AppbarText = "#1f2328",
            TextPrimary = "#1f2328",
            TextSecondary = "#59636e",
            LinesDefault = "#d1d9e0",
            LinesInputs = "#c3ccd5",
            Divider = "#d1d9e0",
            ActionDefault = "#59636e",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#4493f8",
            Secondary = "#9198a1",
            Tertiary = "#2dd4bf",
            Error = "#f85149",
            Success = "#3fb950",
            Warning = "#d29922",
            Info = "#58a6ff",
            Background = "#0d1117",
            Surface = "#151b23",
            AppbarBackground = "#151b23",
            AppbarText = "#f0f6fc",
            TextPrimary = "#f0f6fc",
            TextSecondary = "#9198a1",
            LinesDefault = "#3d444d",
            LinesInputs = "#3d444d",
            Divider = "#3d444d",
            ActionDefault = "#9198a1",
            DrawerBackground = "#151b23",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["-apple-system", "BlinkMacSystemFont", "Segoe UI", "Noto Sans", "Helvetica", "Arial", "sans-serif"],
            },
            Button = new ButtonTypography { TextTransform = "none", FontWeight = "500" },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
    };

    public static bool IsDark(HttpContext? context) =>
        context?.Request.Cookies[CookieName] == "dark";
}
