"""The project's URLconf.

Every view here requires login and a verified second factor unless it is
marked public in its own module (see :mod:`meldcode.security`).
"""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from meldcode.security import public
from meldcode.veiligthuis.intake import reports_view
from meldcode.veiligthuis.terugkoppeling_api import terugkoppeling_view
from meldcode.veiligthuis.views import openapi_v1_view, schema_v1_view

from . import views

urlpatterns = [
    path("", views.home_view, name="home"),
    path("healthz", views.healthz_view, name="healthz"),
    path("schemas/veilig-thuis/v1.json", schema_v1_view, name="vt_schema_v1"),
    # Self-authenticating: every request is signed with the sender's key.
    path("api/veilig-thuis/v1/reports", reports_view, name="vt_intake_reports"),
    path("api/veilig-thuis/v1/terugkoppeling", terugkoppeling_view, name="vt_terugkoppeling"),
    path("api/veilig-thuis/v1/openapi.json", openapi_v1_view, name="vt_openapi_v1"),
    path("accounts/", include("meldcode.accounts.urls")),
    path("signals/", include("signals.urls")),
    path("cases/", include("meldcode.cases.urls")),
    path("cases/<reference:reference>/veilig-thuis/", include("meldcode.veiligthuis.prepare.urls")),
    path("consultations/", include("meldcode.cases.sharing.urls")),
    path("veilig-thuis/", include("meldcode.veiligthuis.inbox.urls")),
    path("learn/", include("elearning.learner.urls")),
    path("trainer/", include("elearning.trainer.urls")),
    # Public: certificate verification and the Open Badges documents.
    path("", include("elearning.public.urls")),
    # Switching language only sets a cookie; it must work on the login page.
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
