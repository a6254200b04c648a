"""Precision of a standard measurement method by the basic method of ISO 5725-2.

``basic_method`` computes m, s_r, s_L, s_R, r and R per level with Mandel's h and k,
Cochran's and Grubbs' tests and each laboratory's classification; ``outlier_tests``
holds the statistics and their critical values.
"""

from casys.core.precision.basic_method import Cell, Level, analyse, analyse_level
from casys.core.precision.outlier_tests import OutlierTest, PrecisionError

__all__ = ["Cell", "Level", "OutlierTest", "PrecisionError", "analyse", "analyse_level"]
