namespace KepOffice.EndToEndTests;
