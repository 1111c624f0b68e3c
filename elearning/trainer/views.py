"""The trainer's pages: cohorts, the dashboard, a learner, the exports and attendance.

Views stay thin: a selector finds the cohort (404 alike for a missing
cohort and another trainer's), forms validate, services write. Bad input
(an unknown register, a batch out of range, a forged id) gets a clear
message and a 400 or 404; nothing changes.
"""

from datetime import date
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from elearning import links
from elearning import services as elearning_services
from elearning.models import Cohort
from meldcode.accounts.models import Role, User
from meldcode.security import roles

from . import chart, dashboard, exports, learners, selectors, services
from .forms import BatchForm, CohortForm, JoiningForm, PasteListForm, RegisterForm, RevokeForm

TRAINER = Role.TRAINER.value


def _trainer(request: HttpRequest) -> User:
    """Return the request's user (the decorator admitted a verified trainer)."""
    return cast(User, request.user)


def _today() -> date:
    """Return today in the site's time zone."""
    return timezone.localdate()


def _problem(
    request: HttpRequest, message: str, *, cohort: Cohort | None = None, status: int = 400
) -> HttpResponse:
    """Explain refused input, with a way back; nothing was changed."""
    return render(
        request,
        "elearning/trainer/problem.html",
        {"message": message, "cohort": cohort},
        status=status,
    )


@roles(TRAINER)
@require_safe
def cohorts_view(request: HttpRequest) -> HttpResponse:
    """List the trainer's cohorts with their members and completions."""
    summaries = selectors.cohort_list_for_user(user=_trainer(request))
    return render(request, "elearning/trainer/cohorts.html", {"summaries": summaries})


@roles(TRAINER)
@require_http_methods(["GET", "HEAD", "POST"])
def cohort_new_view(request: HttpRequest) -> HttpResponse:
    """Create a cohort: a name and the modules its learners take."""
    form = CohortForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            cohort = elearning_services.cohort_create(
                trainer=_trainer(request),
                name=form.cleaned_data["name"],
                modules=list(form.cleaned_data["modules"]),
            )
            messages.success(request, _("The cohort is created. Pass the join code on."))
            return redirect("trainer:cohort", cohort_id=cohort.pk)
        return render(request, "elearning/trainer/cohort_new.html", {"form": form}, status=400)
    return render(request, "elearning/trainer/cohort_new.html", {"form": form})


