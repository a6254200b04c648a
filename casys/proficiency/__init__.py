"""Proficiency testing (ISO/IEC 17043, ISO 13528): schemes, rounds, participants, evaluation, reports."""
