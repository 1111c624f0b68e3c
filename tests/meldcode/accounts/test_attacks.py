"""Accounts under attack: device cookies, parallel guessing, and no account enumeration."""

import re
import threading
import time
from datetime import timedelta
from typing import Any

import pytest
import requests
from django.contrib.auth.backends import ModelBackend
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.fixtures import Settings

from meldcode import settings as project_settings
from meldcode.accounts import services
from meldcode.accounts.device_cookies import COOKIE_PATH, cookie_name
from meldcode.accounts.models import DeviceCookie, ThrottleBucket, User
from tests.helpers import PASSWORD

LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:verify")


def current_code(user: User) -> str:
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def full_login(client: Client, user: User) -> None:
    """Log in with password and code, as the owner does in their own browser."""
    assert client.post(LOGIN, {"username": user.email, "password": PASSWORD}).status_code == 302
    TOTPDevice.objects.filter(user=user).update(last_t=-1)
    assert client.post(VERIFY, {"token": current_code(user)})["Location"] == reverse("home")


def timed_login(email: str) -> float:
    """Return how long a fresh browser waits for a refused login."""
    start = time.perf_counter()
    Client().post(LOGIN, {"username": email, "password": "wrong but long enough"})
    return time.perf_counter() - start


def wrong_password(client: Client, user: User) -> int:
    return client.post(LOGIN, {"username": user.email, "password": "not the password"}).status_code


