"""What the participant report and the round summary show, for the pages and the PDFs.

A report shows every participant by its anonymous code only, as ISO/IEC 17043:2023, 7.4.1
asks: the bar chart, the Youden plot and the density read the codes and values of the
round's scores, never a laboratory's identity. Reports exist once the round is published
(for the provider, once it is evaluated).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from casys.attestations.identity import base_url, did_for
from casys.attestations.models import Attestation, Kind
from casys.attestations.services.issue import Entry, issue
from casys.auditlog.services import SYSTEM, Actor
from casys.charts import proficiency as charts
from casys.core import credentials
from casys.core.report_credentials import PerformanceFacts, PerformanceScore, performance_credential
from casys.proficiency.models import Evaluation, Participation, Round, RoundStatus, Score, SeriesEvaluation
from casys.proficiency.services.evaluation import current_evaluation
from casys.proficiency.texts import score_title


@dataclass
class SeriesView:
    """One item × measurand of an evaluation, with the participant's score if there is one."""

    series: SeriesEvaluation
    codes_and_scores: list[tuple[str, float]]
    values: list[float]
    mine: Score | None = None
    bars: SafeString = field(default_factory=lambda: mark_safe(""))
    density: SafeString = field(default_factory=lambda: mark_safe(""))


def _all_scores(series: list[SeriesEvaluation]) -> dict[int, list[Score]]:
    # Every participant's score by code only: the anonymised picture the report shows to all.
    grouped: dict[int, list[Score]] = {s.id: [] for s in series}
    rows = (
        Score.all_objects.filter(series__in=series)
        .select_related("participation")
        .order_by("participation__code")
    )
    for score in rows:
        grouped[score.series_id].append(score)
    return grouped


def series_views(evaluation: Evaluation, participation: Participation | None = None) -> list[SeriesView]:
    series = list(
        SeriesEvaluation.objects.filter(evaluation=evaluation)
        .select_related("item", "measurand")
        .order_by("item__code", "measurand_id")
    )
    grouped = _all_scores(series)
    views = []
    code = participation.code if participation is not None else None
    for s in series:
        scores = grouped[s.id]
        mine = next((sc for sc in scores if sc.participation_id == getattr(participation, "id", None)), None)
        pairs = [(sc.participation.code, sc.value) for sc in scores if sc.value is not None]
        view = SeriesView(s, pairs, [sc.x for sc in scores], mine)
        label = score_title(s.score_kind)
        title = f"{s.item.code} — {s.measurand.name}"
        bars = charts.z_score_bars(pairs, highlight=code, title=title, label=label, x_label=_("participant"))
        view.bars = mark_safe(bars)  # noqa: S308  (the chart builder escapes every text)
        view.density = mark_safe(  # noqa: S308  (the chart builder escapes every text)
            charts.kernel_density(
                view.values,
                assigned=s.x_pt,
                sigma_pt=s.sigma_pt,
                highlight=mine.x if mine else None,
                unit=s.measurand.unit,
                title=title,
                x_label=_("result (%(unit)s)") % {"unit": s.measurand.unit}
                if s.measurand.unit
                else _("result"),
                y_label=_("density"),
            )
        )
        views.append(view)
    return views


def youden_plots(evaluation: Evaluation, participation: Participation | None = None) -> list[dict[str, Any]]:
    """One Youden plot per measurand measured on (at least) two items: the first two items pair up."""
    series = list(
        SeriesEvaluation.objects.filter(evaluation=evaluation)
        .select_related("item", "measurand")
        .order_by("item__code")
    )
    grouped = _all_scores(series)
    by_measurand: dict[int, list[SeriesEvaluation]] = {}
    for s in series:
        by_measurand.setdefault(s.measurand_id, []).append(s)
    plots = []
    for pair in by_measurand.values():
        if len(pair) < 2:
            continue
        first, second = pair[0], pair[1]
        a = {sc.participation.code: sc.x for sc in grouped[first.id]}
        b = {sc.participation.code: sc.x for sc in grouped[second.id]}
        points = [(c, a[c], b[c]) for c in sorted(a) if c in b]
        unit = first.measurand.unit
        svg = charts.youden_plot(
            points,
            assigned=(first.x_pt, second.x_pt),
            sigma=(first.sigma_pt, second.sigma_pt),
            highlight=participation.code if participation is not None else None,
            labels=(f"{first.item.code} ({unit})", f"{second.item.code} ({unit})"),
            title=_("Youden plot — %(measurand)s") % {"measurand": first.measurand.name},
        )
        plots.append({"measurand": first.measurand, "svg": mark_safe(svg)})  # noqa: S308
    return plots


