"""The Django layer's date can be moved forward for tests and demonstrations."""

from datetime import date

from django.utils import timezone

from casys import clock


def test_today_is_the_real_date_unless_moved(monkeypatch) -> None:
    monkeypatch.delenv("CASYS_TODAY", raising=False)
    assert clock.today() == timezone.localdate()
    with clock.travel_to(date(2027, 3, 1)):
        assert clock.today() == date(2027, 3, 1)
        assert clock.now().date() == date(2027, 3, 1)
    assert clock.today() == timezone.localdate()


def test_the_environment_can_fix_the_date(monkeypatch) -> None:
    monkeypatch.setenv("CASYS_TODAY", "2026-12-31")
    assert clock.today() == date(2026, 12, 31)


def test_today_is_the_date_in_the_bodys_time_zone_whichever_it_is(monkeypatch, settings) -> None:
    from zoneinfo import ZoneInfo

    monkeypatch.delenv("CASYS_TODAY", raising=False)
    days = {}
    # Kiritimati (UTC+14) and Pago Pago (UTC-11) are 25 hours apart: their dates differ at every moment
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"):
        settings.TIME_ZONE = zone
        days[zone] = clock.today()
        assert clock.today() == days[zone]  # kept
        assert days[zone] == timezone.localdate(timezone.now(), ZoneInfo(zone))
    assert days["Pacific/Kiritimati"] >= days["UTC"] >= days["Pacific/Pago_Pago"]
    assert days["Pacific/Kiritimati"] > days["Pacific/Pago_Pago"]


def test_a_kept_date_ends_with_its_day(monkeypatch) -> None:
    from zoneinfo import ZoneInfo

    monkeypatch.delenv("CASYS_TODAY", raising=False)
    riga = ZoneInfo("Europe/Riga")
    # the days the clocks change have 23 and 25 hours (EU summer time, last Sundays of March, October)
    assert (
        clock.day_bounds(date(2026, 3, 29), riga)[1] - clock.day_bounds(date(2026, 3, 29), riga)[0]
        == 23 * 3600
    )
    assert (
        clock.day_bounds(date(2026, 10, 25), riga)[1] - clock.day_bounds(date(2026, 10, 25), riga)[0]
        == 25 * 3600
    )
    utc = timezone.get_default_timezone()
    start, end = clock.day_bounds(date(2030, 5, 17), utc)
    monkeypatch.setattr(clock, "epoch_seconds", lambda: end - 0.5)
    assert clock.today() == date(2030, 5, 17)
    monkeypatch.setattr(clock, "epoch_seconds", lambda: end)
    assert clock.today() == date(2030, 5, 18)
    monkeypatch.setattr(clock, "epoch_seconds", lambda: start - 0.5)
    assert clock.today() == date(2030, 5, 16)
