"""API of the certification app (mounted under /api/v1/certification/).

Every query goes through the scoped managers: a certification body's token reaches
its own records, a client contact's token the records about its organisation.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from casys import clock
from casys.accounts.models import Role
from casys.auditlog.services import Actor
from casys.certification.models import Application, Audit, Auditor, Certificate, Client, Finding
from casys.certification.services import CertificationError, audits, clients, products
from casys.certification.services.certificates import effective_status

router = Router(tags=["certification"])
MANAGE = (Role.ADMIN, Role.SCHEME_MANAGER)
MAX_ROWS = 500


class ContactPersonOut(Schema):
    id: int
    name: str
    function: str
    email: str
    phone: str
    language: str
    primary: bool


class AddressOut(Schema):
    id: int
    kind: str
    street: str
    postcode: str
    city: str
    country: str


class ClientOut(Schema):
    id: int
    body: str
    name: str
    name_en: str
    country: str
    language: str
    consent_to_publication: bool
    registration_number: str
    vat_number: str
    nace_code: str
    contact_persons: list[ContactPersonOut]
    addresses: list[AddressOut]


class ClientIn(Schema):
    name: str
    name_en: str = ""
    registration_number: str = ""
    vat_number: str = ""
    nace_code: str = ""
    language: str = "en"


class ContactPersonIn(Schema):
    name: str
    function: str = ""
    email: str = ""
    phone: str = ""
    language: str = "en"
    primary: bool = False


class AddressIn(Schema):
    kind: str
    street: str
    postcode: str = ""
    city: str
    country: str


class EvidenceOut(Schema):
    kind: str
    description: str
    on: date
    reference: str


class QualificationOut(Schema):
    id: int
    scheme: str
    roles: list[str]
    iaf_codes: list[int]
    valid_from: date | None
    valid_until: date | None
    evidence: list[EvidenceOut]


class AuditorOut(Schema):
    id: int
    name: str
    user: str | None
    qualifications: list[QualificationOut]


class SiteOut(Schema):
    name: str
    address: str
    country: str
    central: bool
    personnel: list[dict]  # type: ignore[type-arg]


class AuditTimeOut(Schema):
    n: int
    initial: float | None
    stage1: float | None
    stage2: float | None
    surveillance: float | None
    recertification: float | None
    justification: list[str]
    sites_to_visit: list[str]


class ApplicationOut(Schema):
    id: int
    body: str
    client: int
    schemes: list[str]
    scope: str
    iaf_codes: list[int]
    complexity: str
    status: str
    received_on: date
    audit_time: AuditTimeOut | None


class ApplicationDetailOut(ApplicationOut):
    sites: list[SiteOut]


class AuditOut(Schema):
    id: int
    application: int
    cycle: int
    phase: str
    kind: str
    earliest: date | None
    latest: date | None
    planned_on: date | None
    days: float | None
    leader: str | None
    team: list[str]
    done_on: date | None
    mode: str
    remote_days: float


class FindingOut(Schema):
    id: int
    audit: int
    grade: str
    clause: str
    evidence: str
    raised_on: date
    due: date | None
    correction: str
    root_cause: str
    corrective_action: str
    answered_on: date | None
    verified_on: date | None
    open: bool


class FindingResponseIn(Schema):
    correction: str
    root_cause: str
    corrective_action: str


class EventOut(Schema):
    kind: str
    at: date
    by: str
    why: str


class CertificateOut(Schema):
    id: int
    body: str
    number: str
    client: int
    standards: list[str]
    iaf_codes: list[int]
    scope: str
    original_issue_date: date
    issue_date: date
    expiry_date: date
    status: str


class CertificateDetailOut(CertificateOut):
    sites: list[dict]  # type: ignore[type-arg]
    events: list[EventOut]


def _client(c: Client) -> ClientOut:
    org = c.organisation
    return ClientOut(
        id=c.pk,
        body=c.body.slug,
        name=org.name,
        name_en=org.name_en or org.name,
        country=org.country,
        language=c.language,
        consent_to_publication=c.consent_to_publication,
        registration_number=c.registration_number,
        vat_number=c.vat_number,
        nace_code=c.nace_code,
        contact_persons=[
            ContactPersonOut(
                id=p.pk,
                name=p.name,
                function=p.function,
                email=p.email,
                phone=p.phone,
                language=p.language,
                primary=p.is_primary,
            )
            for p in c.contact_persons.all()
        ],
        addresses=[
            AddressOut(
                id=a.pk, kind=a.kind, street=a.street, postcode=a.postcode, city=a.city, country=a.country
            )
            for a in c.addresses.all()
        ],
    )


def _auditor(a: Auditor) -> AuditorOut:
    return AuditorOut(
        id=a.pk,
        name=a.name,
        user=a.user.email if a.user_id else None,
        qualifications=[
            QualificationOut(
                id=q.pk,
                scheme=q.scheme,
                roles=q.roles,
                iaf_codes=q.iaf_codes,
                valid_from=q.valid_from,
                valid_until=q.valid_until,
                evidence=[
                    EvidenceOut(kind=e.kind, description=e.description, on=e.on, reference=e.reference)
                    for e in q.evidence.all()
                ],
            )
            for q in a.qualifications.all()
        ],
    )


def _application(a: Application) -> dict:  # type: ignore[type-arg]
    at = None
    if a.initial_days is not None:
        at = AuditTimeOut(
            n=a.n,
            initial=a.initial_days,
            stage1=a.stage1_days,
            stage2=a.stage2_days,
            surveillance=a.surveillance_days,
            recertification=a.recertification_days,
            justification=a.justification,
            sites_to_visit=a.site_sample.get("selected", []),
        )
    return {
        "id": a.pk,
        "body": a.body.slug,
        "client": a.client_id,
        "schemes": a.schemes,
        "scope": a.scope,
        "iaf_codes": a.iaf_codes,
        "complexity": a.complexity,
        "status": a.status,
        "received_on": a.received_on,
        "audit_time": at,
    }


def _audit(a: Audit) -> AuditOut:
    return AuditOut(
        id=a.pk,
        application=a.application_id,
        cycle=a.cycle,
        phase=a.phase,
        kind=a.kind,
        earliest=a.earliest,
        latest=a.latest,
        planned_on=a.planned_on,
        days=a.days,
        leader=a.leader.name if a.leader else None,
        team=[t.name for t in a.team.all()],
        done_on=a.done_on,
        mode=a.mode,
        remote_days=a.remote_days,
    )


def _finding(f: Finding) -> FindingOut:
    return FindingOut(
        id=f.pk,
        audit=f.audit_id,
        grade=f.grade,
        clause=f.clause,
        evidence=f.evidence,
        raised_on=f.raised_on,
        due=f.due,
        correction=f.correction,
        root_cause=f.root_cause,
        corrective_action=f.corrective_action,
        answered_on=f.answered_on,
        verified_on=f.verified_on,
        open=f.is_open,
    )


def _certificate(c: Certificate) -> dict:  # type: ignore[type-arg]
    return {
        "id": c.pk,
        "body": c.body.slug,
        "number": c.number,
        "client": c.client_id,
        "standards": c.standards,
        "iaf_codes": c.iaf_codes,
        "scope": c.scope,
        "original_issue_date": c.original_issue_date,
        "issue_date": c.issue_date,
        "expiry_date": c.expiry_date,
        "status": effective_status(c, clock.today()),
    }


def _window(limit: int, offset: int) -> slice:
    limit = max(1, min(limit, MAX_ROWS))
    return slice(max(offset, 0), max(offset, 0) + limit)


def _client_rows() -> Any:
    return Client.objects.select_related("organisation", "body").prefetch_related(
        "contact_persons", "addresses"
    )


@router.get("/clients", response=list[ClientOut])
def list_clients(request: HttpRequest, limit: int = 100, offset: int = 0) -> list[ClientOut]:
    rows = _client_rows().order_by("id")[_window(limit, offset)]
    return [_client(c) for c in rows]


@router.get("/clients/{pk}", response=ClientOut)
def get_client(request: HttpRequest, pk: int) -> ClientOut:
    return _client(get_object_or_404(_client_rows(), pk=pk))


def _managed_client(request: HttpRequest, pk: int) -> Client:
    client = get_object_or_404(_client_rows(), pk=pk)
    if not request.scope.has_role(client.body_id, *MANAGE):  # type: ignore[attr-defined]
        raise PermissionDenied("only the body's administrators and scheme managers change client data")
    return client


def _refused(action):  # type: ignore[no-untyped-def]
    try:
        return action()
    except CertificationError as exc:
        raise HttpError(422, str(exc)) from exc


@router.put("/clients/{pk}", response=ClientOut)
def update_client(request: HttpRequest, pk: int, payload: ClientIn) -> ClientOut:
    """Change the client's master data (names, registration and VAT numbers, NACE code, language)."""
    client = _managed_client(request, pk)
    _refused(lambda: clients.update_client(client, **payload.dict(), actor=Actor.from_request(request)))
    return _client(get_object_or_404(_client_rows(), pk=pk))


