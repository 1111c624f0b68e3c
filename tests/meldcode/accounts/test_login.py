"""Two-factor login: password, enrolment, codes, backup codes, throttling and sessions."""

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from meldcode.accounts import services
from meldcode.accounts.models import BackupCode, ThrottleBucket, User
from meldcode.accounts.views import PENDING_TOTP_KEY
from meldcode.security import LAST_ACTIVITY_KEY
from tests.helpers import PASSWORD, verify_session

LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:verify")
ENROL = reverse("accounts:enrol")
SECURITY = reverse("accounts:security")
HOME = reverse("home")


def current_code(device: TOTPDevice) -> str:
    """Return the device's code for now."""
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def form_error_codes(response) -> set[str]:
    """Return the codes of every error on the response's form."""
    form = response.context["form"]
    return {error.code for errors in form.errors.as_data().values() for error in errors}


def log_in_with_password(client: Client, user: User, password: str = PASSWORD, **extra):
    return client.post(LOGIN, {"username": user.email, "password": password, **extra})


def start_enrolment(client: Client, user: User) -> TOTPDevice:
    """Log in with the password and open the enrolment page; return the pending device.

    The device is not stored: its secret waits in the session.
    """
    log_in_with_password(client, user)
    client.get(ENROL)
    return services.totp_device_unsaved(user=user, key=client.session[PENDING_TOTP_KEY])


@pytest.mark.django_db
class TestPasswordStep:
    def test_a_correct_password_leads_a_user_without_device_to_enrolment(
        self, client: Client, make_user: Callable[..., User]
    ) -> None:
        user = make_user()
        response = log_in_with_password(client, user)
        assert response.status_code == 302
        assert response["Location"] == ENROL
        assert client.get(HOME)["Location"].startswith(ENROL)

    def test_a_user_with_a_device_is_asked_for_a_code(
        self, client: Client, clinician: User
    ) -> None:
        response = log_in_with_password(client, clinician)
        assert response["Location"] == VERIFY
        assert client.get(HOME)["Location"].startswith(VERIFY)

    def test_the_email_address_is_not_case_sensitive(self, client: Client, clinician: User) -> None:
        response = client.post(LOGIN, {"username": clinician.email.upper(), "password": PASSWORD})
        assert response["Location"] == VERIFY

    def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(
        self, client: Client, clinician: User
    ) -> None:
        response = log_in_with_password(client, clinician, "wrong password")
        assert response.status_code == 200
        assert form_error_codes(response) == {"invalid_login"}
        assert SESSION_KEY not in client.session

    def test_an_unknown_address_gets_the_same_message(self, client: Client, db: None) -> None:
        response = client.post(LOGIN, {"username": "nobody@example.org", "password": "x"})
        assert form_error_codes(response) == {"invalid_login"}

    def test_login_rotates_the_session_key(self, client: Client, clinician: User) -> None:
        client.get(LOGIN)
        session = client.session
        session["planted"] = True
        session.save()
        before = session.session_key
        log_in_with_password(client, clinician)
        assert client.session.session_key != before

    def test_next_is_kept_through_both_steps_but_only_when_it_is_local(
        self, client: Client, clinician: User
    ) -> None:
        response = log_in_with_password(client, clinician, next="/accounts/security/")
        assert response["Location"] == f"{VERIFY}?next=%2Faccounts%2Fsecurity%2F"
        device = TOTPDevice.objects.get(user=clinician)
        response = client.post(
            VERIFY, {"token": current_code(device), "next": "/accounts/security/"}
        )
        assert response["Location"] == "/accounts/security/"

    def test_an_outside_next_is_ignored(self, client: Client, clinician: User) -> None:
        response = log_in_with_password(client, clinician, next="https://evil.example/")
        assert response["Location"] == VERIFY
        device = TOTPDevice.objects.get(user=clinician)
        response = client.post(
            VERIFY, {"token": current_code(device), "next": "https://evil.example/"}
        )
        assert response["Location"] == HOME


