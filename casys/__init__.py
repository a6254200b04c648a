"""casys — a conformity assessment system on the ISO/CASCO toolbox (ISO/IEC 17000 series)."""

__version__ = "0.1.0"
