"""A real PKCS#11 token for the key-store tests: Debian's SoftHSM2, initialised by the test run.

Each pytest process (each xdist worker) gets its own token directory under its temporary directory,
named by its own ``SOFTHSM2_CONF``, which the SoftHSM2 module reads once, when the process first
loads it. Under ``CI=true`` a missing SoftHSM2 is a failure, never a skip (``make test`` installs it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pkcs11
import pytest

from casys.attestations.pkcs11 import DEFAULT_MODULE, Pkcs11Token

IN_CI = os.environ.get("CI", "").lower() == "true"
SOFTHSM_MODULE = os.environ.get("CASYS_TEST_SOFTHSM_MODULE", DEFAULT_MODULE)
TOKEN_LABEL = "casys-test"
USER_PIN = "4711-user"  # a throwaway PIN of a throwaway token; casys itself reads it from CASYS_PKCS11_PIN
SO_PIN = "4711-so"


def _require_softhsm() -> str:
    util = shutil.which("softhsm2-util")
    if util is None or not os.path.isfile(SOFTHSM_MODULE):
        message = f"SoftHSM2 is not installed (softhsm2-util, {SOFTHSM_MODULE})"
        if IN_CI:
            pytest.fail(message + " (CI=true: a missing component is a failure)")
        pytest.skip(message + " — install Debian's softhsm2 (make test does)")
    return util


@pytest.fixture(scope="session")
def softhsm_token(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pkcs11Token]:
    """One initialised SoftHSM2 token per test process, in a temporary directory."""
    util = _require_softhsm()
    root = tmp_path_factory.mktemp("softhsm")
    (root / "tokens").mkdir()
    conf = root / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {root / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n",
        encoding="utf-8",
    )
    before = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)  # the module in this process reads it when first loaded
    subprocess.run(
        [util, "--init-token", "--free", "--label", TOKEN_LABEL, "--pin", USER_PIN, "--so-pin", SO_PIN],
        check=True,
        capture_output=True,
    )
    # Had the module been loaded before (another test, another configuration), it would not see
    # the new token: start it afresh so that it reads this SOFTHSM2_CONF.
    pkcs11.lib(SOFTHSM_MODULE).reinitialize()
    yield Pkcs11Token(module=SOFTHSM_MODULE, label=TOKEN_LABEL, pin=USER_PIN)
    if before is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = before


@pytest.fixture
def token(softhsm_token: Pkcs11Token) -> Pkcs11Token:
    """The test process's SoftHSM2 token (module, label, user PIN)."""
    return softhsm_token


@pytest.fixture(autouse=True)
def data_dir(settings: Any, tmp_path: Any) -> Any:
    """A fresh DATA_DIR per test, set before any body is made, so each body's key is created there."""
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR
