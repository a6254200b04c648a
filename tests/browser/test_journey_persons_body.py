"""In Chromium, from an empty database: a certification body for persons certifies its first person.

The first administrator is made as docs/operations.md says (``casys body create --kind persons_body``,
run in-process through Typer's CliRunner). After that no model object is made in test code: the
administrator invites an examiner, two scheme managers and a candidate on the members page; the
item writer (a scheme manager: items are for the item bank's people only, ISO/IEC 17024:2012 7.4)
builds a small item bank (one item written on the page, the rest imported as CSV) which the examiner
is refused; the other scheme manager approves the items (author ≠ reviewer) and assembles a form from
the NDT example scheme's blueprint; the
candidate applies and uploads the evidence of each prerequisite; the administrator checks the
eligibility, plans a session, seats the candidate, records the identity check and imports the
responses; the examiner marks the practical part, the only items they see; the administrator
(who took no part in the examination) grants certification; the candidate finds the certificate in
the portal, and the URL its QR code encodes opens the certificate's verification entry.
"""

from __future__ import annotations

import csv
import datetime
import io
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

from casys.documents.pdf import qr_svg
from casys.persons.services import persons_part
from tests.browser.journey import accept, bootstrap, fresh_page, invite_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "tallinn-ndt"


def _items_csv() -> str:
    """The NDT example scheme's blueprint filled with one more item than each element needs."""
    p = persons_part("ndt-iso9712")
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["scheme", "code", "element", "kind", "stem", "options", "key", "tolerance", "rubric"])
    for e in p.elements:
        part = p.part(e.part)
        for i in range(round(part.items * e.weight) + 1):
            if part.kind == "practical":
                w.writerow(
                    [
                        "ndt-iso9712",
                        f"{e.id}-{i}",
                        e.id,
                        "practical",
                        f"Test weld {i}",
                        "",
                        "",
                        "",
                        "6 detection|4 report",
                    ]
                )  # noqa: E501
            else:
                w.writerow(
                    [
                        "ndt-iso9712",
                        f"{e.id}-{i}",
                        e.id,
                        "single",
                        f"{e.title} {i}?",
                        "yes|no|maybe",
                        "B",
                        "",
                        "",
                    ]
                )
    return out.getvalue()


def _pdf_text(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.pdf"
        path.write_bytes(data)
        out = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        )
        return " ".join(out.stdout.split())


def _upload(page: Any, selector: str, name: str, text: str) -> None:
    page.set_input_files(selector, {"name": name, "mimeType": "text/csv", "buffer": text.encode("utf-8")})


