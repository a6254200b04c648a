"""Telling people and other systems: e-mail notices (immediate or a daily digest), each user's
iCalendar feed of audit assignments, and signed webhooks per body."""
