"""Writes for the signal catalogue."""

from django.db import IntegrityError, transaction

from .catalogue import catalogue_to_dict
from .models import CatalogueSignal, CatalogueVersion
from .vocabulary import Catalogue


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
                    indicator=s.indicator or "",
                    dimension=s.dimension or "",
                    counter=s.counter,
                    acute=s.acute,
                    population=s.population,
                    label_nl=s.label.nl,
                    label_en=s.label.en,
                )
                for s in catalogue.signals
            )
            return record
    except IntegrityError:
        # Another process recorded the same version at the same moment.
        return CatalogueVersion.objects.get(version=catalogue.version)
