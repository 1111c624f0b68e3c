"""Audit entries and the head of their chain."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One thing someone did, hash-chained to the entry before it.

    Written only by :func:`meldcode.audit.services.audit_record`; never
    changed or deleted (``manage.py verify_audit`` would find it). It holds
    ids and kinds of things, never a patient identifier.
    """

    created_at = models.DateTimeField(_("time"))
    actor_id = models.BigIntegerField(_("user id"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=64)
    target = models.CharField(_("target"), max_length=128, blank=True)
    data = models.JSONField(_("details"), default=dict)
    previous = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        ordering = ("id",)
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        """Show the entry's number and action."""
        return f"{self.pk} {self.action}"

    def chained_fields(self) -> dict[str, object]:
        """Return the fields the hash covers."""
        return {
            "created_at": self.created_at.isoformat(),
            "actor_id": self.actor_id,
            "action": self.action,
            "target": self.target,
            "data": self.data,
        }


class AuditHead(models.Model):
    """The one row that points at the last entry; locked while an entry is added."""

    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit head")

    def __str__(self) -> str:
        """Show the hash of the last entry."""
        return self.last_hash
