"""Prepare a demonstration installation from nothing, then serve it."""

import subprocess
import sys
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from elearning.demo import demo_elearning_ensure
from meldcode import i18n
from meldcode.accounts import services
from meldcode.accounts.models import Profession, Role, User
from meldcode.cases.demo import demo_case_summaries, demo_cases_ensure
from meldcode.veiligthuis.demo import demo_vt_ensure
from meldcode.veiligthuis.models import Region, SenderKey
from meldcode.veiligthuis.services import sender_key_issue

DEMO_PASSWORD = "meldwijzer-demo"  # noqa: S105 - printed for the demo on purpose
DEMO_ADDRESS = "127.0.0.1:8000"
# The sending installation of the demo practice, signing to the demo receiver.
DEMO_SENDER = "Huisartsenpraktijk De Linde, Utrecht (demo)"


@dataclass(frozen=True, slots=True)
class DemoAccount:
    """One demonstration account."""

    email: str
    full_name: str
    profession: str
    roles: tuple[Role, ...]
    big_number: str = ""
    organisation: str = ""
    region_code: str | None = None
    is_staff: bool = False


DEMO_ACCOUNTS = (
    DemoAccount(
        "huisarts@demo.meldwijzer.nl",
        "Dr. Anouk de Vries",
        Profession.HUISARTS,
        (Role.CLINICIAN, Role.LEARNER),
        big_number="09012345601",
        organisation="Huisartsenpraktijk De Linde, Utrecht",
    ),
    DemoAccount(
        "verpleegkundige@demo.meldwijzer.nl",
        "Sanne Bakker",
        Profession.VERPLEEGKUNDIGE,
        (Role.CLINICIAN, Role.LEARNER),
        big_number="29087654302",
        organisation="Wijkteam Zuilen, Utrecht",
    ),
    DemoAccount(
        "veiligthuis@demo.meldwijzer.nl",
        "Youssef El Amrani",
        Profession.OTHER,
        (Role.VEILIG_THUIS,),
        organisation="Veilig Thuis Utrecht",
        region_code="utrecht",
    ),
    DemoAccount(
        "trainer@demo.meldwijzer.nl",
        "Marieke Jansen",
        Profession.HUISARTS,
        (Role.TRAINER,),
        organisation="Regionale huisartsenkring",
    ),
    DemoAccount(
        "learner@demo.meldwijzer.nl",
        "Şükrü Çelik-Łukasiewicz",
        Profession.PRAKTIJKONDERSTEUNER,
        (Role.LEARNER,),
        big_number="39011122203",
        organisation="Gezondheidscentrum Overvecht",
    ),
    DemoAccount(
        "admin@demo.meldwijzer.nl",
        "Beheerder Meldwijzer",
        Profession.OTHER,
        (),
        is_staff=True,
    ),
)


@transaction.atomic
def demo_sender_key_ensure() -> tuple[str, str]:
    """Return the demo sender's active key id and secret, issuing it on the first run.

    Kept across runs, so that a receiver configured with it keeps working.
    """
    key = SenderKey.objects.filter(sender_name=DEMO_SENDER, active=True).order_by("pk").first()
    if key is None:
        key, _ = sender_key_issue(sender_name=DEMO_SENDER)
    return key.key_id, key.secret


@transaction.atomic
def demo_account_ensure(account: DemoAccount) -> tuple[User, str]:
    """Create or refresh a demo account; return it with its base32 TOTP secret.

    An existing account keeps its authenticator secret, so that an entry
    already added to a phone keeps working when ``demo`` runs again.
    """
    region = Region.objects.get(code=account.region_code) if account.region_code else None
    user = User.objects.filter(email=account.email).first()
    if user is None:
        user = services.user_create(
            email=account.email,
            password=DEMO_PASSWORD,
            full_name=account.full_name,
            profession=account.profession,
            roles=account.roles,
            big_number=account.big_number,
            organisation=account.organisation,
            region_id=region.pk if region else None,
            is_staff=account.is_staff,
        )
    else:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = services.totp_device_create(user=user)
    return user, b32encode(unhexlify(device.key)).decode("ascii")