@router.post("/clients/{pk}/contact-persons", response={201: ClientOut})
def add_contact_person(request: HttpRequest, pk: int, payload: ContactPersonIn) -> Status:
    client = _managed_client(request, pk)
    _refused(lambda: clients.save_contact_person(client, **payload.dict(), actor=Actor.from_request(request)))
    return Status(201, _client(get_object_or_404(_client_rows(), pk=pk)))


@router.post("/clients/{pk}/addresses", response={201: ClientOut})
def add_address(request: HttpRequest, pk: int, payload: AddressIn) -> Status:
    client = _managed_client(request, pk)
    _refused(lambda: clients.save_address(client, **payload.dict(), actor=Actor.from_request(request)))
    return Status(201, _client(get_object_or_404(_client_rows(), pk=pk)))


def _auditor_rows() -> Any:
    return Auditor.objects.select_related("user").prefetch_related("qualifications__evidence")


@router.get("/auditors", response=list[AuditorOut])
def list_auditors(request: HttpRequest, limit: int = 100, offset: int = 0) -> list[AuditorOut]:
    """Auditors of the bodies the token reaches, with dated qualifications and their evidence."""
    return [_auditor(a) for a in _auditor_rows().order_by("id")[_window(limit, offset)]]


@router.get("/auditors/{pk}", response=AuditorOut)
def get_auditor(request: HttpRequest, pk: int) -> AuditorOut:
    return _auditor(get_object_or_404(_auditor_rows(), pk=pk))


