"""The registry bench's load over HTTP: every server loaded once a round, the servers in turn and
every other round in reverse, each server's figures the medians of its rounds (the servers and the
load generator replaced by recorders: what is checked is the bench's bookkeeping, not a speed)."""

from __future__ import annotations

import itertools
from types import SimpleNamespace
from typing import Any

import pytest

from casys.bench import registry_read

#: req/s and p99 (ms) each server answers in rounds 1, 2, 3 (casys's second round stalled)
FIGURES = {
    "casys": [(5000, 12.0), (4000, 90.0), (4600, 14.0)],
    "casys, every answer built": [(3000, 20.0), (3300, 18.0), (3100, 22.0)],
    "asyncio": [(6000, 9.0), (6100, 8.0), (5900, 10.0)],
    "asyncio on uvloop": [(7000, 7.0), (6000, 8.0), (6500, 9.0)],
    "uvicorn + minimal ASGI": [(5500, 11.0), (5600, 400.0), (5400, 12.0)],
}


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> tuple[list[str], dict[str, Any]]:
    """verify_http run with recorders for the servers and the load; the order servers were loaded."""
    ports = itertools.count(20000)
    server_at: dict[int, str] = {}
    loaded: list[str] = []
    rounds_of: dict[str, int] = {}

    def starter(name: str) -> Any:
        def start(port: int, **_kw: Any) -> list[Any]:
            server_at[port] = name
            return [SimpleNamespace(name=name)]

        return start

    def casys_server(port: int, env: dict[str, str], workdir: Any) -> list[Any]:
        kept = env.get("CASYS_REGISTRY_DOCUMENTS") != "0"
        return starter("casys" if kept else "casys, every answer built")(port)

    def floor_server(dsn: str, extra: list[str], processes: int, port: int, **_kw: Any) -> list[Any]:
        name = next(n for n, (args, count) in registry_read.FLOORS.items() if args == extra)
        assert processes == registry_read.FLOORS[name][1]
        return starter(name)(port)

    def load(port: int, paths: list[str], seconds: float, connections: int = 32) -> dict[str, Any]:
        name = server_at[port]
        if seconds != 10:  # the warm-up load before each measured one
            return {}
        loaded.append(name)
        r = rounds_of.get(name, 0)
        rounds_of[name] = r + 1
        rps, p99 = FIGURES[name][r]
        return {"req_per_s": rps, "p50_ms": p99 / 3, "p99_ms": p99, "requests": rps * 10, "errors": 0,
                "connections": connections, "load_generator": "recorder"}  # fmt: skip

    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    monkeypatch.setattr(registry_read, "_casys_server", casys_server)
    monkeypatch.setattr(registry_read, "_floor_server", floor_server)
    monkeypatch.setattr(registry_read, "load", load)
    monkeypatch.setattr(registry_read, "_wait", lambda port, path: None)
    monkeypatch.setattr(registry_read, "_stop", lambda procs: None)
    picks = [("cb", SimpleNamespace(number=f"N{i}")) for i in range(5)]
    out = registry_read.verify_http(picks, tmp_path, lambda: next(ports), seconds=10, rounds=3)
    return loaded, out


def test_every_server_is_loaded_once_a_round_in_turn_and_every_other_round_in_reverse(recorded):
    loaded, _out = recorded
    names = list(FIGURES)
    assert loaded == names + names[::-1] + names


def test_a_server_s_figures_are_the_medians_of_its_rounds_with_every_round_and_the_worst_p99(recorded):
    _loaded, out = recorded
    casys = out["casys"]
    # casys's stalled round (p99 90 ms) neither sets its p99 nor its rate
    assert (casys["req_per_s"], casys["p99_ms"], casys["p99_ms_worst"]) == (4600, 14.0, 90.0)
    assert [r["p99_ms"] for r in casys["rounds"]] == [12.0, 90.0, 14.0]
    assert casys["requests"] == (5000 + 4000 + 4600) * 10
    assert casys["certificates"] == 5
    assert out["floors"]["uvicorn + minimal ASGI"]["p99_ms"] == 12.0
    # the floor: the floor server with the highest median rate (uvloop's 6,500 over asyncio's 6,000)
    assert out["floor"]["server"] == "asyncio on uvloop"
    assert out["share_of_floor"] == round(4600 / 6500, 3)
    assert out["share_of_floor, every answer built"] == round(3100 / 6500, 3)
    # round by round: each round's casys against that round's fastest floor
    assert out["share_of_floor, rounds"] == [
        round(5000 / 7000, 3),
        round(4000 / 6100, 3),
        round(4600 / 6500, 3),
    ]
    assert out["share_of_asgi_floor"] == round(4600 / 5500, 3)
    assert out["rounds"] == 3
