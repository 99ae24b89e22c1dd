using System.IO;
using System.Xml;

namespace VulnerableShop.Services;

/// <summary>Imports the product feeds suppliers upload as XML.</summary>
public static class ProductFeedImporter
{
    public static XmlDocument Load(Stream upload)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Parse,
            XmlResolver = new XmlUrlResolver(), // expect: SB1005
        };
        using var reader = XmlReader.Create(upload, settings);
        var document = new XmlDocument();
        document.Load(reader);
        return document;
    }
}
