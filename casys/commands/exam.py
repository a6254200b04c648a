"""CLI commands for examinations of persons (ISO/IEC 17024 9.3; docs/psychometrics.md).

- ``casys exam analyse RESPONSES.csv --key KEY.csv`` — item analysis (p, r_pb, corrected
  r_pb, KR-20, KR-21, alpha, SEM, split-half, distribution, flags, distractors) and, with
  ``--cut``, decision consistency at the cut;
- ``casys exam cut-score angoff RATINGS.csv`` — modified Angoff (rounds);
- ``casys exam cut-score hofstee --scores SCORES.csv --k-min … --k-max … --f-min … --f-max …``;
- ``casys exam dif RESPONSES.csv --key KEY.csv --group GROUPS.csv`` — Mantel–Haenszel DIF with
  the ETS classes;
- ``casys bench exam`` — item analysis of 100,000 candidates × 200 items against a NumPy floor.

Each takes ``--json`` and then prints one JSON document with the keys documented in
docs/psychometrics.md. Bad input stops with exit code 2 and one line per problem, each naming
the row and the column.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from casys.core import psychometrics as pm
from casys.core.psychometrics import responses as csv_in


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        _fail(f"cannot read {path}: {error.strerror or error}")
    except UnicodeDecodeError:
        _fail(f"{path} is not UTF-8 text")


def _input_error(path: Path, error: pm.PsychometricsError) -> NoReturn:
    problems = error.errors if isinstance(error, pm.ExamInputError) else (str(error),)
    for problem in problems:
        typer.echo(f"error: {path}: {problem}", err=True)
    raise typer.Exit(code=2)


def _print_json(document: Any) -> None:
    typer.echo(json.dumps(document, ensure_ascii=False, indent=2))


def _g(value: float | None, digits: int = 4) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _load(responses: Path, key: Path) -> tuple[csv_in.Key, csv_in.Responses]:
    key_text, responses_text = _read(key), _read(responses)
    try:
        parsed_key = csv_in.parse_key(key_text)
    except pm.PsychometricsError as error:
        _input_error(key, error)
    try:
        parsed = csv_in.parse_responses(responses_text, parsed_key)
    except pm.PsychometricsError as error:
        _input_error(responses, error)
    missing = [item for item in parsed_key.items if item not in parsed.items]
    if missing:
        _fail(f"{responses}: row 1: no column for the key's items {', '.join(missing)}")
    return parsed_key, parsed


def analysis_document(a: pm.ItemAnalysis) -> dict[str, Any]:
    """The JSON document of an item analysis (also what the web app may store)."""
    return {
        "candidates": a.candidates,
        "items": [
            {
                "id": i.id,
                "p": i.p,
                "rpb": i.rpb,
                "rpb_corrected": i.rpb_corrected,
                "alpha_if_deleted": i.alpha_if_deleted,
                "flags": list(i.flags),
            }
            for i in a.items
        ],
        "kr20": a.kr20,
        "kr21": a.kr21,
        "alpha": a.alpha,
        "sem": a.sem,
        "mean": a.mean,
        "sd": a.sd,
        "variance_divisor": f"n-{a.ddof}" if a.ddof else "n",
        "split_half": {"r_halves": a.split_half.r_halves, "spearman_brown": a.split_half.r_sb},
        "distribution": list(a.distribution),
    }


def distractors_document(items: tuple[pm.ItemDistractors, ...], fraction: float) -> dict[str, Any]:
    return {
        "groups": f"upper and lower {fraction:.0%} by total score",
        "items": [
            {
                "id": d.id,
                "key": d.key,
                "d": d.d,
                "options": [
                    {
                        "option": o.option,
                        "key": o.is_key,
                        "upper": o.upper,
                        "middle": o.middle,
                        "lower": o.lower,
                        "overall": o.overall,
                    }
                    for o in d.options
                ],
            }
            for d in items
        ],
    }


def consistency_document(a: pm.ItemAnalysis, cut: float) -> dict[str, Any]:
    s = pm.subkoviak(a.mean, a.sd, cut, a.kr20 or 0.0)
    variance = a.sd**2
    return {
        "cut": cut,
        "livingston": pm.livingston(a.kr20 or 0.0, a.mean, variance, cut) if variance > 0 else None,
        "subkoviak": {
            "z": s.z,
            "p0": s.p0,
            "kappa": s.kappa,
            "p0_table": s.p0_table,
            "kappa_table": s.kappa_table,
        },
    }


def _print_analysis(a: pm.ItemAnalysis, consistency: dict[str, Any] | None) -> None:
    console = Console()
    table = Table("item", "p", "r_pb", "r_pb corrected", "alpha if deleted", "flags")
    for i in a.items:
        table.add_row(
            i.id,
            _g(i.p, 3),
            _g(i.rpb, 3),
            _g(i.rpb_corrected, 3),
            _g(i.alpha_if_deleted, 3),
            ", ".join(i.flags),
        )
    console.print(table)
    console.print(
        f"{a.candidates} candidates, {len(a.items)} items; mean {_g(a.mean, 3)}, SD {_g(a.sd, 3)} "
        f"(divisor n−{a.ddof}); KR-20 = alpha {_g(a.kr20)}, KR-21 {_g(a.kr21)}, SEM {_g(a.sem, 3)}; "
        f"split-half r {_g(a.split_half.r_halves)}, Spearman–Brown {_g(a.split_half.r_sb)}"
    )
    console.print("score distribution: " + ", ".join(f"{s}: {c}" for s, c in enumerate(a.distribution) if c))
    if consistency is not None:
        sub = consistency["subkoviak"]
        console.print(
            f"at the cut {consistency['cut']:g}: Livingston k² {_g(consistency['livingston'])}, "
            f"Subkoviak p₀ {_g(sub['p0'], 2)} κ {_g(sub['kappa'], 2)} "
            f"(table: {sub['p0_table']:.2f} / {sub['kappa_table']:.2f})"
        )


def analyse_command(
    responses: Path = typer.Argument(..., help="CSV: candidate, then one column per item"),
    key: Path = typer.Option(..., "--key", help="CSV: item,key[,options] (options separated by |)"),
    cut: float | None = typer.Option(None, "--cut", help="raw cut score: add decision consistency"),
    fraction: float = typer.Option(
        pm.distractors.KELLEY_FRACTION, "--group-fraction", help="upper/lower group share for distractors"
    ),
    as_json: bool = typer.Option(False, "--json", help="print one JSON document"),
) -> None:
    """Item analysis of one administration (difficulty, discrimination, reliability, distractors)."""
    parsed_key, parsed = _load(responses, key)
    try:
        a = pm.analyse(parsed.scored, parsed.items)
        chosen = [j for j, options in enumerate(parsed.options) if options != csv_in.PRESCORED]
        distractors = pm.distractors_from_codes(
            parsed.codes[:, chosen],
            [parsed.options[j] for j in chosen],
            [parsed.key_index[j] for j in chosen],
            [parsed.items[j] for j in chosen],
            a.totals,
            fraction=fraction,
        )
    except pm.PsychometricsError as error:
        _input_error(responses, error)
    consistency = consistency_document(a, cut) if cut is not None and a.sd > 0 else None
    if as_json:
        document = analysis_document(a)
        document["distractors"] = distractors_document(distractors, fraction)
        if cut is not None:
            document["decision_consistency"] = consistency
        _print_json(document)
    else:
        _print_analysis(a, consistency)


def angoff_command(
    ratings: Path = typer.Argument(..., help="CSV: judge[,round], then one column per item (0–1)"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON document"),
) -> None:
    """Modified Angoff cut score (the last round's), with the SD and SE across judges."""
    text = _read(ratings)
    try:
        parsed = csv_in.parse_ratings(text)
        rounds = pm.angoff_rounds(parsed.ratings)
    except pm.PsychometricsError as error:
        _input_error(ratings, error)

    def doc(r: pm.AngoffResult) -> dict[str, Any]:
        return {
            "cut_score": r.cut_score,
            "cut_score_percent": r.cut_score_percent,
            "judges": r.judges,
            "sd": r.sd,
            "se": r.se,
        }

    last = rounds[-1]
    if as_json:
        document = doc(last) | {
            "items": last.items,
            "item_means": dict(zip(parsed.items, last.item_means, strict=True)),
            "rounds": [{"round": label} | doc(r) for label, r in zip(parsed.rounds, rounds, strict=True)],
        }
        _print_json(document)
        return
    table = Table("round", "judges", "cut score", "cut %", "SD", "SE")
    for label, r in zip(parsed.rounds, rounds, strict=True):
        table.add_row(label, str(r.judges), _g(r.cut_score), _g(r.cut_score_percent, 2), _g(r.sd), _g(r.se))
    Console().print(table)


def hofstee_command(
    scores: Path = typer.Option(..., "--scores", help="CSV: candidate,score"),
    k_min: float = typer.Option(..., "--k-min", help="lowest acceptable cut (score units)"),
    k_max: float = typer.Option(..., "--k-max", help="highest acceptable cut (score units)"),
    f_min: float = typer.Option(..., "--f-min", help="lowest acceptable failure rate (%)"),
    f_max: float = typer.Option(..., "--f-max", help="highest acceptable failure rate (%)"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON document"),
) -> None:
    """Hofstee compromise cut score on the observed scores."""
    text = _read(scores)
    try:
        _, values = csv_in.parse_scores(text)
        h = pm.hofstee(values, k_min, k_max, f_min, f_max)
    except pm.PsychometricsError as error:
        _input_error(scores, error)
    if as_json:
        _print_json({"cut_score": h.cut_score, "fail_rate": h.fail_rate, "intersects": h.intersects})
        return
    met = "" if h.intersects else " (the failure curve does not meet the line: k-max taken)"
    Console().print(f"Hofstee cut score {h.cut_score:g}, failure rate {h.fail_rate:.2f} %{met}")


def _groups(labels: tuple[str, ...], focal: str | None, path: Path) -> tuple[str, str]:
    counts = Counter(labels)
    if len(counts) != 2:
        _fail(f"{path}: DIF compares two groups, the file has {len(counts)}: {', '.join(sorted(counts))}")
    if focal is not None and focal not in counts:
        _fail(f"--focal: no group '{focal}' in {path} (groups: {', '.join(sorted(counts))})")
    # The reference group is by default the larger one (ties: the first in sorted order).
    reference = (
        next(g for g in sorted(counts) if g != focal)
        if focal is not None
        else sorted(counts, key=lambda g: (-counts[g], g))[0]
    )
    return reference, next(g for g in counts if g != reference)


def dif_command(
    responses: Path = typer.Argument(..., help="CSV: candidate, then one column per item"),
    key: Path = typer.Option(..., "--key", help="CSV: item,key[,options]"),
    group: Path = typer.Option(..., "--group", help="CSV: candidate,group (two groups)"),
    focal: str | None = typer.Option(None, "--focal", help="the focal group (default: the smaller)"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON document"),
) -> None:
    """Mantel–Haenszel DIF of every item, matched on the total score, with the ETS A/B/C class."""
    _, parsed = _load(responses, key)
    text = _read(group)
    try:
        labels = csv_in.parse_groups(text, parsed.candidates)
    except pm.PsychometricsError as error:
        _input_error(group, error)
    reference, focal_group = _groups(labels, focal, group)
    try:
        results = pm.mantel_haenszel(parsed.scored, [g == focal_group for g in labels], parsed.items)
    except pm.PsychometricsError as error:
        _input_error(responses, error)
    if as_json:
        _print_json(
            {
                "reference": reference,
                "focal": focal_group,
                "matching": "total score",
                "items": [
                    {
                        "id": r.id,
                        "mh_odds_ratio": r.mh_odds_ratio,
                        "mh_delta": r.mh_delta,
                        "se_delta": r.se_delta,
                        "chi_square": r.chi_square,
                        "p_value": r.p_value,
                        "ets_class": r.ets_class,
                    }
                    for r in results
                ],
            }
        )
        return
    table = Table("item", "α_MH", "MH D-DIF", "SE", "χ²_MH", "p", "ETS")
    for r in results:
        table.add_row(
            r.id, _g(r.mh_odds_ratio, 3), _g(r.mh_delta, 2), _g(r.se_delta, 2), _g(r.chi_square, 2),
            _g(r.p_value, 4), r.ets_class or "—",
        )  # fmt: skip
    Console().print(f"reference group {reference}, focal group {focal_group}, matched on the total score")
    Console().print(table)


def bench_exam(
    candidates: int = typer.Option(100_000, "--candidates", help="number of candidates"),
    items: int = typer.Option(200, "--items", help="number of items"),
    seed: int = typer.Option(1, "--seed", help="seed of the simulated responses"),
    repeat: int = typer.Option(5, "--repeat", help="runs per figure; the best wall time is kept"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON document"),
) -> None:
    """Time the item analysis of simulated responses against a bare NumPy floor."""
    from casys.bench import exam as bench_module  # benchmark code stays out of the command's import

    if candidates < 10 or items < 2 or repeat < 1:
        _fail("--candidates ≥ 10, --items ≥ 2 and --repeat ≥ 1 are needed")
    report = bench_module.run(candidates, items, seed, repeat)
    if as_json:
        _print_json(report)
    else:
        bench_module.print_report(report)


def register(app: typer.Typer, bench: typer.Typer) -> None:
    """Add this area's commands to the umbrella app and its benchmark to ``casys bench``."""
    exam = typer.Typer(
        help="Examinations of persons (ISO/IEC 17024): item analysis, cut scores, DIF.", no_args_is_help=True
    )
    app.add_typer(exam, name="exam")
    exam.command("analyse")(analyse_command)
    exam.command("dif")(dif_command)
    cut = typer.Typer(help="Cut scores: modified Angoff, Hofstee.", no_args_is_help=True)
    exam.add_typer(cut, name="cut-score")
    cut.command("angoff")(angoff_command)
    cut.command("hofstee")(hofstee_command)
    bench.command("exam")(bench_exam)
