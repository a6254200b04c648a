"""Testing and calibration laboratories (ISO/IEC 17025): methods, results, decision rules, reports."""
