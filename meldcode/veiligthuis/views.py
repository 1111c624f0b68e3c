"""Public, machine-facing views of Veilig Thuis: the published payload schema and API document."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from meldcode.security import stateless

from .openapi import document_bytes
from .schema import schema_bytes

SCHEMA_CONTENT_TYPE = "application/schema+json"
OPENAPI_CONTENT_TYPE = "application/vnd.oai.openapi+json"


@stateless
@never_cache
@require_safe
def schema_v1_view(request: HttpRequest) -> HttpResponse:
    """Serve the JSON Schema of the advies and melding payloads, version 1.

    Public and stateless: senders and receivers validate against it, and a
    request for it never touches the session or the database. ``no-store``
    also keeps the no-store middleware from loading the session's user to
    decide it.
    """
    return HttpResponse(schema_bytes(), content_type=SCHEMA_CONTENT_TYPE)


@stateless
@never_cache
@require_safe
def openapi_v1_view(request: HttpRequest) -> HttpResponse:
    """Serve the OpenAPI 3.1 document of the intake and terugkoppeling endpoints, version 1.

    Public and stateless like the schema: senders and receivers read how
    to sign and what each answer means without an account.
    """
    return HttpResponse(document_bytes(), content_type=OPENAPI_CONTENT_TYPE)
