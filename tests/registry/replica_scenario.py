"""Run by test_replica.py in its own process, against a primary and its streaming replica.

Prints one JSON document of what each read saw; exits non-zero on any surprise.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date


def main() -> None:
    from casys.project.django_setup import setup

    setup()
    from django.core.management import call_command
    from django.db import connections, router
    from django.test import Client

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)

    from casys.accounts.models import Body, BodyKind
    from casys.accounts.scoping import unscoped
    from casys.attestations.models import Attestation
    from casys.attestations.services.issue import Entry, issue
    from casys.registry.routers import replica_reads
    from casys.registry.services import search

    with unscoped():
        cb = Body.all_objects.create(
            slug="replica-cb", name="Replica CB", kind=BodyKind.CERTIFICATION_BODY, country="SE"
        )
        issue(
            cb,
            [
                Entry(
                    number="R-1",
                    status="active",
                    holder_name="Before Holder AB",
                    holder_name_en="",
                    country="SE",
                    standards=("ISO 9001:2015",),
                    iaf_codes=("17",),
                    original_issue_date=date(2024, 1, 1),
                    issue_date=date(2024, 1, 1),
                    expiry_date=date(2026, 12, 31),
                    scope="Test",
                    public=True,
                    accreditation_body="",
                )
            ],
            source="test",
        )
    replica = connections["replica"]

    def on_replica() -> int:
        with replica.cursor() as cur:
            cur.execute("SELECT count(*) FROM registry_attestation WHERE number = 'R-1'")
            return int(cur.fetchone()[0])

    for _ in range(200):
        if on_replica():
            break
        time.sleep(0.05)
    else:
        sys.exit("the replica never received the certificate")
    with replica.cursor() as cur:
        cur.execute("SELECT pg_is_in_recovery()")
        in_recovery = cur.fetchone()[0]
        cur.execute("SELECT pg_wal_replay_pause()")
    Attestation.all_objects.filter(number="R-1").update(holder_name="After Holder AB")

    client = Client()

    def public_name() -> str:
        r = client.get("/api/v1/registry/certificates/replica-cb/R-1")
        assert r.status_code == 200, r.content
        return str(r.json()["holder_name"])

    with replica_reads():
        read_db = router.db_for_read(Attestation)
        write_db = router.db_for_write(Attestation)
        replica_sees = search.find("replica-cb", "R-1").holder_name  # type: ignore[union-attr]
    staff_sees = search.find("replica-cb", "R-1").holder_name  # type: ignore[union-attr]
    public_paused = public_name()
    with replica.cursor() as cur:
        cur.execute("SELECT pg_wal_replay_resume()")
    public_after = public_paused
    for _ in range(200):
        public_after = public_name()
        if public_after == "After Holder AB":
            break
        time.sleep(0.05)
    # the PostgreSQL word table: a Cyrillic prefix finds the Latin holder; a TRUNCATE empties it
    cross_script = [a.number for a in search.search(search.Query(q="Бефо"))]
    with connections["default"].cursor() as cur:
        cur.execute("SELECT count(*) FROM registry_holder_word")
        words_before = cur.fetchone()[0]
        cur.execute("TRUNCATE registry_attestation CASCADE")
        cur.execute("SELECT count(*) FROM registry_holder_word")
        words_after = cur.fetchone()[0]
    print(
        json.dumps(
            {
                "cross_script": cross_script,
                "words_before": words_before,
                "words_after": words_after,
                "in_recovery": in_recovery,
                "read_db": read_db,
                "write_db": write_db,
                "replica_sees": replica_sees,
                "staff_sees": staff_sees,
                "public_paused": public_paused,
                "public_after": public_after,
            }
        )
    )


if __name__ == "__main__":
    main()
