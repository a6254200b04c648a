"""The public registry as a buyer uses it: the answer first, names not slugs, one search box,
case-insensitive numbers, an empty result that says so, holder and body pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection, transaction

from casys import clock
from casys.attestations.models import Attestation
from casys.registry.services import search
from tests.registry.conftest import entry, publish

pytestmark = pytest.mark.django_db(transaction=True)

SUSPENDED = ({"on": "2025-01-10", "status": "suspended", "reason": "surveillance audit overdue"},)


@pytest.fixture
def rows(accredited):
    publish(
        accredited,
        entry("Q-1"),
        entry("Q-2", status="suspended", history=SUSPENDED),
        entry(
            "Q-3",
            status="withdrawn",
            history=({"on": "2025-02-03", "status": "withdrawn", "reason": "at the client's request"},),
        ),
        entry("Q-4", status="suspended", history=SUSPENDED, expiry_date=date(2025, 3, 1)),
        entry("Q-5", holder_name="Secret Holder Ltd", holder_name_en="", public=False, country="LV"),
        entry("Q-6", holder_name="Société Générale de Test", holder_name_en="", country="FR"),
    )
    return accredited


def _verify(client, number, lang="en"):
    with clock.travel_to(date(2025, 6, 1)):
        r = client.get(f"/registry/verify/alpha-cert/{number}/", HTTP_ACCEPT_LANGUAGE=lang)
    return r.status_code, r.content.decode()


def _answer(html):
    start = html.index('id="answer"')
    return " ".join(html[start : html.index("</p>", start)].split())


@pytest.mark.parametrize(
    ("number", "kind", "words"),
    [
        ("Q-1", "valid", "Valid (until 28 Feb 2027)"),
        ("Q-2", "suspended", "Suspended since 10 Jan 2025"),
        ("Q-3", "withdrawn", "Withdrawn on 3 Feb 2025"),
        ("Q-4", "expired", "Expired on 1 Mar 2025"),
    ],
)
def test_the_verify_page_leads_with_the_answer_in_plain_words(rows, client, number, kind, words):
    status, html = _verify(client, number)
    assert status == 200
    assert f'data-answer="{kind}"' in html and words in _answer(html)
    assert html.index('id="answer"') < html.index('class="chain"')


def test_an_expired_certificate_that_was_suspended_reads_expired(rows, client):
    _status, html = _verify(client, "Q-4")
    assert 'data-answer="expired"' in html and "Suspended since" not in _answer(html)


def test_an_unknown_number_reads_not_found(rows, client):
    status, html = _verify(client, "Q-404")
    assert status == 404 and 'data-answer="not-found"' in html and "Not found" in html


@pytest.mark.parametrize(
    ("lang", "valid", "suspended"),
    [
        ("fr", "Valide (jusqu’au 28 fév. 2027)", "Suspendu depuis le 10 jan. 2025"),
        ("ru", "Действителен (до 28 февраля 2027)", "Приостановлен с 10 января 2025"),
    ],
)
def test_the_answer_is_translated(rows, client, lang, valid, suspended):
    assert valid in _answer(_verify(client, "Q-1", lang)[1])
    assert suspended in _answer(_verify(client, "Q-2", lang)[1])


def test_the_public_sees_the_accreditation_body_and_number_never_a_slug_or_a_did(rows, client):
    _status, html = _verify(client, "Q-1")
    assert "Nordic AB" in html and "NAB-001" in html
    assert "nordic-ab" not in html.replace("/registry/body/nordic-ab/", "")
    assert "did:web" not in html and "localhost" not in html


def test_a_certificate_number_is_found_whatever_its_case(rows, client):
    for params in ({"number": "q-1"}, {"text": "q-1"}, {"number": "Q-1"}):
        html = client.get("/registry/", params).content.decode()
        assert "/registry/verify/alpha-cert/Q-1/" in html, params
    api = client.get("/api/v1/registry/certificates", {"number": "q-6"}).json()
    assert [r["number"] for r in api["results"]] == ["Q-6"]


def test_the_number_search_uses_the_expression_index(rows):
    qs = search.by_number(Attestation.registry.all(), "q-1")
    sql, params = qs.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # a table of a few rows is read whole whatever the indexes: forbid that, so the plan
            # shows whether the expression index can answer the query at all
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(r) for r in cursor.fetchall())
    assert "registry_att_number_upper" in plan


def test_the_single_box_also_finds_a_company_by_name(rows, client):
    html = client.get("/registry/", {"text": "societe generale"}).content.decode()
    assert "/registry/verify/alpha-cert/Q-6/" in html and "Q-1/" not in html


def test_an_empty_search_result_says_so(rows, client):
    html = client.get("/registry/", {"text": "no such company"}).content.decode()
    assert 'id="no-results"' in html and "No certificate matches this search" in html
    fr = client.get("/registry/", {"text": "xyz"}, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Aucun certificat ne correspond" in fr


def test_the_front_page_shows_recent_certificates_and_one_search_box(rows, client):
    html = client.get("/registry/").content.decode()
    assert 'name="text"' in html and "Recently issued certificates" in html
    assert "/registry/verify/alpha-cert/Q-1/" in html
    assert "Secret Holder" not in html and "Q-5/" not in html


def test_the_holder_page_lists_all_the_holders_public_certificates(rows, client):
    html = client.get("/registry/holder/alpha-cert/Q-1/").content.decode()
    for n in ("Q-1", "Q-2", "Q-3", "Q-4"):
        assert f"/registry/verify/alpha-cert/{n}/" in html
    assert "Q-6/" not in html and "Secret" not in html


def test_a_confidential_certificate_has_no_holder_page(rows, client):
    assert client.get("/registry/holder/alpha-cert/Q-5/").status_code == 404
    assert client.get("/registry/holder/alpha-cert/Q-404/").status_code == 404


def test_the_body_page_shows_its_certificates_and_its_accreditation(rows, client):
    html = client.get("/registry/body/alpha-cert/").content.decode()
    assert "Alpha Certification" in html and "Nordic AB" in html and "NAB-001" in html
    assert "/registry/verify/alpha-cert/Q-6/" in html and "Secret Holder" not in html
    assert client.get("/registry/body/no-such-body/").status_code == 404


def test_the_verify_page_links_to_the_holder_and_body_pages(rows, client):
    _status, html = _verify(client, "Q-1")
    assert "/registry/holder/alpha-cert/Q-1/" in html and "/registry/body/alpha-cert/" in html


def test_the_new_public_pages_need_no_sign_in(rows, client, owner_client, outsider_client):
    for c in (client, owner_client, outsider_client):
        for url in ("/registry/", "/registry/holder/alpha-cert/Q-1/", "/registry/body/alpha-cert/"):
            assert c.get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", ("Certificats délivrés", "Numéro d’accréditation", "Certificats délivrés récemment")),
        ("ru", ("Выданные сертификаты", "Номер аккредитации", "Недавно выданные сертификаты")),
    ],
)
def test_the_registry_pages_speak_french_and_russian(rows, client, language, words) -> None:
    body = client.get("/registry/body/alpha-cert/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    front = client.get("/registry/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert words[0] in body and words[1] in body and words[2] in front


def test_the_answer_line_says_accredited_only_where_the_accreditation_covers_it(accredited, client):
    publish(accredited, entry("Q-1"), entry("Q-9", iaf_codes=("99",)))
    assert "accredited by Nordic AB" in _verify(client, "Q-1")[1]
    html = _verify(client, "Q-9")[1]
    assert "accredited by" not in html and 'data-state="fail"' in html
