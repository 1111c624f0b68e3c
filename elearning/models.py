"""The e-learning's records: module versions, accreditation, progress, certificates, cohorts.

The lessons and the question pool live in versioned files
(:mod:`elearning.content`); the database knows each module and every version
that was loaded, so that attempts and certificates name the version they
were made against. Completion is never a stored flag that a job fills in
later: it is decided in the request that meets its last requirement, and the
certificate issued then is the record of that completion.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .attendance import Key, RegisterFormat
from .content import Text


class Module(models.Model):
    """A module as the database knows it; its content comes from its files."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    current_version = models.ForeignKey(
        "ModuleVersion",
        verbose_name=_("current version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    validity_years = models.PositiveSmallIntegerField(
        _("certificate valid for (years)"),
        default=2,
        help_text=_("How long a certificate of this module stays valid (1 to 5 years)."),
    )

    class Meta:
        ordering = ("order", "slug")
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        constraints = [
            models.CheckConstraint(
                condition=Q(validity_years__gte=1, validity_years__lte=5),
                name="elearning_module_validity_years",
            )
        ]

    def __str__(self) -> str:
        """Show the slug."""
        return self.slug


class ModuleVersion(models.Model):
    """One loaded version of a module's files, fingerprinted by its digest."""

    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.PROTECT, related_name="versions"
    )
    version = models.CharField(_("version"), max_length=20)
    digest = models.CharField(_("content digest"), max_length=64, editable=False)
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    loaded_at = models.DateTimeField(_("loaded"), default=timezone.now, editable=False)

    class Meta:
        ordering = ("module", "-loaded_at")
        verbose_name = _("module version")
        verbose_name_plural = _("module versions")
        constraints = [
            models.UniqueConstraint(fields=["module", "version"], name="elearning_version_once")
        ]

    def __str__(self) -> str:
        """Show the module and version."""
        return f"{self.module_id}@{self.version}"

    @property
    def title(self) -> Text:
        """Return the title in both languages."""
        return Text(nl=self.title_nl, en=self.title_en)


class Register(models.Model):
    """An accreditation register, and how it writes a learner's number.

    Registers differ: some take the BIG-nummer as ``BIG-01234567890``, others
    the 11 digits only, and the Kwaliteitsregister V&V also takes its own
    relatienummer. One person can hold several register numbers.
    """

    class Key(models.TextChoices):
        BIG = "big", _("BIG-nummer")
        REGISTER = "register", _("The register's own number")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    key = models.CharField(_("learner key"), max_length=10, choices=Key.choices)
    prefix = models.CharField(
        _("number prefix"),
        max_length=10,
        blank=True,
        help_text=_("Written before each number in the paste list, for example BIG-."),
    )
    number_label = models.CharField(
        _("name of the number"),
        max_length=60,
        blank=True,
        help_text=_("What the register calls its own number, for example relatienummer."),
    )
    org_id = models.CharField(
        _("association OrgID"),
        max_length=40,
        blank=True,
        help_text=_("The association's id in the PE-online webservice."),
    )

    class Meta:
        ordering = ("name",)
        verbose_name = _("accreditation register")
        verbose_name_plural = _("accreditation registers")

    def __str__(self) -> str:
        """Show the name."""
        return self.name

    def number_format(self) -> RegisterFormat:
        """Return how this register writes a learner's number, for the attendance rules."""
        key: Key = "big" if self.key == Register.Key.BIG else "register"
        return RegisterFormat(key=key, prefix=self.prefix)


class Accreditation(models.Model):
    """A register's accreditation of a module: its id, points, window and entry deadline."""

    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.PROTECT, related_name="accreditations"
    )
    register = models.ForeignKey(
        Register, verbose_name=_("register"), on_delete=models.PROTECT, related_name="+"
    )
    accreditation_id = models.CharField(_("accreditation ID"), max_length=40)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    entry_deadline_days = models.PositiveSmallIntegerField(
        _("days to enter attendance"),
        help_text=_("How soon after completion the association wants attendance entered."),
    )
    course_id = models.CharField(_("CourseID"), max_length=40, blank=True)
    external_course_id = models.CharField(_("ExternalCourseID"), max_length=40, blank=True)
    webservice_module_id = models.CharField(_("ModuleID"), max_length=40, blank=True)

    class Meta:
        ordering = ("module", "register", "-valid_from")
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")
        constraints = [
            models.UniqueConstraint(
                fields=["register", "accreditation_id"], name="elearning_accreditation_once"
            ),
            models.CheckConstraint(
                condition=Q(valid_from__lte=F("valid_until")),
                name="elearning_accreditation_window",
            ),
            models.CheckConstraint(condition=Q(points__gt=0), name="elearning_points_positive"),
        ]

    def __str__(self) -> str:
        """Show the register's accreditation id."""
        return self.accreditation_id

    def covers(self, day: date) -> bool:
        """Tell whether a completion on ``day`` falls in the accreditation's window."""
        return self.valid_from <= day <= self.valid_until


class RegisterNumber(models.Model):
    """A learner's own number in a register that keys on its own numbers."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="register_numbers",
    )
    register = models.ForeignKey(
        Register, verbose_name=_("register"), on_delete=models.CASCADE, related_name="+"
    )
    number = models.CharField(_("number"), max_length=40)

    class Meta:
        verbose_name = _("register number")
        verbose_name_plural = _("register numbers")
        constraints = [
            models.UniqueConstraint(fields=["user", "register"], name="elearning_number_once")
        ]

    def __str__(self) -> str:
        """Show the register and number."""
        return f"{self.register_id}: {self.number}"


class LessonView(models.Model):
    """The last time a learner read a lesson of a module."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_views"
    )
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="+")
    lesson = models.SlugField(max_length=60)
    viewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("lesson view")
        verbose_name_plural = _("lesson views")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "module", "lesson"], name="elearning_lesson_view_once"
            )
        ]

    def __str__(self) -> str:
        """Show the module and lesson."""
        return f"{self.module_id}/{self.lesson}"


