"""The outbox's tasks, run by django-tasks-db's ``db_worker``."""

from django.tasks import task

from . import services


@task(queue_name="default")
def deliver(delivery_id: int) -> str:
    """Make one attempt to deliver an outbox row; return what happened."""
    return services.delivery_attempt(delivery_id=delivery_id)