@router.get("/applications", response=list[ApplicationOut])
def list_applications(request: HttpRequest, limit: int = 100, offset: int = 0) -> list[dict]:  # type: ignore[type-arg]
    rows = Application.objects.select_related("body").order_by("id")[_window(limit, offset)]
    return [_application(a) for a in rows]


@router.get("/applications/{pk}", response=ApplicationDetailOut)
def get_application(request: HttpRequest, pk: int) -> dict:  # type: ignore[type-arg]
    app = get_object_or_404(Application.objects.select_related("body"), pk=pk)
    sites = [
        SiteOut(
            name=s.name,
            address=s.address,
            country=s.country,
            central=s.is_central,
            personnel=[{"kind": g.kind, "count": g.count, "hours": g.hours} for g in s.personnel.all()],
        )
        for s in app.sites.prefetch_related("personnel")
    ]
    return {**_application(app), "sites": sites}


@router.get("/applications/{pk}/programme", response=list[AuditOut])
def get_programme(request: HttpRequest, pk: int) -> list[AuditOut]:
    app = get_object_or_404(Application.objects, pk=pk)
    return [_audit(a) for a in app.audits.select_related("leader").prefetch_related("team")]


@router.get("/audits", response=list[AuditOut])
def list_audits(request: HttpRequest, limit: int = 100, offset: int = 0) -> list[AuditOut]:
    rows = (
        Audit.objects.select_related("leader").prefetch_related("team").order_by("id")[_window(limit, offset)]
    )
    return [_audit(a) for a in rows]


@router.get("/audits/{pk}", response=AuditOut)
def get_audit(request: HttpRequest, pk: int) -> AuditOut:
    return _audit(get_object_or_404(Audit.objects.select_related("leader"), pk=pk))


