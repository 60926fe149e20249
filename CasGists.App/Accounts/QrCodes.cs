using QRCoder;

namespace CasGists.App.Accounts;

/// <summary>QR codes drawn on the server as an SVG data URI: no script, and the secret never leaves the page.</summary>
public static class QrCodes
{
    public static string SvgDataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        // Black on white whatever the theme: scanners want dark modules on a light background.
        var svg = new SvgQRCode(data).GetGraphic(4, "#000000", "#ffffff");
        return "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(svg));
    }
}
