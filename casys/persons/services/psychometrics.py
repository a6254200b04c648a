"""Psychometric reports of the examinations (ISO/IEC 17024:2012 9.3: statistics collected at defined
intervals show that each examination is fair, valid and reliable), computed with
``casys.core.psychometrics`` from the responses recorded in casys.

- Per session: the objective items of the form, scored 0/1 (a rubric item is marked by an examiner
  and left out of the item analysis); item difficulty p, point-biserial uncorrected and corrected,
  alpha if deleted, flags, distractor shares by score group (upper/lower 27 %); KR-20, KR-21,
  Cronbach's alpha, SEM, split-half with Spearman–Brown — every variance with divisor n − 1
  (``ddof = 1``, the sample variance); the score distribution; decision consistency at the cut
  (Livingston's k², Subkoviak's p₀ and κ); DIF by Mantel–Haenszel with the ETS class when the
  sittings record two languages of the examination (the larger group is the reference).
- The cut on the objective items: the last round of the form's Angoff panel when there is one,
  otherwise the pass mark of the scheme's parts holding the objective items (weighted by items).
- Per item bank (one scheme): each session's report, the items' statistics pooled over the
  sessions (p and the correlations weighted by candidates) and the reliability over the sessions.

A session with more than ``CASYS_PERSONS_REPORT_SYNC_MAX`` candidates (casys default 2,000) is
computed as a background job (``persons.psychometrics``) that stores it as a
:class:`~casys.persons.models.PsychometricReport` (the job's own result is a summary naming no item:
the jobs pages are open to all staff), which the report page shows.

Flags are written to the items (the item-review queue) only when a member of the item bank sends
them there (:func:`record_flags`), with an audit-log entry.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date
from typing import Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casys.accounts.models import Body
from casys.auditlog.services import Actor, log
from casys.core.psychometrics import (
    PsychometricsError,
    analyse,
    angoff_rounds,
    distractors_from_codes,
    livingston,
    mantel_haenszel,
    subkoviak,
)
from casys.jobs.kinds import JobFailed, register
from casys.persons.models import (
    AngoffRating,
    ExamSession,
    FormItem,
    Item,
    ItemKind,
    PsychometricReport,
    Response,
    Sitting,
)
from casys.persons.services import PersonsInputError, persons_part
from casys.persons.services.items import LETTERS

REPORT_JOB = "persons.psychometrics"
#: casys default: above this many candidates the report is computed as a background job
SYNC_MAX_DEFAULT = 2000


def sync_max() -> int:
    return int(getattr(settings, "CASYS_PERSONS_REPORT_SYNC_MAX", SYNC_MAX_DEFAULT))


def candidates_of(session: ExamSession) -> int:
    return Sitting.all_objects.filter(session=session, responses__isnull=False).distinct().count()


def _options(item: Item) -> list[str]:
    if item.kind in (ItemKind.SINGLE, ItemKind.MULTIPLE):
        return list(LETTERS[: len(item.options)])
    if item.kind == ItemKind.TRUE_FALSE:
        return ["true", "false"]
    return []


def angoff_panel(form_id: int) -> list[dict[str, Any]]:
    """Each round of the form's Angoff panel: cut (raw and %), judges, SD and SE across judges,
    each judge's cut. Items a judge did not rate leave that judge out of the round."""
    ratings = AngoffRating.all_objects.filter(form_id=form_id).select_related("item")
    by_round: dict[int, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    codes: set[str] = set()
    for r in ratings:
        by_round[r.round][r.judge][r.item.code] = r.probability
        codes.add(r.item.code)
    if not by_round:
        return []
    items = sorted(codes)
    rounds, tables = sorted(by_round), []
    judges_of = {}
    for n in rounds:
        judges = [j for j in sorted(by_round[n]) if set(by_round[n][j]) == codes]
        judges_of[n] = judges
        tables.append([[by_round[n][j][c] for c in items] for j in judges] or [[0.0] * len(items)])
    try:
        results = angoff_rounds(tables)
    except PsychometricsError:
        return []
    return [
        {
            "round": n,
            "items": res.items,
            "judges": len(judges_of[n]),
            "cut_score": res.cut_score,
            "cut_score_percent": res.cut_score_percent,
            "sd": res.sd,
            "se": res.se,
            "judge_cuts": dict(zip(judges_of[n], res.judge_cuts, strict=True)),
        }
        for n, res in zip(rounds, results, strict=True)
        if judges_of[n]
    ]


def _cut_percent(session: ExamSession, parts: set[str]) -> tuple[float, str]:
    panel = angoff_panel(session.form_id)
    if panel:
        last = panel[-1]
        return last["cut_score_percent"], str(_("modified Angoff, round %(n)d") % {"n": last["round"]})
    p = persons_part(session.form.scheme_id)
    chosen = [x for x in p.parts if x.id in parts] or list(p.parts)
    total = sum(x.items for x in chosen) or 1
    pct = sum(x.pass_percent * x.items for x in chosen) / total
    return pct, str(_("pass mark of the scheme"))


def _num(v: float | None, digits: int = 4) -> float | None:
    return None if v is None or not math.isfinite(v) else round(float(v), digits)


def session_report(session: ExamSession, progress: Any = None) -> dict[str, Any]:
    """The psychometric report of one session (see the module docstring); a JSON-able dict."""
    fis = [
        fi
        for fi in FormItem.all_objects.filter(form_id=session.form_id).select_related("item")
        if not fi.item.rubric_kind
    ]
    if not fis:
        raise PersonsInputError("session", "the form has no objective item to analyse")
    column = {fi.pk: j for j, fi in enumerate(fis)}
    sittings = list(Sitting.all_objects.filter(session=session).order_by("id"))
    row = {s.pk: i for i, s in enumerate(sittings)}
    n, k = len(sittings), len(fis)
    scored = np.zeros((n, k), dtype=np.uint8)
    codes = np.full((n, k), -1, dtype=np.int64)
    seen = np.zeros(n, dtype=bool)
    options = [_options(fi.item) for fi in fis]
    lookup = [{o: i for i, o in enumerate(opts)} for opts in options]
    rows = Response.all_objects.filter(sitting__session=session, form_item_id__in=list(column)).values_list(
        "sitting_id", "form_item_id", "response", "points"
    )
    for done, (sid, fid, value, points) in enumerate(rows.iterator(chunk_size=5000)):
        i, j = row[sid], column[fid]
        seen[i] = True
        item = fis[j].item
        scored[i, j] = 1 if points is not None and points >= item.points else 0
        v = value.strip().lower() if item.kind == ItemKind.TRUE_FALSE else value.strip().upper()
        codes[i, j] = lookup[j].get(v, -1)
        if progress is not None and done % 20000 == 0:
            progress(done)
    scored, codes = scored[seen], codes[seen]
    sat = [s for s, was in zip(sittings, seen, strict=True) if was]
    if len(sat) < 2:
        raise PersonsInputError("session", "fewer than 2 candidates have responses: nothing to analyse")
    ids = [fi.item.code for fi in fis]
    a = analyse(scored, ids)
    key_index = [
        lookup[j].get(fi.item.key.upper() if fi.item.kind != ItemKind.TRUE_FALSE else fi.item.key, -2)
        for j, fi in enumerate(fis)
    ]
    with_options = [j for j in range(k) if options[j]]
    distractors = {}
    if with_options:
        found = distractors_from_codes(
            codes[:, with_options],
            [options[j] for j in with_options],
            [key_index[j] for j in with_options],
            [ids[j] for j in with_options],
            a.totals,
        )
        distractors = {d.id: d for d in found}
    cut_pct, cut_source = _cut_percent(session, {fi.part for fi in fis})
    cut = cut_pct * k / 100
    variance = a.sd**2
    consistency: dict[str, Any] = {}
    if a.kr20 is not None and variance > 0:
        s = subkoviak(a.mean, a.sd, math.ceil(cut - 1e-9), a.kr20)
        consistency = {
            "livingston": _num(livingston(a.kr20, a.mean, variance, cut)),
            "subkoviak_p0": _num(s.p0),
            "subkoviak_kappa": _num(s.kappa),
            "subkoviak_z": _num(s.z, 2),
            "subkoviak_p0_table": s.p0_table,
            "subkoviak_kappa_table": s.kappa_table,
        }
    dif: dict[str, Any] = {}
    languages = [s.language for s in sat]
    groups = sorted({x for x in languages if x}, key=lambda x: -languages.count(x))
    if len(groups) == 2 and all(languages):
        reference, focal = groups
        try:
            mh = mantel_haenszel(scored, [x == focal for x in languages], ids)
        except PsychometricsError:
            mh = ()
        dif = {
            "reference": reference,
            "focal": focal,
            "items": {
                r.id: {
                    "mh_odds_ratio": _num(r.mh_odds_ratio),
                    "mh_delta": _num(r.mh_delta),
                    "ets_class": r.ets_class,
                }
                for r in mh
            },
        }
    items = []
    for j, st in enumerate(a.items):
        d = distractors.get(st.id)
        items.append(
            {
                "id": st.id,
                "item": fis[j].item_id,
                "element": fis[j].item.element,
                "p": _num(st.p),
                "rpb": _num(st.rpb),
                "rpb_corrected": _num(st.rpb_corrected),
                "alpha_if_deleted": _num(st.alpha_if_deleted),
                "flags": list(st.flags),
                "distractors": [
                    {"option": o.option or "—", "key": o.is_key, "share": _num(o.overall, 3),
                     "upper": _num(o.upper, 3), "lower": _num(o.lower, 3)}
                    for o in d.options
                ] if d else [],
                "dif": dif.get("items", {}).get(st.id),
            }
        )  # fmt: skip
    return {
        "scope": "session",
        "session": session.pk,
        "held_on": session.held_on.isoformat(),
        "form": session.form.code,
        "scheme": session.form.scheme_id,
        "candidates": a.candidates,
        "items_count": k,
        "items": items,
        "mean": _num(a.mean),
        "sd": _num(a.sd),
        "ddof": a.ddof,
        "kr20": _num(a.kr20),
        "kr21": _num(a.kr21),
        "alpha": _num(a.alpha),
        "sem": _num(a.sem),
        "split_half": _num(a.split_half.r_halves),
        "spearman_brown": _num(a.split_half.r_sb),
        "distribution": list(a.distribution),
        "cut": _num(cut, 2),
        "cut_percent": _num(cut_pct, 2),
        "cut_source": cut_source,
        "consistency": consistency,
        "dif": {"reference": dif["reference"], "focal": dif["focal"]} if dif else None,
        "responses": int(scored.size),
    }


def bank_report(body: Body, scheme_id: str) -> dict[str, Any]:
    """The item bank's report for one scheme: every session analysed, the items pooled."""
    persons_part(scheme_id)
    sessions = ExamSession.all_objects.filter(body=body, form__scheme_id=scheme_id).order_by("held_on", "id")
    reports = []
    for s in sessions.select_related("form"):
        if candidates_of(s) < 2:
            continue
        try:
            reports.append(session_report(s))
        except PersonsInputError:
            continue
    pooled: dict[str, dict[str, Any]] = {}
    for r in reports:
        for it in r["items"]:
            acc = pooled.setdefault(
                it["id"],
                {"id": it["id"], "item": it["item"], "element": it["element"], "n": 0,
                 "p": 0.0, "rpb": 0.0, "rpb_corrected": 0.0, "rn": 0, "flags": set(), "sessions": 0},
            )  # fmt: skip
            n = r["candidates"]
            acc["n"] += n
            acc["sessions"] += 1
            acc["p"] += it["p"] * n
            if it["rpb"] is not None and it["rpb_corrected"] is not None:
                acc["rpb"] += it["rpb"] * n
                acc["rpb_corrected"] += it["rpb_corrected"] * n
                acc["rn"] += n
            acc["flags"] |= set(it["flags"])
    items = []
    for acc in sorted(pooled.values(), key=lambda x: x["id"]):
        rn = acc.pop("rn")
        items.append(
            acc
            | {
                "p": _num(acc["p"] / acc["n"]),
                "rpb": _num(acc["rpb"] / rn) if rn else None,
                "rpb_corrected": _num(acc["rpb_corrected"] / rn) if rn else None,
                "flags": sorted(acc["flags"]),
            }
        )
    return {
        "scope": "bank",
        "scheme": scheme_id,
        "sessions": [
            {
                k: r[k]
                for k in (
                    "session",
                    "held_on",
                    "form",
                    "candidates",
                    "kr20",
                    "kr21",
                    "alpha",
                    "sem",
                    "mean",
                    "sd",
                    "cut",
                    "cut_percent",
                    "items_count",
                )
            }
            for r in reports
        ],  # fmt: skip
        "items": items,
    }


@transaction.atomic
def record_flags(body: Body, report: dict[str, Any], *, actor: Actor, on: date) -> int:
    """Write the report's flags to its items (the item-review queue); answers how many are flagged.
    An item the report shows unflagged has its flags cleared."""
    flagged = 0
    by_pk = {it["item"]: it["flags"] for it in report["items"]}
    for item in Item.all_objects.filter(body=body, pk__in=list(by_pk)):
        flags = list(by_pk[item.pk])
        item.flags, item.flagged_on = flags, on if flags else None
        item.save(update_fields=["flags", "flagged_on"])
        flagged += bool(flags)
    log(
        "persons.items.flagged",
        actor=actor,
        body=body,
        obj=None,
        data={"scope": report["scope"], "scheme": report["scheme"], "flagged": flagged, "items": len(by_pk)},
    )
    return flagged


@register(REPORT_JOB, _("Psychometric report"))
def run_report(job: Any, progress: Any) -> dict[str, Any]:
    """The background job of a large session's report: its result is the report."""
    session = ExamSession.all_objects.filter(body_id=job.body_id, pk=job.params.get("session")).first()
    if session is None:
        raise JobFailed("session: no such examination session of this body")
    progress.total = Response.all_objects.filter(sitting__session=session).count()
    try:
        report = session_report(session, progress)
    except (PersonsInputError, PsychometricsError) as exc:
        raise JobFailed(str(exc)) from None
    PsychometricReport.all_objects.create(
        body_id=job.body_id, session=session, computed_at=timezone.now(), report=report
    )
    # the job's result (shown on the jobs pages to all staff) names no item: a summary only
    return {
        "candidates": report["candidates"],
        "items": report["items_count"],
        "kr20": report["kr20"],
        "flagged": sum(bool(it["flags"]) for it in report["items"]),
    }
