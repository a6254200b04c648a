"""CASYS_JOBS_CACHE_URL: where a running job's progress is shared (one machine: files; web server
and worker apart: Redis or memcached); a value casys cannot use is refused, naming the variable."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from casys.project.config import env_jobs_cache

NAME = "CASYS_JOBS_CACHE_URL"


def test_unset_the_progress_is_kept_in_files_under_the_data_directory(monkeypatch):
    monkeypatch.delenv(NAME, raising=False)
    assert env_jobs_cache(NAME, Path("/srv/casys/var")) == {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": "/srv/casys/var/cache/jobs",
    }


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        (
            "redis://cache.internal:6379/1",
            "django.core.cache.backends.redis.RedisCache",
            "redis://cache.internal:6379/1",
        ),
        (
            "rediss://cache.internal:6380/0",
            "django.core.cache.backends.redis.RedisCache",
            "rediss://cache.internal:6380/0",
        ),
        (
            "memcached://cache.internal:11211",
            "django.core.cache.backends.memcached.PyMemcacheCache",
            "cache.internal:11211",
        ),
    ],
)
def test_a_shared_cache_is_named_by_its_url(monkeypatch, url, backend, location):
    monkeypatch.setenv(NAME, url)
    assert env_jobs_cache(NAME, Path("/var")) == {"BACKEND": backend, "LOCATION": location}


@pytest.mark.parametrize("url", ["database", "redis://", "http://cache:80", "memcached:cache"])
def test_a_cache_casys_cannot_use_is_refused_naming_the_variable(monkeypatch, url):
    monkeypatch.setenv(NAME, url)
    with pytest.raises(ImproperlyConfigured, match=f"^{NAME}: expected redis://"):
        env_jobs_cache(NAME, Path("/var"))


def test_the_test_settings_keep_the_default_file_cache(settings):
    assert settings.CACHES["jobs"]["BACKEND"].endswith("FileBasedCache")
    assert settings.CACHES["jobs"]["LOCATION"] == str(Path(settings.DATA_DIR) / "cache" / "jobs")
