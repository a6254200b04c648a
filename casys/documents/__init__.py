"""Documents: PDF reports and certificates rendered from templates with WeasyPrint, QR codes with segno."""