@pytest.mark.django_db
class TestDeviceCookies:
    def test_a_full_login_issues_a_signed_httponly_cookie_for_the_account(
        self, client: Client, clinician: User, settings: Settings
    ) -> None:
        settings.SESSION_COOKIE_SECURE = True
        full_login(client, clinician)
        cookie = client.cookies[cookie_name(clinician.email)]
        assert cookie["httponly"]
        assert cookie["secure"]
        assert cookie["path"] == COOKIE_PATH
        assert int(cookie["max-age"]) == 180 * 24 * 3600
        assert clinician.email not in cookie.key + cookie.value
        assert DeviceCookie.objects.filter(user=clinician).count() == 1

    def test_a_stranger_cannot_lock_the_owner_out_of_their_browser(
        self, client: Client, clinician: User, settings: Settings
    ) -> None:
        full_login(client, clinician)
        client.post(reverse("accounts:logout"))
        stranger = Client()
        for _ in range(settings.LOGIN_FAILURE_LIMIT + 3):
            wrong_password(stranger, clinician)
        # The stranger is refused even with the right password...
        assert (
            stranger.post(LOGIN, {"username": clinician.email, "password": PASSWORD}).status_code
            == 200
        )
        # ...the owner's browser, with its device cookie, logs in.
        response = client.post(LOGIN, {"username": clinician.email, "password": PASSWORD})
        assert response["Location"] == VERIFY

    def test_a_device_cookie_has_a_limit_of_its_own(
        self, client: Client, clinician: User, settings: Settings
    ) -> None:
        settings.LOGIN_DEVICE_LIMIT = 3
        full_login(client, clinician)
        client.post(reverse("accounts:logout"))
        for _ in range(3):
            wrong_password(client, clinician)
        response = client.post(LOGIN, {"username": clinician.email, "password": PASSWORD})
        assert response.status_code == 200
        assert response.context["form"].errors.as_data()["__all__"][0].code == "invalid_login"

    def test_a_cookie_is_bound_to_its_account_and_its_signature(
        self, client: Client, clinician: User, make_user: Any, settings: Settings
    ) -> None:
        full_login(client, clinician)
        client.post(reverse("accounts:logout"))
        other = make_user(with_device=True)
        value = client.cookies[cookie_name(clinician.email)].value
        # The owner's cookie under another account's name does not help that account.
        attacker = Client()
        attacker.cookies[cookie_name(other.email)] = value
        attacker.cookies[cookie_name(clinician.email)] = value[:-2] + "xx"
        for _ in range(settings.LOGIN_FAILURE_LIMIT + 1):
            wrong_password(attacker, other)
            wrong_password(attacker, clinician)
        for user in (other, clinician):
            response = attacker.post(LOGIN, {"username": user.email, "password": PASSWORD})
            assert response.status_code == 200

    @pytest.mark.parametrize("how", ["logout_everywhere", "password", "authenticator"])
    def test_cookies_are_revoked(
        self, how: str, verified_client: Client, clinician: User, settings: Settings
    ) -> None:
        client = Client()
        full_login(client, clinician)
        nonce = DeviceCookie.objects.get(user=clinician).nonce
        if how == "logout_everywhere":
            verified_client.post(reverse("accounts:logout_everywhere"))
        elif how == "password":
            clinician.set_password("een heel ander lang wachtwoord")
            clinician.save()
        else:
            TOTPDevice.objects.filter(user=clinician).delete()
        assert not DeviceCookie.objects.filter(nonce=nonce).exists()


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_wrong_passwords_run_at_most_the_limit_of_hashes(
    live_server: Any, make_user: Any, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = make_user(with_device=True)
    hashed = []
    lock = threading.Lock()
    real = ModelBackend.authenticate

    def counting(self: ModelBackend, *args: Any, **kwargs: Any) -> Any:
        with lock:
            hashed.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", counting)
    sessions = []
    for _ in range(20):
        session = requests.Session()
        page = session.get(f"{live_server.url}{LOGIN}", timeout=10)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token
        sessions.append((session, token.group(1)))
    barrier = threading.Barrier(len(sessions))
    statuses: list[int] = []

    def attempt(session: requests.Session, token: str) -> None:
        barrier.wait()
        response = session.post(
            f"{live_server.url}{LOGIN}",
            data={"username": user.email, "password": "wrong", "csrfmiddlewaretoken": token},
            headers={"Referer": live_server.url},
            allow_redirects=False,
            timeout=30,
        )
        with lock:
            statuses.append(response.status_code)

    threads = [threading.Thread(target=attempt, args=pair) for pair in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 20
    assert len(hashed) <= settings.LOGIN_FAILURE_LIMIT
    # No attempt was lost: every one of them was counted.
    account = ThrottleBucket.objects.get(key__startswith="account:")
    assert account.count == 20


def normalised(html: str, *typed: str) -> str:
    """Blank out what differs by design: the CSRF token and the address typed."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", html)
    for value in typed:
        html = html.replace(value, "TYPED")
    return html


@pytest.mark.django_db
def test_unknown_wrong_locked_and_throttled_answer_alike(
    make_user: Any, settings: Settings
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 2
    known = make_user(with_device=True, email="known@example.org")
    locked = make_user(with_device=True, email="locked@example.org")
    for _ in range(3):
        wrong_password(Client(), locked)

    def answer(email: str, password: str) -> tuple[int, str]:
        response = Client().post(LOGIN, {"username": email, "password": password})
        return response.status_code, normalised(response.content.decode(), email)

    unknown = answer("nobody@example.org", "whatever it is")
    wrong = answer(known.email, "whatever it is")
    refused = answer(locked.email, PASSWORD)
    assert unknown == wrong == refused
    assert unknown[0] == 200
    # A throttled unknown identifier answers the same as well.
    for _ in range(3):
        answer("ghost@example.org", "x")
    assert answer("ghost@example.org", "x") == unknown


@pytest.mark.django_db
def test_an_unknown_account_takes_as_long_as_a_wrong_password(
    make_user: Any, settings: Settings
) -> None:
    # The real hasher: its cost is what could give an account away.
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    settings.LOGIN_FAILURE_LIMIT = 1000
    settings.LOGIN_ADDRESS_LIMIT = 1000
    known = make_user(with_device=True)
    known.set_password(PASSWORD)
    known.save()

    # Interleaved, so that a busy machine slows both kinds alike.
    unknown, wrong = [], []
    for n in range(9):
        unknown.append(timed_login(f"nobody{n}@example.org"))
        wrong.append(timed_login(known.email))
    # The fastest of each kind is its own cost: a busy machine only adds time.
    ratio = min(unknown) / min(wrong)
    assert 0.75 < ratio < 1.33, f"unknown {min(unknown):.3f}s, wrong {min(wrong):.3f}s"


@pytest.mark.django_db
def test_an_old_count_decays_with_its_window(clinician: User) -> None:
    services.login_attempt_record(identifier=clinician.email, address="10.0.0.1", device=None)
    ThrottleBucket.objects.update(count=4, window_ends=timezone.now() - timedelta(seconds=1))
    refusal = services.login_attempt_record(
        identifier=clinician.email, address="10.0.0.1", device=None
    )
    assert refusal is None
    assert set(ThrottleBucket.objects.values_list("count", "strikes")) == {(1, 0)}


@pytest.mark.django_db
def test_an_exceeded_window_makes_the_next_one_longer(settings: Settings) -> None:
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.LOGIN_ADDRESS_LIMIT = 1000
    start = timezone.now()

    def attempt(at: Any) -> Any:
        return services.login_attempt_record(
            identifier="x@example.org", address="10.0.0.1", device=None, now=at
        )

    def account() -> ThrottleBucket:
        return ThrottleBucket.objects.get(key__startswith="account:")

    for _ in range(3):
        refusal = attempt(start)
    assert refusal is not None
    assert refusal.until == start + timedelta(minutes=15)
    # The next window, after an exceeded one, lasts twice as long...
    second = start + timedelta(minutes=15)
    for _ in range(3):
        refusal = attempt(second)
    assert refusal is not None
    assert refusal.until == second + timedelta(minutes=30)
    assert account().strikes == 1
    # ...and a window within the limit brings it back to the start.
    third = second + timedelta(minutes=30)
    assert attempt(third) is None
    fourth = third + timedelta(minutes=60)
    assert attempt(fourth) is None
    assert (account().count, account().strikes) == (1, 0)
    assert account().window_ends == fourth + timedelta(minutes=15)


@pytest.mark.django_db
def test_a_throttled_account_and_a_throttled_unknown_identifier_take_as_long(
    make_user: Any, settings: Settings
) -> None:
    # Throttled attempts are refused before the hash, for accounts that exist
    # and for identifiers that do not: their speed tells nothing either.
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    settings.LOGIN_FAILURE_LIMIT = 1
    settings.LOGIN_ADDRESS_LIMIT = 1000
    known = make_user(with_device=True)

    for email in (known.email, "nobody@example.org"):
        timed_login(email)  # the one attempt the limit allows
    # Interleaved, and the fastest of each kind compared: a busy machine only
    # adds time, and a hash for one kind alone would make it many times slower.
    throttled_known: list[float] = []
    throttled_unknown: list[float] = []
    for _ in range(9):
        throttled_known.append(timed_login(known.email))
        throttled_unknown.append(timed_login("nobody@example.org"))
    ratio = min(throttled_known) / min(throttled_unknown)
    assert 0.67 < ratio < 1.5, (
        f"known {min(throttled_known):.4f}s, unknown {min(throttled_unknown):.4f}s"
    )


@pytest.mark.django_db
def test_an_account_with_an_old_pbkdf2_hash_does_not_stand_out(
    make_user: Any, settings: Settings
) -> None:
    from django.contrib.auth.hashers import make_password

    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    settings.LOGIN_FAILURE_LIMIT = 1000
    settings.LOGIN_ADDRESS_LIMIT = 1000
    old = make_user(with_device=True)
    User.objects.filter(pk=old.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))

    # Interleaved, so that a busy machine slows both kinds alike.
    legacy, unknown = [], []
    for n in range(7):
        legacy.append(timed_login(old.email))
        unknown.append(timed_login(f"nobody{n}@example.org"))
    # The fastest of each kind is its own cost: a busy machine only adds time.
    ratio = min(legacy) / min(unknown)
    assert 0.67 < ratio < 1.5, f"legacy {min(legacy):.3f}s, unknown {min(unknown):.3f}s"


@pytest.mark.django_db
def test_a_full_login_rotates_the_browsers_device_cookie(client: Client, clinician: User) -> None:
    full_login(client, clinician)
    first = client.cookies[cookie_name(clinician.email)].value
    client.post(reverse("accounts:logout"))
    full_login(client, clinician)
    assert client.cookies[cookie_name(clinician.email)].value != first
    assert DeviceCookie.objects.filter(user=clinician).count() == 1


@pytest.mark.django_db
def test_log_out_everywhere_keeps_the_acting_browser_safe(
    clinician: User, settings: Settings
) -> None:
    owner, elsewhere = Client(), Client()
    full_login(owner, clinician)
    full_login(elsewhere, clinician)
    owner.post(reverse("accounts:logout_everywhere"))
    # The other browser's cookie is gone; the owner's browser holds a new one.
    assert DeviceCookie.objects.filter(user=clinician).count() == 1
    stranger = Client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT + 2):
        wrong_password(stranger, clinician)
    response = owner.post(LOGIN, {"username": clinician.email, "password": PASSWORD})
    assert response["Location"] == VERIFY
    assert (
        elsewhere.post(LOGIN, {"username": clinician.email, "password": PASSWORD}).status_code
        == 200
    )


@pytest.mark.django_db
def test_old_throttles_and_expired_device_cookies_are_purged(clinician: User) -> None:
    from django.core.management import call_command

    now = timezone.now()
    ThrottleBucket.objects.create(key="account:old", count=9, window_ends=now - timedelta(days=2))
    ThrottleBucket.objects.create(key="account:current", count=9, window_ends=now)
    DeviceCookie.objects.create(user=clinician, nonce="old", expires_at=now - timedelta(days=1))
    DeviceCookie.objects.create(user=clinician, nonce="new", expires_at=now + timedelta(days=1))
    call_command("purge_logins")
    assert list(ThrottleBucket.objects.values_list("key", flat=True)) == ["account:current"]
    assert list(DeviceCookie.objects.values_list("nonce", flat=True)) == ["new"]


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["²²²²²²", "١٢٣٤٥٦", "12345\uff16"])
def test_codes_in_other_digits_are_wrong_codes_not_errors(
    client: Client, clinician: User, token: str
) -> None:
    client.post(LOGIN, {"username": clinician.email, "password": PASSWORD})
    response = client.post(VERIFY, {"token": token})
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["token"][0].code == "invalid"