def history(participation: Participation) -> list[dict[str, Any]]:
    """The laboratory's scores per measurand over the scheme's published rounds, as control charts."""
    rounds = Round.objects.filter(
        scheme_id=participation.round.scheme_id,
        status=RoundStatus.PUBLISHED,
        participations__participant_id=participation.participant_id,
    ).order_by("opens_on", "code")
    points: dict[str, list[tuple[str, float]]] = {}
    for pt_round in rounds:
        evaluation = current_evaluation(pt_round)
        if evaluation is None:
            continue
        own = Score.objects.filter(
            series__evaluation=evaluation, participation__participant_id=participation.participant_id
        ).select_related("series__item", "series__measurand")
        for score in own.order_by("series__item__code"):
            if score.value is not None:
                label = f"{pt_round.code} {score.series.item.code}"
                points.setdefault(score.series.measurand.name, []).append((label, score.value))
    return [
        {
            "measurand": name,
            "svg": mark_safe(  # noqa: S308  (the chart builder escapes every text)
                charts.score_history(values, title=name, label=_("score"), x_label=_("round and item"))
            ),
        }
        for name, values in points.items()
    ]


def participant_report(participation: Participation) -> dict[str, Any] | None:
    evaluation = current_evaluation(participation.round)
    if evaluation is None:
        return None
    return {
        "participation": participation,
        "round": participation.round,
        "evaluation": evaluation,
        "series": series_views(evaluation, participation),
        "youden": youden_plots(evaluation, participation),
        "history": history(participation),
    }


def round_summary(pt_round: Round) -> dict[str, Any] | None:
    evaluation = current_evaluation(pt_round)
    if evaluation is None:
        return None
    return {
        "round": pt_round,
        "evaluation": evaluation,
        "series": series_views(evaluation),
        "youden": youden_plots(evaluation),
        "participants": Participation.objects.filter(round=pt_round).count(),
    }


def performance_facts(participation: Participation, evaluation: Evaluation) -> PerformanceFacts | None:
    """The facts of a participant's performance credential, or ``None`` when it has no score."""
    pt_round = participation.round
    provider, lab = pt_round.scheme.provider, participation.participant
    scores = (
        Score.all_objects.filter(series__evaluation=evaluation, participation=participation)
        .select_related("series__item", "series__measurand")
        .order_by("series__item__code", "series__measurand_id")
    )
    rows = tuple(
        PerformanceScore(
            item=s.series.item.code,
            measurand=s.series.measurand.name,
            unit=s.series.measurand.unit,
            x_pt=s.series.x_pt,
            u_x_pt=s.series.u_x_pt,
            sigma_pt=s.series.sigma_pt,
            x=s.x,
            score_type=s.kind,
            score=s.value,
            classification=s.classification,
        )
        for s in scores
    )
    if not rows:
        return None
    path = reverse("proficiency:report", kwargs={"slug": lab.slug, "participation_id": participation.pk})
    published = pt_round.published_at
    if published is None:
        raise ValueError(f"round {pt_round.code}: not published")
    return PerformanceFacts(
        id=base_url() + path,
        provider=credentials.Party(did_for(provider.slug), provider.name),
        participant=credentials.Party(did_for(lab.slug), lab.name),
        participant_code=participation.code,
        scheme_id=f"pt-scheme-{pt_round.scheme_id}",
        scheme_name=pt_round.scheme.name,
        round_code=pt_round.code,
        issue_date=published.date(),
        scores=rows,
    )


def performance_number(participation: Participation) -> str:
    """The attestation number of a participant's performance report: round code / participant code."""
    return f"{participation.round.code}/{participation.code}"


def _entry(participation: Participation, facts: PerformanceFacts) -> Entry:
    def build(status: tuple[Mapping[str, str], ...]) -> dict[str, Any]:
        return performance_credential(replace(facts, status=status))

    lab = participation.participant
    return Entry(
        kind=Kind.PT_PERFORMANCE,
        number=performance_number(participation),
        status="active",
        holder=lab,
        holder_name=lab.name,
        holder_name_en=lab.name,
        country=lab.country,
        standards=("ISO/IEC 17043",),
        scope=facts.scheme_name,
        original_issue_date=facts.issue_date,
        issue_date=facts.issue_date,
        expiry_date=None,
        public=False,
        build=build,
    )


def sign_performance(pt_round: Round, *, actor: Actor = SYSTEM) -> list[str]:
    """Issue one performance credential per scored participant through the attestations layer
    (signed with the provider's key, with a status entry); their codes."""
    evaluation = current_evaluation(pt_round)
    if evaluation is None:
        return []
    provider = pt_round.scheme.provider
    scored: list[tuple[Participation, Entry]] = []
    participations = Participation.all_objects.filter(round=pt_round).select_related("participant", "round")
    for participation in participations:
        facts = performance_facts(participation, evaluation)
        if facts is not None:
            scored.append((participation, _entry(participation, facts)))
    issue(provider, [e for _p, e in scored], source="casys", actor=actor, log_each=True)
    tokens = dict(
        Attestation.all_objects.filter(
            issuer=provider, kind=Kind.PT_PERFORMANCE, number__in=[e.number for _p, e in scored]
        ).values_list("number", "credential")
    )
    for participation, e in scored:
        participation.credential = tokens[e.number]
        participation.save(update_fields=["credential"])
    return [p.code for p, _e in scored]
