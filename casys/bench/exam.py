"""Benchmark: item analysis of a large examination against a bare NumPy floor.

Data: ``candidates`` × ``items`` responses simulated from a seeded Rasch model (abilities
N(0, 1), difficulties evenly spread over [−2, 2]), handed over as a boolean matrix (right /
wrong), as the persons app stores scored responses.

- **casys**: :func:`casys.core.psychometrics.analyse` — p, r_pb, corrected r_pb, alpha if
  deleted, KR-20 = alpha, KR-21, SEM, odd/even split-half with Spearman–Brown, score
  distribution, flags, one record per item;
- **floor**: the same statistics (all but the records and the flags) written as the
  fewest NumPy calls: row and column sums and Σ t·x by ``einsum`` (exact integer sums), closed
  forms for the corrected correlations and alpha-if-deleted, the odd-half sums (the even half
  is the total minus the odd half) and one ``corrcoef``, one ``bincount``.

Each figure is the best (least) wall time of ``repeat`` runs, with ``time.perf_counter``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from casys.bench.uncertainty import machine
from casys.core.psychometrics import analyse


def simulate(candidates: int, items: int, seed: int) -> npt.NDArray[np.bool_]:
    rng = np.random.default_rng(seed)
    theta = rng.standard_normal(candidates).astype(np.float32)
    b = np.linspace(-2.0, 2.0, items, dtype=np.float32)
    p = 1.0 / (1.0 + np.exp(b[None, :] - theta[:, None]))
    return rng.random((candidates, items), dtype=np.float32) < p


def floor(x: npt.NDArray[np.bool_]) -> dict[str, Any]:
    """The statistics of :func:`analyse` in bare NumPy (sample variances, divisor n − 1)."""
    u = x.view(np.uint8)
    n, k = u.shape
    t = np.einsum("ij->i", u, dtype=np.int32)
    p = np.einsum("ij->j", u, dtype=np.int32) / n
    st = np.einsum("i,ij->j", t, u)
    c = n / (n - 1)
    mean, var_t = t.mean(), t.var(ddof=1)
    var_i = p * (1 - p) * c
    cov = (st / n - p * mean) * c
    rpb = cov / np.sqrt(var_i * var_t)
    cov_r = cov - var_i
    var_r = var_t - 2 * cov + var_i
    rpb_c = cov_r / np.sqrt(var_i * var_r)
    alpha = k / (k - 1) * (1 - var_i.sum() / var_t)
    alpha_del = (k - 1) / (k - 2) * (1 - (var_i.sum() - var_i) / var_r)
    kr21 = k / (k - 1) * (1 - mean * (k - mean) / (k * var_t))
    sem = np.sqrt(var_t * (1 - alpha))
    odd = np.einsum("ij->i", u[:, 0::2], dtype=np.int32)
    r = np.corrcoef(odd, t - odd)[0, 1]
    return {
        "p": p,
        "rpb": rpb,
        "rpb_corrected": rpb_c,
        "alpha_if_deleted": alpha_del,
        "alpha": alpha,
        "kr21": kr21,
        "sem": sem,
        "split_half": 2 * r / (1 + r),
        "distribution": np.bincount(t, minlength=k + 1),
    }


def _best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def run(candidates: int, items: int, seed: int, repeat: int) -> dict[str, Any]:
    """Time casys and the floor on the same simulated data; check they agree."""
    x = simulate(candidates, items, seed)
    floor(x[:1000])  # warm-up
    analyse(x[:1000])
    floor_s, f = _best(lambda: floor(x), repeat)
    casys_s, a = _best(lambda: analyse(x), repeat)
    worst = max(
        float(np.max(np.abs(np.array([i.rpb_corrected for i in a.items]) - f["rpb_corrected"]))),
        abs((a.alpha or 0.0) - float(f["alpha"])),
    )
    return {
        "example": f"item analysis, {candidates:,} candidates × {items} items (Rasch, seed {seed})",
        "candidates": candidates,
        "items": items,
        "seed": seed,
        "repeat": repeat,
        "machine": machine(),
        "numpy_floor": {"seconds": floor_s},
        "casys": {"seconds": casys_s, "ratio_to_floor": casys_s / floor_s},
        "alpha": a.alpha,
        "largest_difference_to_floor": worst,
    }


def print_report(report: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    m = report["machine"]
    console.print(
        f"{report['example']} — {m['cpu']}, {m['cores']} cores, Python {m['python']}, NumPy {m['numpy']}"
    )
    table = Table("implementation", "wall time / s", "ratio to floor")
    table.add_row("numpy_floor", f"{report['numpy_floor']['seconds']:.4f}", "1.00")
    table.add_row("casys", f"{report['casys']['seconds']:.4f}", f"{report['casys']['ratio_to_floor']:.2f}")
    console.print(table)
    console.print(
        f"alpha {report['alpha']:.4f}; "
        f"largest difference casys − floor {report['largest_difference_to_floor']:.1e}"
    )
