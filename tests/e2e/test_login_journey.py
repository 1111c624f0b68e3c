"""The login journey of a new clinician, in a real browser (issue 2).

A clinician without an authenticator logs in with a password, sets up the
authenticator from the key on the enrolment page, keeps the backup codes,
reaches the home page, switches language, logs out, and logs in again with a
wrong code and then a backup code. axe-core checks every page on the way.

Fields and buttons are found by name, id, URL or ``data-testid``, never by
their visible text: the texts are translated and may change.
"""

import base64
import hashlib
import hmac
import re
import struct
import time
from datetime import datetime
from urllib.parse import urlsplit

from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from meldcode.accounts import services
from meldcode.accounts.models import Role, User

from .conftest import axe_check

EMAIL = "anouk.devries@example.org"
PASSWORD = "een lang en geheim wachtwoord"
FULL_NAME = "Dr. Anouk de Vries"
ERROR = '[role="alert"], .field__errors'


def totp(secret_b32: str, at: float | datetime | None = None) -> str:
    """Return the 6-digit RFC 6238 code (SHA-1, 30-second step) of a base32 key."""
    key = base64.b32decode(secret_b32.upper() + "=" * (-len(secret_b32) % 8))
    if at is None:
        at = time.time()
    elif isinstance(at, datetime):
        at = at.timestamp()
    counter = int(at // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    (number,) = struct.unpack(">I", digest[offset : offset + 4])
    return f"{(number & 0x7FFFFFFF) % 1_000_000:06d}"


def create_clinician() -> User:
    """Create the clinician of these tests, with a password and no authenticator yet."""
    # Transactional tests flush the database, so the role groups made by the
    # data migration may be gone; make sure the clinician group exists.
    Group.objects.get_or_create(name=Role.CLINICIAN.value)
    user = services.user_create(
        email=EMAIL,
        password=PASSWORD,
        full_name=FULL_NAME,
        profession="huisarts",
        roles=[Role.CLINICIAN],
    )
    assert user.has_role(Role.CLINICIAN)
    return user


def path_of(page: Page) -> str:
    """Return the path of the page's URL, without query string."""
    return urlsplit(page.url).path


def expect_path(page: Page, path: str) -> None:
    """Wait until the browser shows ``path`` (any query string allowed)."""
    expect(page).to_have_url(re.compile(rf"^[^?#]*://[^/]+{re.escape(path)}(\?.*)?$"))


def submit(page: Page, field_id: str) -> None:
    """Click the submit button of the form that holds the field ``field_id``."""
    page.locator(f"form:has(#{field_id})").locator('button[type="submit"]').click()


def log_in_with_password(page: Page) -> None:
    """Fill in and send the login form that the page shows."""
    page.locator('input[name="username"]').fill(EMAIL)
    page.locator('input[name="password"]').fill(PASSWORD)
    submit(page, "id_password")


def a_wrong_code(secret_b32: str) -> str:
    """Return a 6-digit code that the device would refuse around now."""
    now = time.time()
    valid = {totp(secret_b32, now + 30 * k) for k in range(-3, 4)}
    return next(code for code in ("000000", "111111", "999999", "123456") if code not in valid)


def test_totp_helper_follows_rfc_6238() -> None:
    # RFC 6238, appendix B (SHA-1 key "12345678901234567890"), last 6 of 8 digits.
    secret = base64.b32encode(b"12345678901234567890").decode()
    assert totp(secret, 59) == "287082"
    assert totp(secret, 1111111109) == "081804"
    assert totp(secret, 1234567890) == "005924"
    assert totp(secret, datetime.fromtimestamp(2000000000).astimezone()) == "279037"
    # And it agrees with django-otp's own implementation for another key.
    raw = bytes(range(20))
    for at in (0, 1_700_000_000, 2_000_000_015):
        oath = TOTP(raw, step=30, t0=0, digits=6)
        oath.time = at
        assert totp(base64.b32encode(raw).decode(), at) == f"{oath.token():06d}"


def test_new_clinician_enrols_switches_language_and_logs_in_with_a_backup_code(
    page: Page,
) -> None:
    user = create_clinician()
    assert not TOTPDevice.objects.filter(user=user).exists()
    login, enrol, verify = (reverse(f"accounts:{n}") for n in ("login", "enrol", "verify"))
    security, logout, home = reverse("accounts:security"), reverse("accounts:logout"), "/"
    html = page.locator("html")

    # The site root sends an anonymous visitor to the login page, in Dutch.
    page.goto(home)
    expect_path(page, login)
    expect(html).to_have_attribute("lang", "nl")
    axe_check(page, label="login page")

    # The password is right and there is no authenticator yet: enrolment.
    log_in_with_password(page)
    expect_path(page, enrol)
    expect(page.locator("svg").first).to_be_visible()
    secret_element = page.locator('[data-testid="totp-secret"]')
    expect(secret_element).to_be_visible()
    written_key = secret_element.inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{1,4})*", written_key), written_key
    secret = written_key.replace(" ", "")
    axe_check(page, label="enrolment page")

    page.locator("#id_token").fill(totp(secret))
    submit(page, "id_token")

    # The authenticator is set up: ten backup codes, shown once.
    expect_path(page, security)
    code_elements = page.locator('[data-testid="backup-codes"] code')
    expect(code_elements).to_have_count(10)
    backup_codes = [text.strip() for text in code_elements.all_inner_texts()]
    assert len(set(backup_codes)) == 10
    assert all(backup_codes), backup_codes
    axe_check(page, label="backup codes page")

    codes_section = page.locator("section", has=page.locator('[data-testid="backup-codes"]'))
    codes_section.locator("a[href]").click()
    expect_path(page, home)
    expect(page.locator("#main")).to_contain_text(FULL_NAME)
    expect(html).to_have_attribute("lang", "nl")
    axe_check(page, label="home page (Dutch)")

    # Switch to English and back to Dutch; the page stays the home page.
    page.locator('button[name="language"][value="en"]').click()
    expect(html).to_have_attribute("lang", "en")
    expect_path(page, home)
    expect(page.locator("#main")).to_contain_text(FULL_NAME)
    axe_check(page, label="home page (English)")

    page.locator('button[name="language"][value="nl"]').click()
    expect(html).to_have_attribute("lang", "nl")
    expect_path(page, home)

    # Log out: back to the login page, and the home page is closed again.
    page.locator(f'form[action="{logout}"] button[type="submit"]').click()
    expect_path(page, login)
    axe_check(page, label="login page after logout")
    page.goto(home)
    expect_path(page, login)

    # Log in again: the device is confirmed, so verification instead of enrolment.
    log_in_with_password(page)
    expect_path(page, verify)
    expect(page.locator("#id_token")).to_be_visible()
    expect(page.locator(ERROR)).to_have_count(0)
    axe_check(page, label="verify page")

    page.locator("#id_token").fill(a_wrong_code(secret))
    submit(page, "id_token")
    expect(page.locator(ERROR).first).to_be_visible()
    expect_path(page, verify)
    axe_check(page, label="verify page with an error")

    # A backup code is its own device, free of the wrong code's throttling.
    backup_code = backup_codes[0]
    page.locator("#id_token").fill(backup_code)
    submit(page, "id_token")
    expect_path(page, home)
    expect(page.locator("#main")).to_contain_text(FULL_NAME)


def test_after_a_wrong_password_and_a_wrong_code_the_user_reaches_the_page_asked_for(
    page: Page,
) -> None:
    user = create_clinician()
    device = services.totp_device_create(user=user)
    secret = base64.b32encode(device.bin_key).decode()
    backup_code = services.backup_codes_regenerate(user=user)[0]
    login, verify, security = (reverse(f"accounts:{n}") for n in ("login", "verify", "security"))

    page.goto(security)
    expect_path(page, login)

    page.locator('input[name="username"]').fill(EMAIL)
    page.locator('input[name="password"]').fill("not the password")
    submit(page, "id_password")
    expect(page.locator(ERROR).first).to_be_visible()
    axe_check(page, label="login page with an error")

    with page.expect_navigation():
        log_in_with_password(page)
    assert path_of(page) == verify

    page.locator("#id_token").fill(a_wrong_code(secret))
    submit(page, "id_token")
    expect(page.locator(ERROR).first).to_be_visible()

    page.locator("#id_token").fill(backup_code)
    with page.expect_navigation():
        submit(page, "id_token")
    assert path_of(page) == security, f"expected {security} after login, got {page.url}"