def test_a_persons_body_goes_from_an_empty_install_to_a_certified_person(  # noqa: PLR0915
    page: Any, chromium: Any, live_server: Any
) -> None:
    link = bootstrap(
        [
            "--kind", "persons_body",
            "--name", "Tallinn NDT Certification",
            "--slug", SLUG,
            "--country", "EE",
            "--admin-email", "kadri@ndt.example",
            "--admin-name", "Kadri Admin",
        ]
    )  # fmt: skip
    accept(page, link, "Kadri Admin", f"**/bodies/{SLUG}/")
    examiner_link = invite_member(page, SLUG, "priit@ndt.example", "examiner")
    manager_link = invite_member(page, SLUG, "marko@ndt.example", "scheme_manager")
    writer_link = invite_member(page, SLUG, "anu@ndt.example", "scheme_manager")
    candidate_link = invite_member(page, SLUG, "jaan@candidates.example", "candidate")

    examiner = fresh_page(chromium, live_server)
    accept(examiner, examiner_link, "Priit Examiner", f"**/bodies/{SLUG}/")
    manager = fresh_page(chromium, live_server)
    accept(manager, manager_link, "Marko Manager", f"**/bodies/{SLUG}/")
    writer = fresh_page(chromium, live_server)
    accept(writer, writer_link, "Anu Writer", f"**/bodies/{SLUG}/")
    candidate = fresh_page(chromium, live_server)
    accept(candidate, candidate_link, "Jaan Ilves", f"**/persons/portal/{SLUG}/")

    # The item writer writes one item on the page and imports the rest of the bank as CSV.
    writer.goto(f"/persons/{SLUG}/items/")
    writer.get_by_label("Scheme").select_option("ndt-iso9712")
    writer.get_by_label("Item code").fill("velocity-1")
    writer.get_by_label("Blueprint element").select_option("physics")
    writer.get_by_label("Kind of item").select_option("numeric")
    writer.get_by_label("Question or task").fill("Longitudinal wave velocity in steel, in km/s?")
    writer.fill("#id_key", "5.92")
    writer.get_by_label("Tolerance").fill("0.05")
    with writer.expect_navigation():
        writer.get_by_role("button", name="Add the item").click()
    assert "velocity-1 v1" in writer.locator("h1").inner_text()
    writer.goto(f"/persons/{SLUG}/items/")
    _upload(writer, "#id_items_file", "items.csv", _items_csv())
    with writer.expect_navigation():
        writer.get_by_role("button", name="Import the items").click()
    assert writer.locator("#items-error").count() == 0
    assert "specimen-0 v1" in writer.locator("#items").inner_text()
    assert writer.locator("#items input[name=approve]").count() == 0  # an author does not approve

    # The examiner is refused the item bank and the forms: no item reaches them there.
    for where in ("items", "forms"):
        refused = examiner.goto(f"/persons/{SLUG}/{where}/")
        assert refused is not None and refused.status == 403
        assert "velocity" not in examiner.content() and "specimen" not in examiner.content()

    # The scheme manager approves every draft and assembles a form from the blueprint.
    manager.goto(f"/persons/{SLUG}/items/")
    boxes = manager.locator("#items input[name=approve]")
    for i in range(boxes.count()):
        boxes.nth(i).check()
    with manager.expect_navigation():
        manager.get_by_role("button", name="Approve the items ticked").click()
    assert manager.locator("#items input[name=approve]").count() == 0
    manager.goto(f"/persons/{SLUG}/forms/")
    manager.get_by_label("Scheme").select_option("ndt-iso9712")
    manager.get_by_label("Form code").fill("ut2-2026-a")
    manager.get_by_label("Seed").fill("20260105")
    with manager.expect_navigation():
        manager.get_by_role("button", name="Assemble").click()
    assert "ut2-2026-a" in manager.locator("h1").inner_text()
    form_items = manager.locator("main table tbody tr td:nth-child(3)").all_inner_texts()
    codes = [t.split(" v")[0] for t in form_items]
    assert len(codes) == 22

    # The candidate applies for UT level 2 and uploads the evidence of each prerequisite.
    candidate.get_by_label("Scheme and scope").select_option("ndt-iso9712|UT-2")
    with candidate.expect_navigation():
        candidate.get_by_role("button", name="Apply").click()
    for requirement, value in (("education", "school leaving certificate"), ("training_hours", "80"),
                               ("experience_months", "12"), ("vision", "Jaeger 1, 2026")):  # fmt: skip
        candidate.get_by_label("Prerequisite").select_option(requirement)
        candidate.get_by_label("What it shows").fill(value)
        candidate.set_input_files(
            "#my-applications input[type=file]",
            {"name": f"{requirement}.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 evidence"},
        )  # noqa: E501
        with candidate.expect_navigation():
            candidate.get_by_role("button", name="Upload the evidence").click()
    assert (
        "training_hours: 80 (training_hours.pdf, 17 B)" in candidate.locator("#my-applications").inner_text()
    )

    # The administrator checks eligibility, plans the session and seats the candidate.
    page.goto(f"/persons/{SLUG}/applications/")
    with page.expect_navigation():
        page.get_by_role("button", name="Check eligibility").click()
    assert "eligible" in page.locator("#applications").inner_text()
    page.goto(f"/persons/{SLUG}/sessions/")
    page.get_by_label("Examination form").select_option(label="ut2-2026-a")
    page.fill("#id_held_on", datetime.date.today().isoformat())
    page.get_by_label("Place").fill("Tallinn test centre")
    page.get_by_label("Invigilator").select_option(label="Marko Manager")
    page.locator("#id_examiner").select_option(label="Priit Examiner")
    with page.expect_navigation():
        page.get_by_role("button", name="Plan the session").click()
    page.get_by_label("Reasonable adjustments").fill("25 % extra time (dyslexia)")
    with page.expect_navigation():
        page.get_by_role("button", name="Add to the session").click()
    page.get_by_label("Identity document").fill("ID card EE 38001010000")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the identity check").click()
    answers = {"velocity-1": "5.92"} | {c: "done" for c in codes if c.startswith("specimen")}
    csv_rows = ["candidate,item,response"] + [
        f"jaan@candidates.example,{c},{answers.get(c, 'B')}" for c in codes
    ]
    _upload(page, "#id_responses", "responses.csv", "\n".join(csv_rows) + "\n")
    with page.expect_navigation():
        page.get_by_role("button", name="Import").click()
    assert "general: 100.0 %" in page.locator("#sittings").inner_text()
    assert "pending" in page.locator("#sittings .outcome").inner_text()

    # The examiner marks the practical part on its rubric: the only items they see.
    examiner.goto(page.url + "marking/")
    assert "Longitudinal wave velocity" not in examiner.locator("main").inner_text()
    while examiner.locator("form.marking").count():
        f = examiner.locator("form.marking").first
        f.locator("input[name=points]").nth(0).fill("6")
        f.locator("input[name=points]").nth(1).fill("3")
        with examiner.expect_navigation():
            f.get_by_role("button", name="Record the marks").click()
    page.reload()
    assert "passed" in page.locator("#sittings .outcome").inner_text()

    # The administrator, who took no part in the examination, grants certification.
    page.goto(f"/persons/{SLUG}/decisions/")
    page.get_by_label("Reason").fill("all parts passed")
    with page.expect_navigation():
        page.get_by_role("button", name="Grant certification").click()
    page.goto(f"/persons/{SLUG}/certificates/")
    number = page.locator("#certificates tbody tr").first.get_attribute("data-number")
    assert number and number.startswith("TALLINN-NDT-P-")

    # The candidate finds the certificate; the QR code's URL opens its verification entry.
    candidate.goto(f"/persons/portal/{SLUG}/")
    assert number in candidate.locator("#my-certificates").inner_text(), candidate.locator(
        "main"
    ).inner_text()
    row = candidate.locator(f"#my-certificates tr[data-number='{number}']")
    url = row.locator("figure.qr").get_attribute("data-url")
    assert url.endswith(f"/persons/verify/{SLUG}/{number}/")
    # the QR code shown is the one that encodes this URL (segno is deterministic: same modules)
    drawn = row.locator("figure.qr svg path").get_attribute("d")
    assert drawn and f'd="{drawn}"' in str(qr_svg(url, scale=2))
    pdf = candidate.request.get(row.get_by_role("link", name="PDF EN").get_attribute("href"))
    assert pdf.status == 200 and url in _pdf_text(pdf.body()) and "Jaan Ilves" in _pdf_text(pdf.body())
    public = fresh_page(chromium, live_server)
    public.goto(url.split("//", 1)[1].split("/", 1)[1].join(["/", ""]))
    assert "Valid today" in public.locator("#verdict").inner_text()
    assert public.locator("#scope").inner_text() == "UT-2"
    candidate.set_viewport_size({"width": 390, "height": 800})
    assert candidate.evaluate("document.documentElement.scrollWidth") <= 390
    for other in (examiner, manager, writer, candidate, public):
        other.context.close()
