"""Inspection (ISO/IEC 17020:2012): scheme plans, independence (Annex A), defects, report content."""
