"""Helpers shared by the tests, imported explicitly (conftest files hold only fixtures)."""

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
