"""A login flood against gunicorn with several sync workers, on the loopback address.

Throttled attempts never run the password hash, the health check stays fast
while the flood lasts, the throttle survives a restart of the server, and
the owner's browser with its device cookie still logs in.
"""

import statistics
import threading
import time
from typing import Any

import pytest
import requests
from django.contrib.auth.hashers import make_password
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.fixtures import Settings

from meldcode.accounts.models import User
from tests.helpers import PASSWORD
from tests.servers.gunicorn import Server, gunicorn

LIMIT = 20
FLOOD = 120
THREADS = 4
ENV = {"LOGIN_ADDRESS_LIMIT": str(LIMIT), "LOGIN_FAILURE_LIMIT": "5"}


def flood(server: Server, count: int) -> list[int]:
    """Post ``count`` logins for unknown addresses from a few parallel clients."""
    statuses: list[int] = []
    lock = threading.Lock()
    per_thread = count // THREADS

    def run(n: int) -> None:
        session, token = server.login_session()
        for i in range(per_thread):
            response = session.post(
                f"{server.url}/accounts/login/",
                data={
                    "username": f"nobody{n}-{i}@example.org",
                    "password": "a long wrong password",
                    "csrfmiddlewaretoken": token,
                },
                headers={"Referer": server.url},
                allow_redirects=False,
                timeout=60,
            )
            with lock:
                statuses.append(response.status_code)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def healthz_times(server: Server, stop: threading.Event, times: list[float]) -> None:
    while not stop.is_set():
        start = time.perf_counter()
        requests.get(f"{server.url}/healthz", timeout=30)
        times.append(time.perf_counter() - start)
        time.sleep(0.05)


def password_login(server: Server, session: requests.Session, email: str) -> requests.Response:
    """Post the login form with ``email`` and the right password from ``session``."""
    page = session.get(f"{server.url}/accounts/login/", timeout=10)
    token = page.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    return session.post(
        f"{server.url}/accounts/login/",
        data={"username": email, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": server.url},
        allow_redirects=False,
        timeout=30,
    )


def full_login(server: Server, user: User) -> requests.Session:
    """Log in with password and code over HTTP; return the browser with its device cookie."""
    session = requests.Session()
    response = password_login(server, session, user.email)
    assert response.status_code == 302, response.status_code
    device = TOTPDevice.objects.get(user=user)
    page = session.get(f"{server.url}/accounts/verify/", timeout=10)
    token = page.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    code = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
    response = session.post(
        f"{server.url}/accounts/verify/",
        data={"token": code, "csrfmiddlewaretoken": token},
        headers={"Referer": server.url},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302
    csrf = str(session.cookies.get("csrftoken") or "")
    session.post(
        f"{server.url}/accounts/logout/",
        data={"csrfmiddlewaretoken": csrf},
        headers={"Referer": server.url, "X-CSRFToken": csrf},
        timeout=10,
    )
    return session


@pytest.mark.django_db(transaction=True)
def test_a_login_flood_is_refused_before_the_hash_and_the_site_stays_up(
    make_user: Any, settings: Settings
) -> None:
    settings.PASSWORD_HASHERS = ["meldcode.accounts.hashers.Argon2PasswordHasher"]
    owner = make_user(with_device=True)
    User.objects.filter(pk=owner.pk).update(password=make_password(PASSWORD))
    with gunicorn(workers=3, env=ENV) as server:
        browser = full_login(server, owner)
        before = server.hashes()
        assert before >= 1, "the workers' hashes are not being counted"
        # The attempts the address limit allows are hashed; once it is
        # reached, the site must stay fast for everyone else.
        statuses = flood(server, LIMIT)
        stop = threading.Event()
        times: list[float] = []
        probe = threading.Thread(target=healthz_times, args=(server, stop, times))
        probe.start()
        statuses += flood(server, FLOOD - LIMIT)
        stop.set()
        probe.join()
        hashed = server.hashes() - before
        refused = statuses.count(429)
        p95 = statistics.quantiles(times, n=20)[-1]
        print(f"hashed={hashed} refused={refused} healthz_p95={p95:.3f}s")
        # One login for the owner counted against the address too.
        assert refused >= FLOOD - LIMIT
        assert hashed <= LIMIT
        assert p95 < 0.5, f"/healthz p95 was {p95:.3f} s during the flood"

    # A restart forgets nothing: the address is still throttled...
    with gunicorn(workers=3, env=ENV) as server:
        session, token = server.login_session()
        response = session.post(
            f"{server.url}/accounts/login/",
            data={"username": "late@example.org", "password": "x", "csrfmiddlewaretoken": token},
            headers={"Referer": server.url},
            allow_redirects=False,
            timeout=30,
        )
        assert response.status_code == 429
        # ...and the owner's browser, with its device cookie, still logs in.
        response = password_login(server, browser, owner.email)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/accounts/verify/")
