"""Certification of persons (ISO/IEC 17024:2012): candidates, item bank, forms, examination sessions,
impartiality, decisions and person certificates."""
