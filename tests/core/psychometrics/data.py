"""Published data sets the psychometrics tests reproduce (each with its source)."""

from pathlib import Path

import numpy as np

# LSAT section VI, Bock & Lieberman (1970), Psychometrika 35, 179–197: 1000 examinees × 5 items,
# as shipped in R's ltm (data/LSAT.rda, drizopoulos/ltm) and mirt (data/LSAT6.RData,
# philchalmers/mirt, pattern → frequency); both decoded here and found identical.
LSAT_PATTERNS = {
    "00000": 3, "00001": 6, "00010": 2, "00011": 11, "00100": 1, "00101": 1, "00110": 3, "00111": 4,
    "01000": 1, "01001": 8, "01011": 16, "01101": 3, "01110": 2, "01111": 15, "10000": 10, "10001": 29,
    "10010": 14, "10011": 81, "10100": 3, "10101": 28, "10110": 15, "10111": 80, "11000": 16,
    "11001": 56, "11010": 21, "11011": 173, "11100": 11, "11101": 61, "11110": 28, "11111": 298,
}  # fmt: skip


def lsat() -> np.ndarray:
    rows = [[int(c) for c in pattern] for pattern, count in LSAT_PATTERNS.items() for _ in range(count)]
    return np.array(rows, dtype=np.uint8)


# The example of R's rcrtan vignette (gtlaflair/rcrtan, vignettes/rcrtan-vignette.Rmd, 2018-08-09):
# 19 examinees × 10 items Q1..Q10.
RCRTAN_VIGNETTE = [
    "1111111111", "1111100111", "1111100111", "1111010111", "1010011111", "1111010111", "1111110111",
    "1011111111", "0011010101", "1111100111", "1111111111", "1111111111", "1111111111", "1011111111",
    "1111010111", "0111111110", "1001100011", "0111001111", "1111010111",
]  # fmt: skip


def rcrtan_vignette() -> np.ndarray:
    return np.array([[int(c) for c in row] for row in RCRTAN_VIGNETTE], dtype=np.uint8)


def brown_hudson() -> np.ndarray:
    """Brown & Hudson (2002), *Criterion-referenced language testing*, Table 5.1a: 45 examinees ×
    30 items, as R's rcrtan ships it (gtlaflair/rcrtan, data-raw/bh_depend.csv, copied verbatim
    into bh_depend.csv here; first column the examinee id)."""
    path = Path(__file__).with_name("bh_depend.csv")
    return np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.uint8)[:, 1:]
