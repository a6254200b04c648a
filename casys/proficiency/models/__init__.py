"""Models of the proficiency app, one module per aggregate, re-exported here."""
