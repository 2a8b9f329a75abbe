namespace KepOffice.Pki.Revocation;

/// <summary>CRL reason codes of RFC 5280 §5.3.1 (the numeric values are the encoded ones).</summary>
public enum RevocationReason
{
    /// <summary>unspecified (0); written without a reasonCode extension, as RFC 5280 recommends.</summary>
    Unspecified = 0,

    /// <summary>keyCompromise (1): the holder's key was lost or disclosed.</summary>
    KeyCompromise = 1,

    /// <summary>cACompromise (2).</summary>
    CACompromise = 2,

    /// <summary>affiliationChanged (3): the holder's data changed.</summary>
    AffiliationChanged = 3,

    /// <summary>superseded (4): replaced by a new certificate.</summary>
    Superseded = 4,

    /// <summary>cessationOfOperation (5): no longer needed.</summary>
    CessationOfOperation = 5,

    /// <summary>certificateHold (6): suspended.</summary>
    CertificateHold = 6,

    /// <summary>removeFromCRL (8): only meaningful in delta CRLs; refused by the full CRL generator.</summary>
    RemoveFromCrl = 8,

    /// <summary>privilegeWithdrawn (9).</summary>
    PrivilegeWithdrawn = 9,
}
