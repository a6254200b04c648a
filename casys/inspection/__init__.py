"""Inspection bodies (ISO/IEC 17020:2012): scope with independence types, inspections, reports."""