@pytest.mark.django_db
class TestThrottling:
    def test_after_the_limit_the_account_refuses_alike_and_runs_no_hash(
        self, client: Client, clinician: User, settings, monkeypatch
    ) -> None:
        settings.LOGIN_FAILURE_LIMIT = 3
        for _ in range(3):
            assert form_error_codes(log_in_with_password(client, clinician, "wrong")) == {
                "invalid_login"
            }
        checked = []
        monkeypatch.setattr(
            "django.contrib.auth.backends.ModelBackend.authenticate",
            lambda *args, **kwargs: checked.append(1),
        )
        # Beyond the limit even the right password is refused, unchecked, in
        # the same words as a wrong one.
        response = log_in_with_password(client, clinician)
        assert response.status_code == 200
        assert form_error_codes(response) == {"invalid_login"}
        assert checked == []
        assert SESSION_KEY not in client.session

    def test_unknown_addresses_are_throttled_the_same_way(
        self, client: Client, db: None, settings
    ) -> None:
        settings.LOGIN_FAILURE_LIMIT = 2
        for _ in range(2):
            client.post(LOGIN, {"username": "nobody@example.org", "password": "x"})
        assert ThrottleBucket.objects.filter(key__startswith="account:").get().count == 2
        response = client.post(LOGIN, {"username": "NOBODY@example.org", "password": "x"})
        assert form_error_codes(response) == {"invalid_login"}
        assert ThrottleBucket.objects.filter(key__startswith="account:").get().count == 3

    def test_the_wait_ends_with_the_window(self, client: Client, clinician: User, settings) -> None:
        settings.LOGIN_FAILURE_LIMIT = 1
        log_in_with_password(client, clinician, "wrong")
        log_in_with_password(client, clinician, "wrong")
        ThrottleBucket.objects.update(window_ends=timezone.now() - timedelta(seconds=1))
        assert log_in_with_password(client, clinician)["Location"] == VERIFY

    def test_a_correct_password_forgets_the_accounts_attempts(
        self, client: Client, clinician: User
    ) -> None:
        log_in_with_password(client, clinician, "wrong")
        bucket = ThrottleBucket.objects.filter(key__startswith="account:").get()
        assert bucket.count == 1
        log_in_with_password(client, clinician)
        bucket.refresh_from_db()
        assert bucket.count == 0

    def test_a_flooding_address_gets_429_with_retry_after(
        self, client: Client, db: None, settings
    ) -> None:
        settings.LOGIN_ADDRESS_LIMIT = 3
        for n in range(3):
            client.post(LOGIN, {"username": f"user{n}@example.org", "password": "x"})
        response = client.post(LOGIN, {"username": "another@example.org", "password": "x"})
        assert response.status_code == 429
        assert 0 < int(response["Retry-After"]) <= 15 * 60
        assert form_error_codes(response) == {"flood"}

    def test_the_stored_keys_hold_no_address_or_email(
        self, client: Client, clinician: User
    ) -> None:
        log_in_with_password(client, clinician, "wrong")
        keys = " ".join(ThrottleBucket.objects.values_list("key", flat=True))
        assert clinician.email not in keys
        assert "127.0.0.1" not in keys


