"""Models of the accreditation app, one module per aggregate, re-exported here."""
