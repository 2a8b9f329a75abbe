namespace KepOffice.Pki;
