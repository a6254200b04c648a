"""Accreditation (ISO/IEC 17011) and recognition (IAF MLA, ILAC MRA)."""
