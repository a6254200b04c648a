"""Benchmark: the JCGM 101:2008 9.3 mass calibration by Monte Carlo.

Three implementations of the same model and input PDFs, each producing the
estimate, standard uncertainty and a 95 % coverage interval from M trials:

* casys: :func:`casys.core.uncertainty.mcm` (parsed model, chunked, bounded memory);
* metrolopy 1.1.1 (``gummy.sim``), imported only here;
* the floor: bare NumPy, the model written as NumPy code on arrays drawn in
  chunks of 10⁶ into one output array, then sorted once.

Wall time is measured with ``time.perf_counter`` around each complete run; each
figure is the best (least) of ``repeat`` runs, the usual way to take out the noise
of other processes on the machine.
"""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from casys.core.uncertainty import Normal, Rectangular, mcm, parse

EXPRESSION = "(m_Rc + dm_Rc) * (1 + (rho_a - 1.2) * (1/rho_W - 1/rho_R)) - 100000"
# JCGM 101:2008 9.3.1, Table 5
INPUTS = {
    "m_Rc": Normal(100000.000, 0.050),
    "dm_Rc": Normal(1.234, 0.020),
    "rho_a": Rectangular(1.10, 1.30),
    "rho_W": Rectangular(7000.0, 9000.0),
    "rho_R": Rectangular(7950.0, 8050.0),
}


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "system": platform.platform(),
    }


def run_casys(trials: int, seed: int, workers: int = 1) -> tuple[float, float, float, float]:
    r = mcm(parse(EXPRESSION), INPUTS, seed=seed, trials=trials, workers=workers)
    return r.y, r.u, r.symmetric.low, r.symmetric.high


def run_floor(trials: int, seed: int) -> tuple[float, float, float, float]:
    rng = np.random.default_rng(seed)
    out = np.empty(trials)
    chunk = 1_000_000
    for start in range(0, trials, chunk):
        n = min(chunk, trials - start)
        m_rc = 100000.0 + 0.050 * rng.standard_normal(n)
        dm_rc = 1.234 + 0.020 * rng.standard_normal(n)
        rho_a = rng.uniform(1.10, 1.30, n)
        rho_w = rng.uniform(7000.0, 9000.0, n)
        rho_r = rng.uniform(7950.0, 8050.0, n)
        out[start : start + n] = (m_rc + dm_rc) * (1 + (rho_a - 1.2) * (1 / rho_w - 1 / rho_r)) - 100000
    y, u = float(out.mean()), float(out.std(ddof=1))
    out.sort()
    q = round(0.95 * trials)
    r = (trials - q) // 2
    return y, u, float(out[r]), float(out[r + q])


def run_metrolopy(trials: int, seed: int) -> tuple[float, float, float, float]:
    import metrolopy as uc  # only for the benchmark

    np.random.seed(seed)  # metrolopy draws from NumPy's legacy global generator
    m_rc = uc.gummy(100000.0, 0.050)
    dm_rc = uc.gummy(1.234, 0.020)
    rho_a = uc.gummy(uc.UniformDist(lower_limit=1.10, upper_limit=1.30))
    rho_w = uc.gummy(uc.UniformDist(lower_limit=7000.0, upper_limit=9000.0))
    rho_r = uc.gummy(uc.UniformDist(lower_limit=7950.0, upper_limit=8050.0))
    y = (m_rc + dm_rc) * (1 + (rho_a - 1.2) * (1 / rho_w - 1 / rho_r)) - 100000
    y.p = 0.95
    y.sim(trials)
    low, high = y.cisim
    result = (float(y.xsim), float(y.usim), float(low), float(high))
    uc.clear_all_sim()
    return result


def _timed(
    fn: Callable[[int, int], tuple[float, float, float, float]], trials: int, seed: int, repeat: int
) -> dict[str, Any]:
    seconds = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        y, u, low, high = fn(trials, seed)
        seconds = min(seconds, time.perf_counter() - start)
    return {
        "seconds": seconds,
        "trials_per_second": trials / seconds,
        "y": y,
        "u": u,
        "interval": [low, high],
    }


def run(counts: list[int], seed: int, repeat: int = 3, workers: list[int] | None = None) -> dict[str, Any]:
    """Run the three implementations for each M; ratios are wall time over the floor's (the floor is
    single-core NumPy); casys runs once per worker count in ``workers``."""
    pools = workers or [1]
    run_floor(10_000, seed)  # warm-up: imports, first allocations
    run_casys(10_000, seed)
    rows = []
    for trials in counts:
        floor = _timed(run_floor, trials, seed, repeat)
        by_workers = {w: _timed(lambda t, s, w=w: run_casys(t, s, w), trials, seed, repeat) for w in pools}
        for entry in by_workers.values():
            entry["ratio_to_floor"] = entry["seconds"] / floor["seconds"]
        casys = by_workers[pools[0]]
        try:
            metrolopy: dict[str, Any] | None = _timed(run_metrolopy, trials, seed, repeat)
        except ImportError:
            metrolopy = None
        for entry in (casys, metrolopy):
            if entry is not None:
                entry["ratio_to_floor"] = entry["seconds"] / floor["seconds"]
        rows.append(
            {
                "trials": trials,
                "numpy_floor": floor,
                "casys": casys,
                "metrolopy": metrolopy,
                "casys_by_workers": {str(w): e for w, e in by_workers.items()},
            }
        )
    return {
        "example": "JCGM 101:2008 9.3 mass calibration",
        "model": EXPRESSION,
        "seed": seed,
        "repeat": repeat,
        "machine": machine(),
        "workers": pools,
        "runs": rows,
    }


def print_report(report: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    m = report["machine"]
    console.print(
        f"{report['example']} — {m['cpu']}, {m['cores']} cores, Python {m['python']}, NumPy {m['numpy']}"
    )
    table = Table()
    for column in ("M", "implementation", "wall time / s", "trials/s", "ratio to floor", "u / mg"):
        table.add_column(column, justify="right")
    for row in report["runs"]:
        named = [("numpy_floor", row["numpy_floor"])]
        named += [(f"casys, {w} worker(s)", e) for w, e in row["casys_by_workers"].items()]
        named += [("metrolopy", row["metrolopy"])]
        for name, entry in named:
            if entry is None:
                table.add_row(f"{row['trials']:,}", name, "not installed", "", "", "")
                continue
            ratio = entry.get("ratio_to_floor", 1.0)
            table.add_row(
                f"{row['trials']:,}",
                name,
                f"{entry['seconds']:.3f}",
                f"{entry['trials_per_second']:.3g}",
                f"{ratio:.2f}",
                f"{entry['u']:.4f}",
            )
    console.print(table)
