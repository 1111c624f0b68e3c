"""Writes for the signal catalogue."""

from django.db import IntegrityError, transaction

from .catalogue import catalogue_to_dict, signal_to_dict
from .core import Catalogue
from .models import CatalogueSignal, CatalogueVersion


def catalogue_version_record(*, catalogue: Catalogue) -> CatalogueVersion:
    """Keep ``catalogue`` in the database unless this version is already there."""
    existing = CatalogueVersion.objects.filter(version=catalogue.version).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            record = CatalogueVersion.objects.create(
                version=catalogue.version,
                edition=catalogue.edition,
                content=catalogue_to_dict(catalogue),
                signal_count=len(catalogue.signals),
            )
            CatalogueSignal.objects.bulk_create(
                CatalogueSignal(
                    catalogue=record,
                    code=s.code,
                    type=s.type,
                    forms=sorted(s.forms),
                    dimension=s.dimension or "",
                    strength=s.strength or "",
                    counter=s.counter,
                    population=s.population,
                    label_nl=s.label.nl,
                    label_en=s.label.en,
                    data=signal_to_dict(s),
                )
                for s in catalogue.signals
            )
            return record
    except IntegrityError:
        # Another process recorded the same version at the same moment.
        return CatalogueVersion.objects.get(version=catalogue.version)
