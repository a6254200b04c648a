"""Models of the laboratory app, one module per aggregate, re-exported here."""
