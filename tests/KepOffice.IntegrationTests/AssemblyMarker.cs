namespace KepOffice.IntegrationTests;