@roles(TRAINER)
@require_safe
def cohort_view(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Show the cohort's dashboard: joining, figures per module, the chart, the learners."""
    cohort = selectors.cohort_get_for_user(user=_trainer(request), cohort_id=cohort_id)
    today = _today()
    modules = selectors.cohort_modules(cohort)
    page, rows = dashboard.progress_page(cohort, modules, request.GET.get("page"), today=today)
    members = page.paginator.count
    figures = dashboard.cohort_figures(cohort, modules, members=members, today=today)
    points = chart.series(
        first_completions=figures.first_completions,
        start=timezone.localdate(cohort.created_at),
        today=today,
        pairs=members * len(modules),
    )
    context: dict[str, Any] = {
        "cohort": cohort,
        "join_link": links.join_url(cohort.join_code),
        "modules": modules,
        "members": members,
        "figures": figures.modules,
        "points": points,
        "geometry": chart.geometry(points),
        "latest": points[-1],
        "hardest": dashboard.hardest_questions(cohort, modules),
        "hardest_sample": dashboard.HARDEST_SAMPLE,
        "hardest_least": dashboard.HARDEST_MIN_ANSWERS,
        "page": page,
        "rows": rows,
    }
    return render(request, "elearning/trainer/cohort.html", context)


@roles(TRAINER)
@require_POST
def cohort_joining_view(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Open or close the cohort for joining."""
    user = _trainer(request)
    cohort = selectors.cohort_get_for_user(user=user, cohort_id=cohort_id)
    form = JoiningForm(request.POST)
    if not form.is_valid():
        return _problem(request, _("Open or closed was not understood."), cohort=cohort)
    opened = form.cleaned_data["open"]
    services.cohort_joining_set(cohort=cohort, by=user, open=opened)
    messages.success(
        request,
        _("Learners can join with the code now.")
        if opened
        else _("The cohort is closed: nobody can join with the code now."),
    )
    return redirect("trainer:cohort", cohort_id=cohort.pk)


def _learner_page(
    request: HttpRequest,
    cohort: Cohort,
    member: User,
    *,
    status: int = 200,
    failed: tuple[int, RevokeForm] | None = None,
) -> HttpResponse:
    """Render a member's page; ``failed`` is the certificate and form whose revocation failed."""
    today = _today()
    sections = learners.learner_modules(
        cohort, selectors.cohort_modules(cohort), member, today=today
    )
    return render(
        request,
        "elearning/trainer/learner.html",
        {
            "cohort": cohort,
            "member": member,
            "sections": sections,
            "revoke_form": RevokeForm(),
            "failed_id": failed[0] if failed else None,
            "failed_form": failed[1] if failed else None,
        },
        status=status,
    )


@roles(TRAINER)
@require_safe
def learner_view(request: HttpRequest, cohort_id: int, user_id: int) -> HttpResponse:
    """Show one member's progress, attempts and certificates in the cohort's modules."""
    cohort = selectors.cohort_get_for_user(user=_trainer(request), cohort_id=cohort_id)
    member = selectors.member_get(cohort=cohort, user_id=user_id)
    return _learner_page(request, cohort, member)


@roles(TRAINER)
@require_POST
def revoke_view(request: HttpRequest, cohort_id: int, certificate_id: int) -> HttpResponse:
    """Revoke a member's certificate of a cohort module, with a reason."""
    user = _trainer(request)
    cohort = selectors.cohort_get_for_user(user=user, cohort_id=cohort_id)
    certificate = selectors.certificate_get_for_cohort(cohort=cohort, certificate_id=certificate_id)
    member = selectors.member_get(cohort=cohort, user_id=certificate.user_id)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        return _learner_page(request, cohort, member, status=400, failed=(certificate.pk, form))
    if certificate.revoked_at is not None:
        messages.info(request, _("This certificate was already revoked; nothing was changed."))
    else:
        elearning_services.certificate_revoke(
            certificate_id=certificate.pk, by=user, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            _("Certificate %(code)s is revoked. Its verification page says so now.")
            % {"code": certificate.code},
        )
    return redirect("trainer:learner", cohort_id=cohort.pk, user_id=member.pk)


@roles(TRAINER)
@require_safe
@never_cache
def export_csv_view(request: HttpRequest, cohort_id: int) -> StreamingHttpResponse:
    """Stream the members' certificates as CSV (UTF-8 with a byte order mark, commas)."""
    user = _trainer(request)
    cohort = selectors.cohort_get_for_user(user=user, cohort_id=cohort_id)
    services.cohort_export_log(cohort=cohort, by=user, kind="csv")
    response = StreamingHttpResponse(
        exports.csv_pieces(cohort, today=_today()), content_type="text/csv; charset=utf-8"
    )
    name = exports.download_name("cohort", str(cohort.pk), "certificates") + ".csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@roles(TRAINER)
@require_safe
@never_cache
def export_zip_view(request: HttpRequest, cohort_id: int) -> FileResponse:
    """Send a ZIP of the members' certificate PDFs."""
    user = _trainer(request)
    cohort = selectors.cohort_get_for_user(user=user, cohort_id=cohort_id)
    services.cohort_export_log(cohort=cohort, by=user, kind="zip")
    name = exports.download_name("cohort", str(cohort.pk), "certificates") + ".zip"
    return FileResponse(
        exports.certificates_zip(cohort),
        as_attachment=True,
        filename=name,
        content_type="application/zip",
    )


@roles(TRAINER)
@require_safe
@never_cache
def attendance_view(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Show the paste lists for PE-online of the chosen register, and the webservice batches."""
    cohort = selectors.cohort_get_for_user(user=_trainer(request), cohort_id=cohort_id)
    bound = "register" in request.GET
    form = RegisterForm(request.GET if bound else None)
    context: dict[str, Any] = {"cohort": cohort, "form": form, "attendance": None}
    if not bound:
        return render(request, "elearning/trainer/attendance.html", context)
    if not form.is_valid():
        return render(request, "elearning/trainer/attendance.html", context, status=400)
    register = form.cleaned_data["register"]
    result = exports.attendance(cohort, register, today=_today())
    services.cohort_export_log(
        cohort=cohort, by=_trainer(request), kind="attendance", register=register.code
    )
    context.update(
        attendance=result,
        batches=[(number, len(batch)) for number, batch in enumerate(result.batches, 1)],
        provider_id=settings.ELEARNING_PE_ONLINE_PROVIDER_ID,
    )
    return render(request, "elearning/trainer/attendance.html", context)


@roles(TRAINER)
@require_safe
@never_cache
def attendance_txt_view(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Send one paste list as plain text: one number a line, each ended by a line feed."""
    user = _trainer(request)
    cohort = selectors.cohort_get_for_user(user=user, cohort_id=cohort_id)
    form = PasteListForm(request.GET)
    if not form.is_valid():
        return _problem(
            request, _("This list address is not complete or not valid."), cohort=cohort
        )
    register = form.cleaned_data["register"]
    result = exports.attendance(cohort, register, today=_today())
    found = next(
        (
            item
            for item in result.lists
            if item.paste.accreditation_id == form.cleaned_data["accreditation"]
            and item.paste.completed_on == form.cleaned_data["date"]
        ),
        None,
    )
    if found is None:
        return _problem(
            request,
            _("There is no attendance for this accreditation and date."),
            cohort=cohort,
            status=404,
        )
    services.cohort_export_log(
        cohort=cohort, by=user, kind="attendance_txt", register=register.code
    )
    response = HttpResponse(found.text, content_type="text/plain; charset=utf-8")
    name = exports.download_name(found.paste.accreditation_id, found.paste.completed_on.isoformat())
    response["Content-Disposition"] = f'attachment; filename="{name}.txt"'
    return response


@roles(TRAINER)
@require_safe
@never_cache
def attendance_batch_view(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Send one batch of at most 1,000 records for the licensed PE-online webservice."""
    user = _trainer(request)
    cohort = selectors.cohort_get_for_user(user=user, cohort_id=cohort_id)
    form = BatchForm(request.GET)
    if not form.is_valid():
        return _problem(
            request, _("This batch address is not complete or not valid."), cohort=cohort
        )
    register = form.cleaned_data["register"]
    batches = exports.attendance(cohort, register, today=_today()).batches
    number = form.cleaned_data["batch"]
    if number > len(batches):
        return _problem(
            request, _("There is no batch with this number."), cohort=cohort, status=404
        )
    services.cohort_export_log(
        cohort=cohort, by=user, kind="attendance_batch", register=register.code
    )
    content = exports.batch_xml(
        batches[number - 1], register=register, batch=number, batches=len(batches)
    )
    response = HttpResponse(content, content_type="application/xml; charset=utf-8")
    name = exports.download_name(register.code, "batch", str(number))
    response["Content-Disposition"] = f'attachment; filename="{name}.xml"'
    return response
