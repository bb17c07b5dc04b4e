"""Drawing and file formats: spreadsheets, images, label sheets, PDFs, bundles, site pages."""
