"""Management-system and product certification (ISO/IEC 17021-1, 17065) on the one engine."""
