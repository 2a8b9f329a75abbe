using System.Resources;

[assembly: NeutralResourcesLanguage("ru")]

namespace KepOffice.Web;

/// <summary>
/// Marker for the UI's string resources. Keys are the Russian texts themselves, so Russian needs no
/// resource file; other languages add Resources/SharedResource.{culture}.resx.
/// </summary>
public sealed class SharedResource;