@router.get("/findings", response=list[FindingOut])
def list_findings(
    request: HttpRequest, open: bool | None = None, limit: int = 100, offset: int = 0
) -> list[FindingOut]:  # noqa: A002
    rows = Finding.objects.order_by("id")
    if open is not None:
        rows = (
            rows.filter(verified_on__isnull=open).exclude(grade="ofi")
            if open
            else rows.filter(verified_on__isnull=False)
        )
    return [_finding(f) for f in rows[_window(limit, offset)]]


@router.get("/findings/{pk}", response=FindingOut)
def get_finding(request: HttpRequest, pk: int) -> FindingOut:
    return _finding(get_object_or_404(Finding.objects, pk=pk))


@router.post("/findings/{pk}/response", response=FindingOut)
def respond_to_finding(request: HttpRequest, pk: int, payload: FindingResponseIn) -> FindingOut:
    """The client contact's correction, root cause and corrective action (ISO/IEC 17021-1:2015 9.4.9)."""
    finding = get_object_or_404(Finding.objects.select_related("audit__application__client"), pk=pk)
    org_id = finding.audit.application.client.organisation_id
    if not request.scope.has_role(org_id, Role.CLIENT_CONTACT):  # type: ignore[attr-defined]
        raise PermissionDenied("only the client's contacts answer a finding")
    try:
        audits.answer_finding(
            finding,
            correction=payload.correction,
            root_cause=payload.root_cause,
            corrective_action=payload.corrective_action,
            on=clock.today(),
            user=request.api_token.user,
            actor=Actor.from_request(request),
        )  # type: ignore[attr-defined]
    except CertificationError as exc:
        raise HttpError(422, str(exc)) from exc
    return _finding(finding)


@router.get("/certificates", response=list[CertificateOut])
def list_certificates(request: HttpRequest, limit: int = 100, offset: int = 0) -> list[dict]:  # type: ignore[type-arg]
    rows = Certificate.objects.select_related("body").order_by("id")[_window(limit, offset)]
    return [_certificate(c) for c in rows]


@router.get("/certificates/{pk}", response=CertificateDetailOut)
def get_certificate(request: HttpRequest, pk: int) -> dict:  # type: ignore[type-arg]
    cert = get_object_or_404(Certificate.objects.select_related("body"), pk=pk)
    events = [EventOut(kind=e.kind, at=e.at, by=e.by_label, why=e.why) for e in cert.events.all()]
    return {**_certificate(cert), "sites": cert.sites, "events": events}


# --- product certification (ISO/IEC 17065) ----------------------------------------------------


class ProductIn(Schema):
    name: str
    type_designation: str
    description: str = ""
    ratings: str = ""
    normative_document: str = ""


class PartyIn(Schema):
    name: str
    address: str = ""
    country: str = ""


class ProductApplicationIn(Schema):
    client: int
    scheme: str
    products: list[ProductIn]
    manufacturer: PartyIn
    factories: list[PartyIn]


class ProductOut(Schema):
    id: int
    name: str
    type_designation: str
    description: str
    ratings: str
    normative_document: str


class ProductApplicationOut(Schema):
    id: int
    body: str
    client: int
    scheme: str
    status: str
    received_on: date
    scope: str
    products: list[ProductOut]
    manufacturer: PartyIn
    factories: list[PartyIn]


class ResultIn(Schema):
    product: int
    report_reference: str
    laboratory: str
    tested_on: date
    result: str
    sample_source: str = ""
    sample_bought_on: date | None = None


class ResultOut(ResultIn):
    pass


class ActivityRecordIn(Schema):
    done_on: date
    team: list[int]  # auditor ids
    days: float = 1
    mode: str = "on-site"
    report: str = ""
    results: list[ResultIn] = []


class ActivityOut(AuditOut):
    records: str  # what recording takes, from the scheme file: findings, test-report, market-sample
    results: list[ResultOut]


def _require(request: HttpRequest, body_id: int, *roles: str) -> None:
    if not request.scope.has_role(body_id, *roles):  # type: ignore[attr-defined]
        raise PermissionDenied("your role in this body does not allow this")


