"""Pure rules and computations of conformity assessment.

Nothing below this package imports Django or reads the clock, the network or
files outside the package: dates, seeds and data are passed in. A test imports
this package in a subprocess where Django cannot be imported.
"""
