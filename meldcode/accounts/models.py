"""The user model: log in with an e-mail address; roles are groups."""

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles a user can have; each is a group of the same name."""

    CLINICIAN = "clinician", _("Clinician")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis staff")
    TRAINER = "trainer", _("Trainer")
    LEARNER = "learner", _("Learner")


class Profession(models.TextChoices):
    """The professions Meldwijzer is written for."""

    HUISARTS = "huisarts", _("General practitioner (huisarts)")
    VERPLEEGKUNDIGE = "verpleegkundige", _("Nurse (verpleegkundige)")
    PRAKTIJKONDERSTEUNER = "praktijkondersteuner", _("Practice nurse (POH)")
    DOKTERSASSISTENT = "doktersassistent", _("Doctor's assistant (doktersassistent)")
    OTHER_PHYSICIAN = "other_physician", _("Other physician")
    OTHER = "other", _("Other")


class UserManager(BaseUserManager["User"]):
    """Create users keyed by e-mail address."""

    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        """Create and save a user with the given e-mail address and password."""
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        """Create and save an administrator."""
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


big_number_validator = RegexValidator(
    r"^\d{11}$", _("A BIG-nummer is stored as exactly 11 digits.")
)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who uses Meldwijzer."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    profession = models.CharField(
        _("profession"), max_length=32, choices=Profession.choices, default=Profession.OTHER
    )
    big_number = models.CharField(
        _("BIG-nummer"),
        max_length=11,
        blank=True,
        validators=[big_number_validator],
        help_text=_("Optional. 9 or 10 digits are padded with leading zeros to 11."),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    region = models.ForeignKey(
        "veiligthuis.Region",
        verbose_name=_("Veilig Thuis region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text=_("Only for Veilig Thuis staff: the region whose reports they receive."),
    )
    is_staff = models.BooleanField(
        _("administrator"),
        default=False,
        help_text=_("Administrators can use the management site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Raised by "log out everywhere": it is part of the session auth hash, so
    # Django itself ends every older session on its next request.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    # Wrong codes entered after a correct password since the last full login:
    # told to the user at their next login (a half-successful login means
    # someone else may know the password).
    codes_failed_after_password = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        """Show the user's name and address."""
        return f"{self.full_name} <{self.email}>" if self.full_name else self.email

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """Return Django's session hash over the password and the session epoch.

        Django ends a session whose stored hash no longer matches; mixing in
        the epoch lets "log out everywhere" end sessions the same way a
        password change does.
        """
        key_salt = "meldcode.accounts.models.User.get_session_auth_hash"
        return salted_hmac(
            key_salt, f"{self.password}:{self.session_epoch}", secret=secret, algorithm="sha256"
        ).hexdigest()

    def get_full_name(self) -> str:
        """Return the full name."""
        return self.full_name

    def get_short_name(self) -> str:
        """Return the full name; Dutch practice addresses people by full name."""
        return self.full_name or self.email

    def has_role(self, role: Role) -> bool:
        """Tell whether the user belongs to the group of ``role``."""
        return any(group.name == role.value for group in self.groups.all())

    @property
    def is_clinician(self) -> bool:
        """Tell whether the user works with patients in Meldwijzer (the clinician role)."""
        return self.has_role(Role.CLINICIAN)


class BackupCode(models.Model):
    """One single-use backup code, stored only as a keyed hash.

    The codes belong to the user's django-otp static device, which stands for
    "backup codes" in the session; the codes themselves live here, so that a
    stolen database reveals none of them and a code is used up by one
    conditional delete.
    """

    device = models.ForeignKey(
        "otp_static.StaticDevice", on_delete=models.CASCADE, related_name="backup_codes"
    )
    digest = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["device", "digest"], name="unique_backup_code")
        ]
        verbose_name = _("backup code")
        verbose_name_plural = _("backup codes")

    def __str__(self) -> str:
        """Show nothing of the code."""
        return f"backup code {self.pk}"


class ThrottleBucket(models.Model):
    """Login attempts of one key (an account identifier, a client address, a device cookie).

    Updated only by single atomic statements (see :mod:`meldcode.accounts.throttle`),
    so parallel requests on any number of processes count every attempt.
    Keys hold keyed hashes, never an e-mail address or a client address.
    """

    key = models.CharField(max_length=80, unique=True)
    count = models.PositiveIntegerField(default=0)
    window_ends = models.DateTimeField(null=True)
    strikes = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("login throttle")
        verbose_name_plural = _("login throttles")

    def __str__(self) -> str:
        """Show the key's kind, not the key."""
        return self.key.split(":", 1)[0]


class DeviceCookie(models.Model):
    """A browser where the user completed a full login (password and code).

    The browser holds a signed cookie with the user and this nonce; while the
    row exists, attempts from that browser skip the account and address
    throttles and have a limit of their own, so a stranger cannot lock the
    user out of their own browser (OWASP, "device cookies").
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="device_cookies")
    nonce = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("device cookie")
        verbose_name_plural = _("device cookies")

    def __str__(self) -> str:
        """Show whose device it is."""
        return f"device cookie of user {self.user_id}"
