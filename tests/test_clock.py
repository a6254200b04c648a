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
