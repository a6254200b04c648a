"""Demo inspection bodies (ISO/IEC 17020), one of each type of independence (Annex A).

* Baltic Lift Inspection (type A, dated declaration): lifting equipment and pre-shipment sampling; a
  crane taken out of service after a dangerous defect (a brake that slips, and a hook throat opening
  of 4.6 % inside the 5 % limit that fails by guarded acceptance with U = 0.6 %), a corrected report
  superseding an earlier one, a crane overdue after a major defect's repeat date passed.
* Chaudronnerie du Rhône's inspection service (type B): inspects only for the company it is part of,
  pressure equipment with a second person's review.
* Uralkran Inspection (type C): part of a crane maker; one inspector declared maintenance of a crane
  and is never assigned to it.

Every body has an inspection in every state. The days are counted back from today.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from casys import clock
from casys.accounts.models import Body, User
from casys.auditlog.services import Actor
from casys.inspection.models import Inspection, Instrument, Item, ScopeLine
from casys.inspection.services import inspections, photos, reports, setup

ORDER = 40

#: A checklist answered without a defect, per scheme: value and standard uncertainty (measured checks).
PASSING: dict[str, dict[str, tuple[str, str | None]]] = {
    "lifting-equipment-periodic": {
        "marking": ("pass", None),
        "hook-latch": ("pass", None),
        "hook-throat-opening": ("1.8", "0.2"),
        "chain-wear": ("2.5", "0.2"),
        "rope-broken-wires": ("0", None),
        "brake-function": ("pass", None),
    },
    "pressure-equipment-periodic": {
        "nameplate": ("pass", None),
        "wall-thickness": ("9.4", "0.1"),
        "safety-valve-set-pressure": ("10.05", "0.03"),
        "corrosion-pits": ("0", None),
        "gauge": ("pass", None),
    },
    "pre-shipment-sampling": {
        "quantity-and-marking": ("pass", None),
        "defectives-in-sample": ("3", None),
        "length": ("100.1", "0.05"),
        "hazardous-defect": ("0", None),
    },
}

# 1×1 PNG: the demo's photo of a hook
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db40000000049454e44ae426082"
)


def _actor(email: str) -> Actor:
    user = User.objects.get(email=email)
    return Actor(user=user, label=str(user))


def _answer(
    i: Inspection, item: Item, gauge: Instrument, on: date, actor: Actor, **override: tuple[str, str | None]
) -> None:
    for check, (value, u) in {**PASSING[i.scheme_id], **override}.items():
        inspections.record_check(
            i,
            item=item,
            check_id=check,
            value=value,
            u=u,
            instrument=gauge if u else None,
            on=on,
            actor=actor,
        )


class _Body:
    """One demo inspection body: its people, its instrument, and inspections taken through their states."""

    def __init__(self, slug: str, domain: str, scheme_id: str) -> None:
        self.body = Body.all_objects.get(slug=slug)
        self.admin = _actor(f"admin@{domain}")
        self.inspector = _actor(f"inspector@{domain}")
        self.reviewer = _actor(f"reviewer@{domain}")
        self.scheme_id = scheme_id
        self.gauge: Instrument | None = None

    def plan(self, client: Body, item: Item, on: date, scheme_id: str = "", location: str = "") -> Inspection:
        return inspections.plan_inspection(
            self.body,
            scheme_id=scheme_id or self.scheme_id,
            client=client,
            items=[item],
            planned_on=on,
            location=location,
            actor=self.admin,
        )

    def run(
        self, i: Inspection, item: Item, on: date, inspector: Actor | None = None, **override: Any
    ) -> Inspection:
        who = inspector or self.inspector
        i = inspections.assign(i, inspector=who.user, on=on, actor=self.admin)
        i = inspections.start(i, on=on, actor=who)
        assert self.gauge is not None
        _answer(i, item, self.gauge, on, who, **override)
        return inspections.submit(i, on=on, actor=who)

    def report(self, i: Inspection, on: date, language: str = "en") -> Any:
        if inspections.plan_of(i).second_review:
            inspections.review(i, approve=True, on=on, actor=self.reviewer)
        return reports.issue_report(i, on=on, actor=self.reviewer, language=language)

    def every_state(self, client: Body, items: list[Item], today: date, language: str, location: str) -> None:
        """planned, assigned, in progress, in review, reported, cancelled — one inspection each."""
        planned, assigned, progress, review, reported, cancelled = items
        self.report(
            self.run(
                self.plan(client, reported, today - timedelta(days=60), location=location),
                reported,
                today - timedelta(days=60),
            ),
            today - timedelta(days=59),
            language,
        )
        self.run(
            self.plan(client, review, today - timedelta(days=3), location=location),
            review,
            today - timedelta(days=3),
        )
        i = self.plan(client, progress, today, location=location)
        i = inspections.start(
            inspections.assign(i, inspector=self.inspector.user, on=today, actor=self.admin),
            on=today,
            actor=self.inspector,
        )
        first = next(iter(PASSING[i.scheme_id].items()))
        inspections.record_check(
            i, item=progress, check_id=first[0], value=first[1][0], on=today, actor=self.inspector
        )
        photos.add_photo(i, data=PNG, name="overview.png", actor=self.inspector)
        inspections.assign(
            self.plan(client, assigned, today + timedelta(days=7), location=location),
            inspector=self.inspector.user,
            on=today,
            actor=self.admin,
        )
        self.plan(client, planned, today + timedelta(days=21), location=location)
        inspections.cancel(
            self.plan(client, cancelled, today + timedelta(days=14), location=location),
            reason="The client sold the equipment before the inspection.",
            actor=self.admin,
        )


def _items(b: _Body, owner: Body, prefix: str, kind: str, names: list[str]) -> list[Item]:
    return [
        setup.add_item(
            b.body,
            owner=owner,
            identifier=f"{prefix}-{n + 1:02d}",
            description=name,
            kind=kind,
            actor=b.admin,
        )
        for n, name in enumerate(names)
    ]


def _staff(b: _Body, fields: list[str], since: date, *others: Actor) -> None:
    for who in (b.inspector, *others):
        for field in fields:
            setup.grant_competence(b.body, inspector=who.user, field=field, granted_on=since, actor=b.admin)
    b.gauge = setup.add_instrument(
        b.body,
        code="G-01",
        name="Hook and thickness gauge",
        certificate="CAL-2026-114",
        calibration_due=clock.today() + timedelta(days=200),
        actor=b.admin,
    )
    setup.add_instrument(
        b.body,
        code="G-02",
        name="Vernier caliper 300 mm",
        certificate="CAL-2025-087",
        calibration_due=clock.today() - timedelta(days=30),
        actor=b.admin,
    )  # past due: refused


def _type_a(today: date) -> None:
    b = _Body("baltlift", "baltlift.example", "lifting-equipment-periodic")
    declared = today - timedelta(days=400)
    for field in ("lifting-equipment-periodic", "pre-shipment-sampling"):
        setup.declare_scope(b.body, scheme_id=field, independence="A", declared_on=declared, actor=b.admin)
    _staff(b, ["lifting-equipment-periodic", "pre-shipment-sampling"], declared)
    port = Body.all_objects.get(slug="rigas-ostas-celtni")
    cranes = _items(b, port, "RC", "item", [
        "Portal crane Kone 16 t, berth 3", "Portal crane Kone 16 t, berth 4", "Overhead crane 10 t, store A",
        "Overhead crane 5 t, workshop", "Mobile crane Liebherr LTM 1050", "Container spreader 40 t",
        "Chain hoist 2 t", "Portal crane Ganz 20 t, berth 7", "Jib crane 1 t, quay 2",
    ])  # fmt: skip
    b.every_state(port, cranes[:6], today, "en", "Port of Riga")
    # A dangerous defect: the brake slips and the hook throat opening (4.6 %, inside the 5 % limit) fails by
    # guarded acceptance with U = 0.6 %: the crane is out of service at once.
    bad = b.run(
        b.plan(port, cranes[6], today - timedelta(days=12), location="Port of Riga"),
        cranes[6],
        today - timedelta(days=12),
        **{"brake-function": ("fail", None), "hook-throat-opening": ("4.6", "0.3")},
    )
    b.report(bad, today - timedelta(days=11))
    # A major defect whose repeat inspection is now overdue (28 days, the scheme's).
    late = b.run(
        b.plan(port, cranes[7], today - timedelta(days=45), location="Port of Riga"),
        cranes[7],
        today - timedelta(days=45),
        **{"rope-broken-wires": ("5", None)},
    )
    b.report(late, today - timedelta(days=44))
    # A report corrected by a new report that supersedes it (ISO/IEC 17020:2012 7.4.4).
    jib = b.run(
        b.plan(port, cranes[8], today - timedelta(days=30), location="Port of Rīga, quay 3"),
        cranes[8],
        today - timedelta(days=30),
    )
    first = b.report(jib, today - timedelta(days=29))
    reports.correct_report(
        first,
        reason="The crane stands on quay 2, not quay 3.",
        remarks="Place: quay 2.",
        on=today - timedelta(days=25),
        actor=b.reviewer,
    )
    # A consignment inspected by ISO 2859-1 sampling before shipment.
    fasteners = Body.all_objects.get(slug="nordic-fasteners")
    lot = setup.add_item(
        b.body,
        owner=fasteners,
        identifier="LOT-M12-0417",
        description="Hex bolts M12×60, 8.8",
        kind="batch",
        lot_size=5000,
        actor=b.admin,
    )
    b.report(
        b.run(
            b.plan(fasteners, lot, today - timedelta(days=5), "pre-shipment-sampling", "Göteborg"),
            lot,
            today - timedelta(days=5),
        ),
        today - timedelta(days=4),
    )


def _type_b(today: date) -> None:
    b = _Body("rhone-inspection", "rhone-inspection.example", "pressure-equipment-periodic")
    parent = Body.all_objects.get(slug="chaudronnerie-du-rhone")
    setup.set_parent(b.body, parent, actor=b.admin)
    setup.declare_scope(b.body, scheme_id=b.scheme_id, independence="B", declared_on=None, actor=b.admin)
    _staff(b, [b.scheme_id], today - timedelta(days=700))
    vessels = _items(b, parent, "AP", "installation", [
        "Réservoir d'air 500 l, atelier 1", "Réservoir d'air 1000 l, atelier 2", "Autoclave 2 m³",
        "Générateur de vapeur 300 kW", "Réservoir d'azote 2000 l", "Échangeur vapeur E-12",
    ])  # fmt: skip
    b.every_state(parent, vessels, today, "fr", "Vienne, site de production")


def _type_c(today: date) -> None:
    b = _Body("uralkran-inspection", "uralkran.example", "lifting-equipment-periodic")
    parent = Body.all_objects.get(slug="uralkran")
    setup.set_parent(b.body, parent, actor=b.admin)
    setup.declare_scope(b.body, scheme_id=b.scheme_id, independence="C", declared_on=None, actor=b.admin)
    second = _actor("inspector2@uralkran.example")
    _staff(b, [b.scheme_id], today - timedelta(days=900), second)
    port = Body.all_objects.get(slug="severny-port")
    cranes = _items(b, port, "КР", "item", [
        "Кран портальный «Сокол» 32 т", "Кран портальный «Альбатрос» 16 т", "Кран мостовой 20 т, склад 1",
        "Кран мостовой 10 т, склад 2", "Кран козловой 32 т", "Кран-балка 5 т",
    ])  # fmt: skip
    # The second inspector maintained the first crane for the maker: never assigned to inspect it (Annex A.3).
    setup.declare_involvement(
        b.body,
        inspector=second.user,
        item=cranes[0],
        activity="maintenance",
        since=today - timedelta(days=800),
        until=today - timedelta(days=200),
        actor=b.admin,
    )
    b.every_state(port, cranes, today, "ru", "Архангельск, морской порт")


def load_demo() -> None:
    if ScopeLine.all_objects.filter(body__slug="baltlift").exists():
        return
    today = clock.today()
    _type_a(today)
    _type_b(today)
    _type_c(today)
