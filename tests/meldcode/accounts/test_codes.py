"""The code step: each code works once, even under concurrency; wrong codes wait, capped."""

import re
import threading
from datetime import timedelta
from typing import Any

import pytest
import requests
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from meldcode.accounts import services
from meldcode.accounts.models import BackupCode, User
from meldcode.accounts.rules import CODE_DELAY_CAP, code_allowed_from, code_delay
from tests.helpers import PASSWORD

PARALLEL = 10


@pytest.mark.parametrize(
    ("failures", "seconds"),
    [(0, 0), (1, 1), (2, 2), (3, 4), (10, 512), (11, 900), (12, 900), (40, 900), (10_000, 900)],
)
def test_the_wait_after_wrong_codes_doubles_up_to_fifteen_minutes(
    failures: int, seconds: int
) -> None:
    assert code_delay(failures) == timedelta(seconds=seconds)
    assert code_delay(failures) <= CODE_DELAY_CAP


def test_a_code_may_be_tried_again_after_the_wait() -> None:
    last = timezone.now()
    assert code_allowed_from(0, None) is None
    assert code_allowed_from(3, last) == last + timedelta(seconds=4)


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


@pytest.mark.django_db
def test_even_after_many_wrong_codes_the_wait_ends(client: Client, clinician: User) -> None:
    device = TOTPDevice.objects.get(user=clinician)
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=60,
        throttling_failure_timestamp=timezone.now() - CODE_DELAY_CAP - timedelta(seconds=1),
    )
    client.post(reverse("accounts:login"), {"username": clinician.email, "password": PASSWORD})
    response = client.post(reverse("accounts:verify"), {"token": current_code(device)})
    assert response["Location"] == reverse("home")


@pytest.mark.django_db
def test_wrong_codes_after_a_correct_password_are_told_at_the_next_login(
    client: Client, clinician: User
) -> None:
    device = TOTPDevice.objects.get(user=clinician)
    wrong = "000000" if current_code(device) != "000000" else "111111"
    client.post(reverse("accounts:login"), {"username": clinician.email, "password": PASSWORD})
    client.post(reverse("accounts:verify"), {"token": wrong})
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    response = client.post(reverse("accounts:verify"), {"token": current_code(device)}, follow=True)
    texts = [str(m) for m in response.context["messages"]]
    assert any("1 keer een verkeerde code" in text for text in texts)
    clinician.refresh_from_db()
    assert clinician.codes_failed_after_password == 0


def password_only_session(live_server: Any, user: User) -> requests.Session:
    """Return an HTTP session that passed the password step, with its CSRF token ready."""
    client = Client()
    client.force_login(user)
    session = requests.Session()
    session.cookies.set(
        settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value
    )
    page = session.get(f"{live_server.url}{reverse('accounts:verify')}", timeout=10)
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert match, "no CSRF token on the verification page"
    session.headers["X-CSRFToken-Form"] = match.group(1)
    return session


def post_at_once(live_server: Any, sessions: list[requests.Session], token: str) -> list[int]:
    """Post ``token`` from every session at the same moment; return the status codes."""
    barrier = threading.Barrier(len(sessions))
    statuses: list[int] = []
    lock = threading.Lock()

    def post(session: requests.Session) -> None:
        barrier.wait()
        response = session.post(
            f"{live_server.url}{reverse('accounts:verify')}",
            data={"token": token, "csrfmiddlewaretoken": session.headers["X-CSRFToken-Form"]},
            headers={"Referer": live_server.url},
            allow_redirects=False,
            timeout=30,
        )
        with lock:
            statuses.append(response.status_code)

    threads = [threading.Thread(target=post, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@pytest.mark.django_db(transaction=True)
def test_one_authenticator_code_posted_ten_times_at_once_is_accepted_once(
    live_server: Any, make_user: Any
) -> None:
    user = make_user(with_device=True)
    device = TOTPDevice.objects.get(user=user)
    sessions = [password_only_session(live_server, user) for _ in range(PARALLEL)]
    statuses = post_at_once(live_server, sessions, current_code(device))
    assert sorted(statuses) == [200] * (PARALLEL - 1) + [302]


@pytest.mark.django_db(transaction=True)
def test_one_backup_code_posted_ten_times_at_once_is_accepted_once(
    live_server: Any, make_user: Any
) -> None:
    user = make_user(with_device=True)
    codes = services.backup_codes_regenerate(user=user)
    sessions = [password_only_session(live_server, user) for _ in range(PARALLEL)]
    statuses = post_at_once(live_server, sessions, codes[0])
    assert sorted(statuses) == [200] * (PARALLEL - 1) + [302]
    assert BackupCode.objects.filter(device__user=user).count() == len(codes) - 1


@pytest.mark.django_db(transaction=True)
def test_no_wrong_code_is_lost_under_concurrency(live_server: Any, make_user: Any) -> None:
    user = make_user(with_device=True)
    device = TOTPDevice.objects.get(user=user)
    wrong = "000000" if current_code(device) != "000000" else "111111"
    sessions = [password_only_session(live_server, user) for _ in range(PARALLEL)]
    statuses = post_at_once(live_server, sessions, wrong)
    assert statuses == [200] * PARALLEL
    device.refresh_from_db()
    user.refresh_from_db()
    # One wrong code was checked and counted; it made every other attempt
    # wait, unchecked, however parallel they were.
    assert device.throttling_failure_count == user.codes_failed_after_password == 1
