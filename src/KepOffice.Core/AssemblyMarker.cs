namespace KepOffice.Core;