@pytest.mark.django_db
class TestEnrolment:
    def test_enrolment_shows_a_qr_code_and_the_key(
        self, client: Client, make_user: Callable[..., User]
    ) -> None:
        user = make_user()
        log_in_with_password(client, user)
        response = client.get(ENROL)
        html = response.content.decode()
        # Opening the page stores nothing; the secret waits in the session.
        assert not TOTPDevice.objects.filter(user=user).exists()
        device = services.totp_device_unsaved(user=user, key=client.session[PENDING_TOTP_KEY])
        assert "<svg" in html
        shown = response.context["secret_groups"]
        import base64

        assert base64.b32decode("".join(shown)) == device.bin_key
        # Reloading keeps the same key, so a scan made a moment ago still works.
        assert client.get(ENROL).context["secret_groups"] == shown

    def test_a_wrong_first_code_confirms_nothing(
        self, client: Client, make_user: Callable[..., User]
    ) -> None:
        device = start_enrolment(client, make_user())
        wrong = "000000" if current_code(device) != "000000" else "111111"
        response = client.post(ENROL, {"token": wrong})
        assert form_error_codes(response) == {"invalid"}
        assert not TOTPDevice.objects.filter(user=device.user).exists()
        assert client.get(HOME).status_code == 302

    def test_a_valid_first_code_confirms_and_shows_ten_backup_codes_once(
        self, client: Client, make_user: Callable[..., User]
    ) -> None:
        device = start_enrolment(client, make_user())
        code = current_code(device)
        response = client.post(ENROL, {"token": code})
        assert response["Location"] == SECURITY
        stored = TOTPDevice.objects.get(user=device.user)
        assert (stored.confirmed, stored.key) == (True, device.key)
        assert PENDING_TOTP_KEY not in client.session
        # The code that confirmed the app cannot log in a second time.
        other = Client()
        log_in_with_password(other, device.user)
        assert form_error_codes(other.post(VERIFY, {"token": code})) == {"invalid"}
        page = client.get(SECURITY)
        codes = page.context["new_codes"]
        assert len(codes) == 10
        assert len(set(codes)) == 10
        assert "no-store" in page["Cache-Control"]
        assert all(code in page.content.decode() for code in codes)
        assert client.get(SECURITY).context["new_codes"] is None
        assert client.get(HOME).status_code == 200

    def test_a_user_with_a_device_cannot_enrol_another(
        self, client: Client, clinician: User
    ) -> None:
        # Someone who knows only the password must not add their own phone.
        log_in_with_password(client, clinician)
        response = client.get(ENROL)
        assert response["Location"] == VERIFY
        response = client.post(ENROL, {"token": "123456"})
        assert response["Location"] == VERIFY
        assert TOTPDevice.objects.filter(user=clinician).count() == 1

    def test_enrolment_needs_a_password_first(self, client: Client, db: None) -> None:
        assert client.get(ENROL)["Location"] == reverse("accounts:login")


@pytest.mark.django_db
class TestVerification:
    def test_a_valid_code_verifies_the_session(self, client: Client, clinician: User) -> None:
        log_in_with_password(client, clinician)
        before = client.session.session_key
        device = TOTPDevice.objects.get(user=clinician)
        response = client.post(VERIFY, {"token": current_code(device)})
        assert response["Location"] == HOME
        assert client.get(HOME).status_code == 200
        assert client.session.session_key != before

    def test_a_code_cannot_be_used_twice(self, client: Client, clinician: User) -> None:
        device = TOTPDevice.objects.get(user=clinician)
        code = current_code(device)
        log_in_with_password(client, clinician)
        client.post(VERIFY, {"token": code})
        other = Client()
        log_in_with_password(other, clinician)
        response = other.post(VERIFY, {"token": code})
        assert form_error_codes(response) == {"invalid"}

    def test_wrong_codes_are_throttled(self, client: Client, clinician: User) -> None:
        log_in_with_password(client, clinician)
        device = TOTPDevice.objects.get(user=clinician)
        wrong = "000000" if current_code(device) != "000000" else "111111"
        assert form_error_codes(client.post(VERIFY, {"token": wrong})) == {"invalid"}
        # Straight after a wrong code even the right one is refused for a while.
        response = client.post(VERIFY, {"token": current_code(device)})
        assert form_error_codes(response) == {"throttled"}
        assert client.get(HOME).status_code == 302

    def test_a_backup_code_works_once_instead_of_a_code(
        self, client: Client, clinician: User
    ) -> None:
        from meldcode.accounts import services

        codes = services.backup_codes_regenerate(user=clinician)
        log_in_with_password(client, clinician)
        response = client.post(VERIFY, {"token": codes[0].upper()})
        assert response["Location"] == HOME
        assert BackupCode.objects.filter(device__user=clinician).count() == 9
        other = Client()
        log_in_with_password(other, clinician)
        assert form_error_codes(other.post(VERIFY, {"token": codes[0]})) == {"invalid"}

    def test_new_backup_codes_replace_the_old_ones(
        self, verified_client: Client, clinician: User
    ) -> None:
        from meldcode.accounts import services

        old = services.backup_codes_regenerate(user=clinician)
        response = verified_client.post(reverse("accounts:backup_codes"))
        assert response["Location"] == SECURITY
        new = verified_client.get(SECURITY).context["new_codes"]
        assert len(new) == 10
        stored = set(
            BackupCode.objects.filter(device__user=clinician).values_list("digest", flat=True)
        )
        assert stored == {services.backup_code_digest_for(code) for code in new}
        assert not stored & {services.backup_code_digest_for(code) for code in old}
        # Only keyed hashes are stored, never the codes themselves.
        assert not stored & set(new)

    def test_regenerating_backup_codes_needs_a_verified_session(
        self, client: Client, clinician: User
    ) -> None:
        log_in_with_password(client, clinician)
        response = client.post(reverse("accounts:backup_codes"))
        assert response.status_code == 302
        assert not StaticDevice.objects.filter(user=clinician).exists()


