"""Configuration fails closed in production and rejects bad values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from casys.project import config

ROOT = Path(__file__).resolve().parents[2]


def _settings_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("CASYS_") and k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(DJANGO_SETTINGS_MODULE="casys.project.settings", **extra)
    return env


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_settings_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_refuses_to_start_without_a_secret_key_in_production() -> None:
    result = _run("import django; django.setup()")
    assert result.returncode != 0
    assert "CASYS_SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_asked_for() -> None:
    result = _run("from django.conf import settings; print(settings.DEBUG)", CASYS_SECRET_KEY="k" * 60)
    assert result.stdout.strip() == "False", result.stderr


def test_it_rejects_a_short_secret_key() -> None:
    result = _run("import django; django.setup()", CASYS_SECRET_KEY="short")
    assert "at least 50 characters" in result.stderr


def test_it_rejects_an_unclear_boolean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASYS_DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="CASYS_DEBUG"):
        config.env_bool("CASYS_DEBUG")


def test_it_rejects_a_non_numeric_integer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASYS_DB_POOL_MAX", "ten")
    with pytest.raises(ImproperlyConfigured, match="CASYS_DB_POOL_MAX"):
        config.env_int("CASYS_DB_POOL_MAX", 10)


def test_the_production_configuration_passes_check_deploy() -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=_settings_env(
            CASYS_SECRET_KEY="p" * 20 + "roduction-secret-key-with-enough-entropy-0123456789",
            CASYS_ALLOWED_HOSTS="casys.example",
            CASYS_PUBLIC_HOST="casys.example",
            DATABASE_URL="sqlite:////tmp/casys-deploy-check.db",
        ),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("host", "message"),
    [
        (None, "casys.E001"),
        ("", "casys.E001"),
        ("localhost", "casys.E002"),
        ("localhost:8000", "casys.E002"),
        ("127.0.0.1:8000", "casys.E002"),
        ("[::1]:8000", "casys.E002"),
    ],
)
def test_check_deploy_fails_without_a_public_host(host: str | None, message: str) -> None:
    env = {
        "CASYS_SECRET_KEY": "p" * 20 + "roduction-secret-key-with-enough-entropy-0123456789",
        "CASYS_ALLOWED_HOSTS": "casys.example",
        "DATABASE_URL": "sqlite:////tmp/casys-deploy-check.db",
    }
    if host is not None:
        env["CASYS_PUBLIC_HOST"] = host
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=_settings_env(**env),
    )
    assert result.returncode != 0
    assert message in result.stderr and "CASYS_PUBLIC_HOST" in result.stderr


def test_the_postgresql_pool_is_configured_from_the_environment() -> None:
    code = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS']['pool'])"
    result = _run(
        code,
        CASYS_SECRET_KEY="k" * 60,
        CASYS_DB_POOL="1",
        CASYS_DB_POOL_MAX="7",
        DATABASE_URL="postgresql://casys@127.0.0.1:5432/casys",
    )
    assert result.stdout.strip() == "{'min_size': 2, 'max_size': 7}", result.stderr


def test_trusted_proxies_are_read_as_networks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASYS_TRUSTED_PROXIES", "10.0.0.1, 172.16.0.0/12,::1")
    assert [str(n) for n in config.env_networks("CASYS_TRUSTED_PROXIES")] == [
        "10.0.0.1/32",
        "172.16.0.0/12",
        "::1/128",
    ]


def test_a_bad_trusted_proxy_is_refused_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASYS_TRUSTED_PROXIES", "10.0.0.1,proxy.example")
    with pytest.raises(ImproperlyConfigured, match="CASYS_TRUSTED_PROXIES: 'proxy.example' is not an IP"):
        config.env_networks("CASYS_TRUSTED_PROXIES")


def test_a_bad_login_rate_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASYS_LOGIN_RATE_ACCOUNT", "five per minute")
    with pytest.raises(ImproperlyConfigured, match="CASYS_LOGIN_RATE_ACCOUNT: expected a rate like 5/15m"):
        config.env_rate("CASYS_LOGIN_RATE_ACCOUNT", "5/15m")
