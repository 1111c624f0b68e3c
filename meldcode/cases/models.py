"""Pseudonymous cases, their wizard drafts and their timeline."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .steps import CaseState


class Track(models.TextChoices):
    """The Meldcode a case follows."""

    KNMG = "knmg", _("KNMG-meldcode (physicians)")
    VVN = "vvn", _("V&VN-meldcode (nurses and practice staff)")


class Status(models.TextChoices):
    """Whether a case is still being worked on."""

    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class Case(models.Model):
    """One suspicion of trafficking, worked through the Meldcode.

    Pseudonymous: a reference, and at most the patient's initials and birth
    year. Identifying data enters only when a melding is prepared. The
    step answers live in :attr:`record` (cleaned, read by the pure rules of
    :mod:`meldcode.cases.steps`) and :attr:`drafts` (the submitted form data, to
    show the step again as it was typed). Written only by the services.
    """

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    track = models.CharField(_("Meldcode"), max_length=8, choices=Track.choices)
    minor = models.BooleanField(_("the patient is a minor"), default=False)
    initials = models.CharField(_("initials"), max_length=8, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    catalogue_version = models.CharField(_("catalogue version"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    closed_reason = models.CharField(_("reason for closing"), max_length=500, blank=True)
    # Separate flags: a melding and help can both be true at once.
    advies_gevraagd = models.BooleanField(_("Veilig Thuis advies asked"), default=False)
    hulp = models.BooleanField(_("help given or organised"), default=False)
    gemeld = models.BooleanField(_("melding made"), default=False)
    acute = models.BooleanField(_("acute path"), default=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The owner's confirmation that the record reached the patient file; no
    # case is purged without it.
    his_transferred_on = models.DateField(_("taken over in the HIS on"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=24, blank=True)
    decided_revision = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Raised by every write; a save from an older revision is refused.
    revision = models.PositiveIntegerField(_("revision"), default=1)
    record = models.JSONField(default=dict, blank=True)
    drafts = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ("-updated_at",)
        indexes = [models.Index(fields=["owner", "status", "-updated_at"])]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        """Show the pseudonymous reference."""
        return self.reference

    @property
    def acute_record(self) -> dict[str, Any] | None:
        """Return what the acute exit recorded, or None."""
        acute = self.record.get("acuut")
        return acute if isinstance(acute, dict) else None

    def state(self) -> CaseState:
        """Return what the pure rules need to know of this case."""
        return CaseState(
            track="knmg" if self.track == Track.KNMG else "vvn",
            minor=self.minor,
            record={k: v for k, v in self.record.items() if isinstance(v, dict)},
            acute=self.acute_record,
        )


class CaseEvent(models.Model):
    """One entry of a case's timeline, shown to the clinician.

    The audit trail holds the same facts for accountability; this is the
    clinician's own view of what happened when.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(_("event"), max_length=32)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("at", "id")
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        """Show the kind and time."""
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"


class CaseAccess(models.Model):
    """Full read access to a case for a co-treating colleague (a waarnemer).

    Granted explicitly by the owner and audited; only the owner writes.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("colleague"),
        on_delete=models.CASCADE,
        related_name="case_accesses",
    )
    granted_at = models.DateTimeField(_("granted"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ("-granted_at",)
        verbose_name = _("waarnemer access")
        verbose_name_plural = _("waarnemer accesses")

    def __str__(self) -> str:
        """Show whose access to which case, by ids only."""
        return f"user {self.user_id} on case {self.case_id}"


class ColleagueShare(models.Model):
    """A de-identified summary shared with a named colleague for a limited time.

    The colleague sees only the snapshot taken when it was shared and the
    owner's question, never the case itself; their answer comes back here.
    The public id is random, so the URL tells nothing about the case.
    """

    public_id = models.UUIDField(unique=True)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    colleague = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("colleague"),
        on_delete=models.CASCADE,
        related_name="shares_received",
    )
    summary = models.TextField(_("summary"))
    question = models.TextField(_("question"))
    created_at = models.DateTimeField(_("shared"))
    expires_at = models.DateTimeField(_("open until"))
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded in step 2"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("colleague consultation")
        verbose_name_plural = _("colleague consultations")

    def __str__(self) -> str:
        """Show the share by its ids only."""
        return f"share {self.pk} of case {self.case_id}"
