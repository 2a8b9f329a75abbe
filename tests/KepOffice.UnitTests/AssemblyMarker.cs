namespace KepOffice.UnitTests;
