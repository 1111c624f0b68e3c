"""The demo command prepares everything a newcomer needs, and can run twice."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from meldcode.accounts.models import Role, User
from meldcode.management.commands.demo import DEMO_ACCOUNTS, DEMO_PASSWORD


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_creates_an_account_for_every_role_and_prints_how_to_log_in(settings) -> None:
    settings.DEBUG = True
    output = run_demo()
    assert User.objects.count() == len(DEMO_ACCOUNTS)
    from signals.catalogue import load
    from signals.models import CatalogueVersion

    assert CatalogueVersion.objects.filter(version=load().version).exists()
    assert f"Catalogue {load().version}" in output
    for role in Role:
        assert Group.objects.get(name=role.value).user_set.exists(), role
    assert User.objects.filter(is_staff=True, is_superuser=True).exists()
    assert User.objects.get(email="veiligthuis@demo.meldwijzer.nl").region is not None
    professions = set(User.objects.values_list("profession", flat=True))
    assert {"huisarts", "verpleegkundige"} <= professions
    for user in User.objects.all():
        assert user.check_password(DEMO_PASSWORD)
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        import base64

        secret = base64.b32encode(device.bin_key).decode()
        line = next(line for line in output.splitlines() if line.startswith(user.email))
        assert DEMO_PASSWORD in line
        assert secret in line
        # The printed secret yields the codes the server accepts.
        code = totp(base64.b32decode(secret))
        assert device.verify_token(f"{code:06d}")


@pytest.mark.django_db
def test_demo_twice_neither_fails_nor_duplicates_and_keeps_the_secrets(settings) -> None:
    settings.DEBUG = True
    first = run_demo()
    second = run_demo()
    assert User.objects.count() == len(DEMO_ACCOUNTS)
    assert TOTPDevice.objects.count() == len(DEMO_ACCOUNTS)
    assert first.splitlines()[-len(DEMO_ACCOUNTS) :] == second.splitlines()[-len(DEMO_ACCOUNTS) :]


@pytest.mark.django_db
def test_demo_refuses_to_run_in_production(settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        run_demo()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_demo_gives_the_learner_a_valid_and_a_revoked_certificate_and_prints_their_urls(
    settings,
) -> None:
    from django.utils import timezone

    from elearning.links import verify_url
    from elearning.models import Certificate, Cohort

    settings.DEBUG = True
    output = run_demo()
    learner = User.objects.get(email="learner@demo.meldwijzer.nl")
    certificates = list(Certificate.objects.filter(user=learner).order_by("pk"))
    today = timezone.localdate()
    assert [c.state(today) for c in certificates] == ["valid", "revoked"]
    for certificate in certificates:
        assert verify_url(certificate.code) in output
        assert verify_url(certificate.code).startswith(settings.SITE_URL)
    trainer = User.objects.get(email="trainer@demo.meldwijzer.nl")
    cohort = Cohort.objects.get(trainer=trainer)
    assert cohort.memberships.filter(user=learner).exists()
    # Running it again issues nothing new.
    run_demo()
    assert Certificate.objects.filter(user=learner).count() == 2
