"""Helpers shared by the tests, imported explicitly (conftest files hold only fixtures)."""

import threading
from collections.abc import Callable

from django.db import close_old_connections
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from meldcode.accounts import services
from meldcode.accounts.models import User

PASSWORD = "correct horse battery staple"


def verify_session(client: Client, user: User) -> None:
    """Log ``user`` in on ``client`` with both factors, as after a real login."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = services.totp_device_create(user=user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def run_together(count: int, work: Callable[[], object]) -> list[object]:
    """Run ``work`` in ``count`` threads released at once; return results or exceptions."""
    barrier = threading.Barrier(count)
    results: list[object] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(work())
        except Exception as error:
            results.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
