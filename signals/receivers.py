"""Signal receivers: record the catalogue version after every migration."""

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.dispatch import receiver


@receiver(post_migrate, dispatch_uid="signals_record_catalogue")
def record_catalogue(sender: AppConfig, **kwargs: Any) -> None:
    """Store the current catalogue version, so every version ever used stays known.

    A deployment always migrates, so a changed catalogue is recorded before
    the first case can be weighed with it.
    """
    if sender.name != "signals":
        return
    from .catalogue import load
    from .services import catalogue_version_record

    catalogue_version_record(catalogue=load())
