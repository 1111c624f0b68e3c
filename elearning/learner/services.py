"""Writes of the learner's pages that the e-learning's own services do not cover."""

from collections.abc import Mapping

from django.db import transaction

from elearning import services
from elearning.models import Register, RegisterNumber
from meldcode.accounts.models import User
from meldcode.accounts.rules import normalise_big_number
from meldcode.audit.services import audit_record


@transaction.atomic
def learner_numbers_set(*, user: User, big_number: str, numbers: Mapping[Register, str]) -> None:
    """Keep the learner's BIG-nummer and their numbers in registers that key on their own.

    ``big_number`` is "" to remove it, or 9 to 11 digits (kept as 11); an
    empty register number removes that number. Only what changed is written
    and audited. Certificates already issued keep the numbers frozen in them.
    """
    if any(register.key != Register.Key.REGISTER for register in numbers):
        raise ValueError("only registers that key on their own number take a typed number")
    big = normalise_big_number(big_number) if big_number.strip() else ""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.big_number != big:
        locked.big_number = big
        locked.save(update_fields=["big_number"])
        user.big_number = big
        audit_record(
            actor_id=user.pk,
            action="elearning.big_number_set",
            target=f"user:{user.pk}",
            data={"removed": not big},
        )
    held = dict(
        RegisterNumber.objects.filter(user=user, register__in=list(numbers)).values_list(
            "register_id", "number"
        )
    )
    for register, number in numbers.items():
        if held.get(register.pk, "") != number.strip():
            services.register_number_set(user=user, register=register, number=number)
