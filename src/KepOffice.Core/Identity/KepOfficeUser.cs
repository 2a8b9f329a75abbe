using Microsoft.AspNetCore.Identity;

namespace KepOffice.Core.Identity;

public sealed class KepOfficeUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    public bool IsActive { get; set; } = true;

    public DateTime CreatedUtc { get; set; }
}