@pytest.mark.django_db
class TestSessions:
    def test_logout_ends_the_session(self, verified_client: Client) -> None:
        response = verified_client.post(reverse("accounts:logout"))
        assert response["Location"] == reverse("accounts:login")
        assert verified_client.get(HOME).status_code == 302

    def test_logout_everywhere_ends_every_session(
        self, verified_client: Client, clinician: User
    ) -> None:
        other = Client()
        verify_session(other, clinician)
        assert other.get(HOME).status_code == 200
        verified_client.post(reverse("accounts:logout_everywhere"))
        assert verified_client.get(HOME).status_code == 302
        # Django ends the other session itself (the epoch is in the session
        # auth hash); the next request is sent to log in, and back here after.
        assert other.get(HOME)["Location"] == f"{reverse('accounts:login')}?next=%2F"
        assert "_auth_user_id" not in other.session
        # A fresh login afterwards works as usual.
        clinician.refresh_from_db()
        fresh = Client()
        verify_session(fresh, clinician)
        assert fresh.get(HOME).status_code == 200

    def test_an_idle_session_expires(self, verified_client: Client, settings) -> None:
        settings.SESSION_IDLE_TIMEOUT_MINUTES = 30
        assert verified_client.get(HOME).status_code == 200
        session = verified_client.session
        session[LAST_ACTIVITY_KEY] = (timezone.now() - timedelta(minutes=31)).isoformat()
        session.save()
        response = verified_client.get(HOME)
        assert response["Location"] == reverse("accounts:login")
        assert verified_client.get(HOME).status_code == 302

    def test_activity_keeps_the_session_alive(self, verified_client: Client, settings) -> None:
        settings.SESSION_IDLE_TIMEOUT_MINUTES = 30
        session = verified_client.session
        session[LAST_ACTIVITY_KEY] = (timezone.now() - timedelta(minutes=29)).isoformat()
        session.save()
        assert verified_client.get(HOME).status_code == 200
        last = verified_client.session[LAST_ACTIVITY_KEY]
        assert timezone.now() - datetime.fromisoformat(last) < timedelta(minutes=1)


@pytest.mark.django_db
def test_a_backup_code_of_only_digits_is_still_a_backup_code(
    client: Client, clinician: User
) -> None:
    from meldcode.accounts import services

    device = StaticDevice.objects.create(user=clinician, name="Backup codes")
    BackupCode.objects.create(device=device, digest=services.backup_code_digest_for("23456723"))
    log_in_with_password(client, clinician)
    assert client.post(VERIFY, {"token": "23456723"})["Location"] == HOME