class Command(BaseCommand):
    """Migrate, compile translations, create demo data and serve."""

    help = (
        "Prepare the embedded database with demo accounts and serve on "
        f"http://{DEMO_ADDRESS}. Never run this in production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Take --no-serve."""
        parser.add_argument(
            "--no-serve", action="store_true", help="Prepare everything, but do not serve."
        )

    def handle(self, *args: Any, no_serve: bool, **options: Any) -> None:
        """Do the preparation, print the accounts, then serve."""
        if not settings.DEBUG:
            raise CommandError(
                "demo creates accounts with a known password and only runs with DEBUG on."
            )
        verbosity = options.get("verbosity", 1)
        call_command("migrate", interactive=False, verbosity=max(0, verbosity - 1))
        i18n.compile_catalogues()
        call_command("load_catalogue", stdout=self.stdout)
        call_command("load_modules", stdout=self.stdout)
        rows = []
        for account in DEMO_ACCOUNTS:
            user, secret = demo_account_ensure(account)
            roles = ", ".join(role.value for role in account.roles)
            rows.append((user.email, roles or "admin", DEMO_PASSWORD, secret))
        self.print_accounts(rows)
        clinicians = [User.objects.get(email=a.email) for a in DEMO_ACCOUNTS[:2]]
        demo_cases_ensure(owners=clinicians)
        self.stdout.write("Demo cases (fictional):")
        for line in demo_case_summaries():
            self.stdout.write(
                f"  {line['reference']}  owner {line['owner']}  decision {line['decision']}"
            )
        key_id, secret = demo_sender_key_ensure()
        demo_vt_ensure(key_id=key_id, secret=secret)
        self.stdout.write(f"Veilig Thuis intake key: {key_id} {secret}")
        accounts = {a.email: User.objects.get(email=a.email) for a in DEMO_ACCOUNTS}
        certificates = demo_elearning_ensure(
            learner=accounts["learner@demo.meldwijzer.nl"],
            trainer=accounts["trainer@demo.meldwijzer.nl"],
            members=clinicians,
            admin=accounts["admin@demo.meldwijzer.nl"],
        )
        self.stdout.write("Demo certificates of learner@demo.meldwijzer.nl:")
        for certificate in certificates:
            self.stdout.write(f"  {certificate.state:<8} {certificate.module}  {certificate.url}")
        if not no_serve:
            self.serve()

    def serve(self) -> None:
        """Serve, with the task worker and the outbox sweeper running beside the server.

        The worker delivers meldingen from the outbox (here to this same
        installation's intake); both stop with the server.
        """
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        helpers = [
            subprocess.Popen([*manage, "db_worker", "--interval", "1"]),  # noqa: S603
            subprocess.Popen([*manage, "vt_outbox_sweep", "--every", "60"]),  # noqa: S603
        ]
        self.stdout.write("Task worker and outbox sweeper started.")
        try:
            # The reloader would run this whole command again in a child process.
            call_command("runserver", DEMO_ADDRESS, use_reloader=False)
        finally:
            for helper in helpers:
                helper.terminate()
            for helper in helpers:
                helper.wait(timeout=10)

    def print_accounts(self, rows: list[tuple[str, str, str, str]]) -> None:
        """Print how to log in with each demo account."""
        headers = ("e-mail", "role", "password", "TOTP secret (base32)")
        widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(4)]
        self.stdout.write(self.style.SUCCESS("Meldwijzer demo is ready."))
        self.stdout.write(
            "Log in at http://127.0.0.1:8000/ with an e-mail address and password below, then a "
            "code from an authenticator app to which you added the account's TOTP secret "
            "(time-based, 6 digits, 30 seconds)."
        )
        for row in [headers, *rows]:
            cells = zip(row, widths, strict=True)
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in cells))
