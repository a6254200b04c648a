"""One date format per language (FORMAT_MODULE_PATH points here).

Every date shown to a reader goes through Django's ``date`` filter without an
argument (or ``formats.date_format``), so each language has exactly one format:

- en ``4 Dec 2026``: the month spelt out is unambiguous between UK and US
  day/month order, and short enough for tables;
- fr ``4 déc. 2026``: the French abbreviations (``mars``, ``mai``, ``juin`` stay
  whole) that Django ships;
- ru ``4 декабря 2026``: Russian needs the genitive month after a day number,
  and Django has no abbreviated genitive, so the month is written whole.

Date and time add ``H:i`` (24-hour clock in all three). The short formats are
the same as the long ones so a template that asks for either gets the one
format. Input formats stay ISO first: ``<input type="date">`` sends
``YYYY-MM-DD`` whatever the language (the HTML spec requires it).
Numbers: the decimal separator follows the language (``,`` in French and
Russian); no thousands grouping, so years, ids and counts stay as written.
"""