class Attempt(models.Model):
    """One attempt at a module's quiz: the questions drawn, the answers and the grade."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="+")
    module_version = models.ForeignKey(ModuleVersion, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # [{"question": id, "options": [ids in the order shown]}, ...]
    drawn = models.JSONField()
    # {question id: [chosen option ids]}
    answers = models.JSONField(default=dict)
    percent = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ("-started_at",)
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        indexes = [models.Index(fields=["user", "module", "-started_at"])]

    def __str__(self) -> str:
        """Show the module and start."""
        return f"{self.module_id} {self.started_at:%Y-%m-%d %H:%M}"


class AttemptAnswer(models.Model):
    """Whether one drawn question of a finished attempt was answered right.

    Kept as rows so that the trainer's "hardest questions" is one grouped
    query, not a walk through every attempt's JSON.
    """

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="results")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="+")
    question = models.CharField(max_length=20)
    right = models.BooleanField()

    class Meta:
        verbose_name = _("quiz answer")
        verbose_name_plural = _("quiz answers")
        indexes = [models.Index(fields=["module", "question"])]

    def __str__(self) -> str:
        """Show the question and whether it was right."""
        return f"{self.question}: {'right' if self.right else 'wrong'}"


class RevocationReason(models.TextChoices):
    """Why a certificate was revoked; the category is public, any note is not."""

    ISSUED_IN_ERROR = "issued_in_error", _("Issued in error")
    WRONG_PERSON = "wrong_person", _("Issued to the wrong person")
    MISCONDUCT = "misconduct", _("Misconduct or fraud in the assessment")
    ACCREDITATION_WITHDRAWN = "accreditation_withdrawn", _("Accreditation withdrawn")
    OTHER = "other", _("Other reason")


class Certificate(models.Model):
    """One issue of a certificate: the record of one completion, frozen at issue.

    Every completion gets its own certificate, so a renewal after expiry is a
    new issue that points back at the one it renews and the history stays.
    What the certificate says lives in ``data`` (see
    :class:`~elearning.frozen.FrozenCertificate`) and the PDF made at issue is
    kept, so neither a later edit of the module nor of the learner's name
    changes it.
    """

    code = models.CharField(_("code"), max_length=19, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        # The certificate stays verifiable when an account is removed: its data is frozen.
        on_delete=models.SET_NULL,
        null=True,
        related_name="certificates",
    )
    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.PROTECT, related_name="certificates"
    )
    module_version = models.ForeignKey(
        ModuleVersion, verbose_name=_("module version"), on_delete=models.PROTECT, related_name="+"
    )
    attempt = models.OneToOneField(
        Attempt, on_delete=models.SET_NULL, null=True, blank=True, related_name="certificate"
    )
    renews = models.ForeignKey(
        "self",
        verbose_name=_("renews"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewals",
    )
    completed_at = models.DateTimeField(_("completed"))
    valid_until = models.DateField(_("valid until"))
    data = models.JSONField(_("frozen data"), editable=False)
    pdf = models.BinaryField(_("PDF"), null=True, editable=False)
    # Open Badges: the recipient's e-mail address, hashed with this salt at issue.
    badge_salt = models.CharField(max_length=32, editable=False)
    badge_identity = models.CharField(max_length=71, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(
        _("reason for revocation"), max_length=30, choices=RevocationReason.choices, blank=True
    )
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ("-completed_at",)
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        indexes = [
            models.Index(fields=["user", "module", "-completed_at"]),
            models.Index(fields=["module", "completed_at"]),
            # The valid certificates, found without reading rows that carry a stored PDF.
            models.Index(
                fields=["user", "module", "valid_until"],
                condition=Q(revoked_at__isnull=True),
                name="elearning_certificate_valid",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, revoked_reason="")
                | Q(revoked_at__isnull=False) & ~Q(revoked_reason=""),
                name="elearning_revocation_has_reason",
            )
        ]

    def __str__(self) -> str:
        """Show the code."""
        return self.code

    def state(self, today: date) -> str:
        """Return ``"revoked"``, ``"expired"`` or ``"valid"`` on ``today``."""
        if self.revoked_at is not None:
            return "revoked"
        if today > self.valid_until:
            return "expired"
        return "valid"


class Cohort(models.Model):
    """A trainer's group of learners for one or more modules, joined with a code."""

    name = models.CharField(_("name"), max_length=120)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        on_delete=models.PROTECT,
        related_name="cohorts",
    )
    modules = models.ManyToManyField(Module, verbose_name=_("modules"), related_name="cohorts")
    join_code = models.CharField(_("join code"), max_length=14, unique=True, editable=False)
    open = models.BooleanField(
        _("open for joining"), default=True, help_text=_("Learners can join with the code.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")

    def __str__(self) -> str:
        """Show the name."""
        return self.name


class Membership(models.Model):
    """A learner's place in a cohort."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("joined_at",)
        verbose_name = _("cohort membership")
        verbose_name_plural = _("cohort memberships")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="elearning_member_once")
        ]

    def __str__(self) -> str:
        """Show the cohort and learner by id."""
        return f"user {self.user_id} in cohort {self.cohort_id}"
