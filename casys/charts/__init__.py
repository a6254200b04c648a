"""Server-rendered SVG charts (no JavaScript): budgets, histograms, intervals, OC curves, scores.

``svg.py`` holds the primitives; each area keeps its charts in its own module.
"""
