"""URLs of the case pages and the wizard."""

from django.urls import path, register_converter

from meldcode.accounts.models import Role
from meldcode.security import roles

from . import views
from .forms import STEP_FORMS
from .record import views as record_views
from .sharing import views as sharing_views
from .wizard import CaseWizardView


class ReferenceConverter:
    """A case reference: capitals, digits and dashes (never a patient identifier)."""

    regex = "MW-[A-Z0-9-]{1,16}"

    def to_python(self, value: str) -> str:
        """Return the reference as it is."""
        return value

    def to_url(self, value: str) -> str:
        """Return the reference as it is."""
        return value


register_converter(ReferenceConverter, "reference")

app_name = "cases"

wizard_view = roles(Role.CLINICIAN.value)(
    CaseWizardView.as_view(form_list=list(STEP_FORMS.items()), url_name="cases:step")
)

urlpatterns = [
    path("", views.case_list_view, name="list"),
    path("new/", views.case_create_view, name="create"),
    path("<reference:reference>/", views.case_summary_view, name="summary"),
    path("<reference:reference>/details/", views.case_details_view, name="details"),
    path("<reference:reference>/acute/", views.case_acute_view, name="acute"),
    path("<reference:reference>/finish/", views.case_finish_view, name="finish"),
    path("<reference:reference>/close/", views.case_close_view, name="close"),
    path("<reference:reference>/reopen/", views.case_reopen_view, name="reopen"),
    path("<reference:reference>/step/<slug:step>/", wizard_view, name="step"),
    path("<reference:reference>/record/", record_views.record_view, name="record"),
    path("<reference:reference>/record.pdf", record_views.record_pdf_view, name="record_pdf"),
    path("<reference:reference>/record/copied/", record_views.soep_copied_view, name="copied"),
    path("<reference:reference>/his/", record_views.his_transfer_view, name="his"),
    path("<reference:reference>/share/", sharing_views.share_view, name="share"),
    path(
        "<reference:reference>/share/<str:public_id>/record/",
        sharing_views.share_record_view,
        name="share_record",
    ),
    path(
        "<reference:reference>/share/<str:public_id>/withdraw/",
        sharing_views.share_withdraw_view,
        name="share_withdraw",
    ),
    path("<reference:reference>/access/", sharing_views.access_view, name="access"),
    path(
        "<reference:reference>/access/<int:access_id>/revoke/",
        sharing_views.access_revoke_view,
        name="access_revoke",
    ),
]
