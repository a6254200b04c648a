"""Models of the certification app, one module per aggregate, re-exported here."""
