"""Pages of the accreditation app."""
