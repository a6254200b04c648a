"""Models of the registry app, one module per aggregate, re-exported here."""
