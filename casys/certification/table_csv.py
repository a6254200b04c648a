"""Reading a body's audit-time table from CSV (no Django: the CLI uses it too).

The core loader validates the table and names the line and column of a bad cell.
Format (one band of personnel per row, bands continuous from 1, days greater than 0)::

    # lines starting with # are comments
    personnel_min,personnel_max,<category>[,<category>...]
    1,10,<days>
    11,25,<days>
"""

from __future__ import annotations

from casys.core import audit_time as at

FORMAT_EXAMPLE = "personnel_min,personnel_max,all\n1,10,<days>\n11,25,<days>"


def parse_body_table(table_id: str, csv_text: str, source: str) -> at.AuditTimeTable:
    """The core's table, or :class:`casys.core.audit_time.AuditTimeError` naming line and column.

    The values below are made up for the example (the real tables are not public).

    >>> t = parse_body_table("iso27006-1", "personnel_min,personnel_max,all\\n1,10,2\\n11,20,3", "body copy")
    >>> t.source, t.row(12).days["all"]
    ('body copy', Fraction(3, 1))
    >>> try:
    ...     parse_body_table("iso27006-1", "personnel_min,personnel_max,all\\n1,10,two", "body copy")
    ... except at.AuditTimeError as e:
    ...     print(e)
    iso27006-1 table: line 2, column 'all': 'two' is not a number
    """
    return at.load_body_table(table_id, csv_text, source)