def _product_application(a: Application) -> ProductApplicationOut:
    m = a.manufacturer
    return ProductApplicationOut(
        id=a.pk,
        body=a.body.slug,
        client=a.client_id,
        scheme=a.schemes[0],
        status=a.status,
        received_on=a.received_on,
        scope=a.scope,
        products=[
            ProductOut(
                id=p.pk,
                name=p.name,
                type_designation=p.type_designation,
                description=p.description,
                ratings=p.ratings,
                normative_document=p.normative_document,
            )
            for p in a.products.all()
        ],
        manufacturer=PartyIn(name=m.name, address=m.address, country=m.country),
        factories=[PartyIn(name=s.name, address=s.address, country=s.country) for s in a.sites.all()],
    )


def _activity(a: Audit) -> ActivityOut:
    return ActivityOut(
        **_audit(a).model_dump(),
        records=products.record_kind(a),
        results=[
            ResultOut(
                product=r.product_id,
                report_reference=r.report_reference,
                laboratory=r.laboratory,
                tested_on=r.tested_on,
                result=r.result,
                sample_source=r.sample_source,
                sample_bought_on=r.sample_bought_on,
            )
            for r in a.test_results.all()
        ],
    )


def _product_app_or_404(pk: int) -> Application:
    app = get_object_or_404(Application.objects.select_related("body"), pk=pk)
    if not products.is_product_application(app):
        raise Http404("not a product-certification application")
    return app


@router.post("/product-applications", response={201: ProductApplicationOut})
def create_product_application(request: HttpRequest, payload: ProductApplicationIn) -> Status:
    """An application for product certification (ISO/IEC 17065:2012 7.2)."""
    client = get_object_or_404(Client.objects.select_related("body", "organisation"), pk=payload.client)
    _require(request, client.body_id, Role.ADMIN, Role.SCHEME_MANAGER)
    try:
        app = products.create_product_application(
            client.body,
            client,
            scheme_id=payload.scheme,
            products=[products.ProductInput(**p.model_dump()) for p in payload.products],
            manufacturer=products.PartyInput(**payload.manufacturer.model_dump()),
            factories=[products.PartyInput(**f.model_dump()) for f in payload.factories],
            received_on=clock.today(),
            actor=Actor.from_request(request),
        )
    except CertificationError as exc:
        raise HttpError(422, str(exc)) from exc
    return Status(201, _product_application(app))


@router.get("/product-applications/{pk}", response=ProductApplicationOut)
def get_product_application(request: HttpRequest, pk: int) -> ProductApplicationOut:
    return _product_application(_product_app_or_404(pk))


@router.get("/product-applications/{pk}/activities", response=list[ActivityOut])
def list_product_activities(request: HttpRequest, pk: int) -> list[ActivityOut]:
    app = _product_app_or_404(pk)
    rows = app.audits.select_related("leader").prefetch_related("team", "test_results").order_by("id")
    return [_activity(a) for a in rows]


@router.post("/product-activities/{pk}/record", response=ActivityOut)
def record_product_activity(request: HttpRequest, pk: int, payload: ActivityRecordIn) -> ActivityOut:
    """Record a type test, factory inspection or market-sample test; a date after today is refused."""
    audit = get_object_or_404(Audit.objects.select_related("application__body", "body"), pk=pk)
    if not products.is_product_application(audit.application):
        raise Http404("not a product-certification activity")
    _require(request, audit.body_id, Role.ADMIN, Role.SCHEME_MANAGER, Role.AUDITOR)
    pool = {a.pk: a for a in Auditor.objects.filter(body_id=audit.body_id)}
    missing = [i for i in payload.team if i not in pool]
    if missing:
        raise HttpError(422, f"team: no auditor {missing[0]} in this body")
    try:
        products.record_activity(
            audit,
            done_on=payload.done_on,
            team=[pool[i] for i in payload.team],
            today=clock.today(),
            days=payload.days,
            mode=payload.mode,
            report=payload.report,
            results=[
                products.ResultInput(
                    r.product,
                    r.report_reference,
                    r.laboratory,
                    r.tested_on,
                    r.result,
                    r.sample_source,
                    r.sample_bought_on,
                )
                for r in payload.results
            ],
            actor=Actor.from_request(request),
        )
    except CertificationError as exc:
        raise HttpError(422, str(exc)) from exc
    return _activity(audit)
