namespace KepOffice.Workflows;
