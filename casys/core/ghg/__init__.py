"""GHG statements and their verification (ISO 14064-1, ISO 14064-3, ISO 14065, EU ETS AVR/MRR).

Modules: :mod:`.gwp` (AR4/AR5/AR6 GWP sets as data), :mod:`.units` (pint),
:mod:`.inventory` (sources × gas × activity × factor → t CO2e), :mod:`.materiality`
(programme rules as data), :mod:`.misstatements` (net and gross aggregation,
conversion chains), :mod:`.opinion` (the opinion from the facts).
"""
