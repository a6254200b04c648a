"""E-mail through a real SMTP server (aiosmtpd on a loopback port), in the recipient's language."""

import pytest

from casys.accounts.models import Role
from casys.accounts.scoping import unscoped
from casys.accounts.services import invitations
from casys.jobs import services as jobs
from casys.notifications.email import notify, preference, send_digests
from casys.notifications.models import DIGEST
from casys.registry.jobs import IMPORT
from tests.notifications.conftest import html_of, text_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_finished_job_is_mailed_to_who_started_it_in_french(smtp, body_a, owner):
    owner.language = "fr"
    owner.save()
    job = jobs.enqueue(body_a, IMPORT, input_name="in.csv", input_data=b"x", created_by=owner)
    jobs.run_pending()
    (message,) = smtp.to("owner@alpha.example")
    assert " ".join(message["Subject"].split()) == f"Tâche n° {job.pk} en échec : Import au registre"
    assert f"Votre tâche n° {job.pk} (Import au registre) a échoué : row 1, column x" in text_of(message)
    assert f"/jobs/alpha-cert/{job.pk}/" in html_of(message)


def test_a_finished_job_is_mailed_in_russian_to_a_russian_reader(smtp, body_a, owner):
    owner.language = "ru"
    owner.save()
    job = jobs.enqueue(body_a, IMPORT, input_name="in.csv", input_data=b"x", created_by=owner)
    jobs.run_pending()
    (message,) = smtp.to("owner@alpha.example")
    assert " ".join(message["Subject"].split()) == f"Задание № {job.pk} не выполнено: Импорт в реестр"


def test_a_user_who_switched_the_notice_off_gets_no_mail(smtp, body_a, owner):
    pref = preference(owner)
    pref.kinds = ["job_finished"]
    pref.save()
    jobs.enqueue(body_a, IMPORT, input_name="in.csv", input_data=b"x", created_by=owner)
    jobs.run_pending()
    assert smtp.to("owner@alpha.example") == []


def test_a_digest_user_gets_one_mail_with_every_notice(smtp, body_a, owner):
    pref = preference(owner)
    pref.delivery = DIGEST
    pref.save()
    data = {"client": "Müller GmbH", "due": "2026-05-01", "planned": "", "audit": 1}
    with unscoped():
        notify(owner, body_a, "surveillance_due", "k1", data)
        notify(owner, body_a, "surveillance_due", "k2", {**data, "client": "Beta AG", "audit": 2})
        notify(owner, body_a, "surveillance_due", "k2", {**data, "client": "Beta AG", "audit": 2})  # once
        assert smtp.to("owner@alpha.example") == []
        assert send_digests(None) == 1
        assert send_digests(None) == 0  # nothing left to send
    (message,) = smtp.to("owner@alpha.example")
    assert " ".join(message["Subject"].split()) == "casys: 2 notices"
    assert "Müller GmbH" in text_of(message) and "Beta AG" in text_of(message)
    assert "<h2>" in html_of(message)


def test_an_invitation_is_mailed_in_the_invitees_language(smtp, body_a, owner):
    with unscoped():
        invitation, raw = invitations.invite(body_a, "new@alpha.example", Role.AUDITOR, language="ru")
        sent = invitations.send(invitation, f"http://testserver/invitation/{raw}/")
    assert sent.sent and sent.language == "ru"
    (message,) = smtp.to("new@alpha.example")
    assert "Alpha Certification" in message["Subject"] and "casys" in message["Subject"]
    assert message["Subject"].strip().startswith("Приглашение")
    assert f"/invitation/{raw}/" in text_of(message)
