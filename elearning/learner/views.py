"""The learner's pages: modules, lessons with case vignettes, the quiz, certificates, numbers.

Any verified user may learn, whatever their role. Every page shows the
request user's own progress, attempts and certificates; the selectors answer
404 for anyone else's. Writes go through the services, which decide
completion in the same request.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from elearning import services
from elearning.content import content_language
from elearning.models import Attempt, Module
from meldcode.accounts.models import User
from meldcode.security import ANY_ROLE, roles

from . import selectors
from .forms import JOIN_REFUSED, AttemptForm, JoinForm, NumbersForm, VignetteAnswerForm
from .presentation import (
    accreditation_rows,
    answered_questions,
    answers_of,
    certificate_rows,
    markdown_html,
    refusal_message,
    shown_questions,
    vignette_cases,
)
from .services import learner_numbers_set

TEMPLATES = "elearning/learner"


def _user(request: HttpRequest) -> User:
    """Return the request's user (the role check let only verified users through)."""
    return cast(User, request.user)


def _language() -> str:
    """Return the language of the page: English or, for anything else, Dutch."""
    return content_language(get_language())


def content_guard[V: Callable[..., HttpResponse]](view: V) -> V:
    """Answer 503 with a friendly page while a module's files and database disagree.

    That happens for the moment between deploying new module files and
    loading them; the learner only needs to try again shortly.
    """

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except services.ContentNotLoaded:
            response = render(request, f"{TEMPLATES}/updating.html", status=503)
            response["Retry-After"] = "60"
            return response

    return cast(V, guarded)


# --- overview -----------------------------------------------------------------------


@roles(ANY_ROLE)
@require_safe
def index_view(request: HttpRequest) -> HttpResponse:
    """List the modules with the learner's progress, their certificates and their groups."""
    user = _user(request)
    language = _language()
    today = timezone.localdate()
    certificates = list(selectors.certificates_of(user))
    context = {
        "progress": selectors.progress_all(
            user=user, language=language, today=today, certificates=certificates
        ),
        "certificates": certificate_rows(certificates, language, today),
        "cohorts": list(selectors.cohorts_of(user)),
        "join_form": JoinForm(),
    }
    return render(request, f"{TEMPLATES}/index.html", context)


def _start_context(user: User, module: Module) -> dict[str, Any]:
    """Return whether a new attempt may start, and why not, for the start panel."""
    outcome = services.may_start(user, module, now=timezone.now())
    return {"may_start": outcome, "refusal": refusal_message(outcome)}


@roles(ANY_ROLE)
@require_safe
@content_guard
def module_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a module: its lessons with read marks, the quiz, accreditation and certificate."""
    user = _user(request)
    module = selectors.module_get(slug=slug)
    today = timezone.localdate()
    progress = selectors.progress_get(user=user, module=module, language=_language(), today=today)
    if progress.content is None:
        raise services.ContentNotLoaded(module.slug)
    context = {
        "progress": progress,
        "accreditations": accreditation_rows(
            list(selectors.accreditations_current(module, today=today))
        ),
        "certificates": certificate_rows(
            list(selectors.certificates_of(user).filter(module=module)), _language(), today
        ),
        **_start_context(user, module),
    }
    return render(request, f"{TEMPLATES}/module.html", context)


# --- lessons -------------------------------------------------------------------------


@roles(ANY_ROLE)
@require_http_methods(["GET", "POST"])
@content_guard
def lesson_view(request: HttpRequest, slug: str, lesson: str) -> HttpResponse:
    """Show a lesson and its case vignettes; record it as read, or answer a vignette step.

    The "done reading" button posts ``action=read``; a vignette step posts
    its vignette, step and option and gets its feedback on the same page,
    so no script is needed.
    """
    user = _user(request)
    language = _language()
    module = selectors.module_get(slug=slug)
    item = services.module_content(module)
    current = selectors.lesson_get(item, lesson)
    index = item.lessons.index(current)
    following = item.lessons[index + 1] if index + 1 < len(item.lessons) else None
    if request.method == "POST" and request.POST.get("action") == "read":
        certificate = services.lesson_view_record(user=user, module=module, lesson=current.slug)
        if certificate is not None:
            messages.success(
                request, _("Well done: you completed this module and your certificate is ready.")
            )
            return redirect("elearning:module", slug=module.slug)
        if following is not None:
            return redirect("elearning:lesson", slug=module.slug, lesson=following.slug)
        return redirect("elearning:quiz", slug=module.slug)

    vignettes = [vignette for vignette in item.vignettes if vignette.lesson == current.slug]
    answered = None
    step_errors: list[str] = []
    page_errors: list[str] = []
    status = 200
    if request.method == "POST":
        form = VignetteAnswerForm(request.POST, vignettes=vignettes)
        if form.is_valid() and form.answered and form.step_number:
            answered = (form.answered.slug, form.step_number, form.choice)
        else:
            status = 400
            if form.answered is not None and form.step_number is not None:
                answered = (form.answered.slug, form.step_number, None)
                step_errors = [str(error) for error in form.errors.get("option", [])]
            else:
                page_errors = [str(error) for errors in form.errors.values() for error in errors]
    marks = selectors.lesson_marks(
        module=module,
        item=item,
        viewed=selectors.lessons_read(
            user=user, module=module, item=item, today=timezone.localdate()
        ),
        language=language,
    )
    context = {
        "module": module,
        "module_title": item.title.get(language),
        "lesson": marks[index],
        "lessons": marks,
        "previous": marks[index - 1] if index > 0 else None,
        "next": marks[index + 1] if following is not None else None,
        "body": markdown_html(current.body.get(language)),
        "cases": vignette_cases(vignettes, language, answered=answered, errors=step_errors),
        "page_errors": page_errors,
    }
    return render(request, f"{TEMPLATES}/lesson.html", context, status=status)


# --- quiz ----------------------------------------------------------------------------


@roles(ANY_ROLE)
@require_http_methods(["GET", "POST"])
@content_guard
def quiz_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the quiz's start panel or open attempt; a POST starts (or resumes) an attempt."""
    user = _user(request)
    module = selectors.module_get(slug=slug)
    item = services.module_content(module)
    if request.method == "POST":
        try:
            attempt = services.attempt_start(user=user, module=module)
        except services.AttemptRefused as refused:
            messages.error(request, refusal_message(refused.outcome))
            return redirect("elearning:quiz", slug=module.slug)
        return redirect("elearning:attempt", slug=module.slug, attempt_id=attempt.pk)
    today = timezone.localdate()
    progress = selectors.progress_get(user=user, module=module, language=_language(), today=today)
    context = {
        "progress": progress,
        "quiz": item,
        "attempts": list(
            selectors.attempts_of(user=user, module=module).filter(finished_at__isnull=False)[:20]
        ),
        **_start_context(user, module),
    }
    return render(request, f"{TEMPLATES}/quiz.html", context)


def _closed(request: HttpRequest, attempt: Attempt) -> HttpResponse:
    """Send the learner on from an attempt that can no longer be answered."""
    attempt.refresh_from_db(fields=["finished_at"])
    if attempt.finished_at is not None:
        messages.info(request, _("This attempt was already submitted; here is its result."))
        return redirect("elearning:result", slug=attempt.module.slug, attempt_id=attempt.pk)
    messages.warning(
        request,
        _("This module was updated while you answered. Please start a new attempt."),
    )
    return redirect("elearning:quiz", slug=attempt.module.slug)


@roles(ANY_ROLE)
@require_http_methods(["GET", "POST"])
@content_guard
def attempt_view(request: HttpRequest, slug: str, attempt_id: int) -> HttpResponse:
    """Show an open attempt's questions in the drawn order; a POST submits the answers."""
    user = _user(request)
    module = selectors.module_get(slug=slug)
    attempt = selectors.attempt_get_for_user(user=user, module=module, attempt_id=attempt_id)
    if attempt.finished_at is not None:
        return _closed(request, attempt)
    item = services.module_content(module)
    shown = (
        shown_questions(item, services.drawn_of(attempt), _language())
        if attempt.module_version_id == module.current_version_id
        else None
    )
    if shown is None:
        return _closed(request, attempt)
    form = AttemptForm(request.POST if request.method == "POST" else None, questions=shown)
    if request.method == "POST" and form.is_valid():
        try:
            certificate = services.attempt_submit(
                user=user, attempt_id=attempt.pk, answers=form.answers()
            )[2]
        except services.AttemptClosed:
            return _closed(request, attempt)
        if certificate is not None:
            messages.success(
                request, _("Well done: you completed this module and your certificate is ready.")
            )
        return redirect("elearning:result", slug=module.slug, attempt_id=attempt.pk)
    context = {
        "module": module,
        "module_title": item.title.get(_language()),
        "attempt": attempt,
        "pass_mark": item.pass_mark,
        "form": form,
        "questions": [(number, q, form[q.id]) for number, q in enumerate(shown, start=1)],
    }
    status = 400 if form.is_bound else 200
    return render(request, f"{TEMPLATES}/attempt.html", context, status=status)


@roles(ANY_ROLE)
@require_safe
@content_guard
def result_view(request: HttpRequest, slug: str, attempt_id: int) -> HttpResponse:
    """Show a graded attempt: the score, every question explained, and what comes next."""
    user = _user(request)
    language = _language()
    module = selectors.module_get(slug=slug)
    attempt = selectors.attempt_get_for_user(user=user, module=module, attempt_id=attempt_id)
    if attempt.finished_at is None:
        return redirect("elearning:attempt", slug=module.slug, attempt_id=attempt.pk)
    item = services.module_content(module)
    same_version = attempt.module_version_id == module.current_version_id
    answered = (
        answered_questions(item, services.drawn_of(attempt), answers_of(attempt.answers), language)
        if same_version
        else None
    )
    progress = selectors.progress_get(
        user=user, module=module, language=language, today=timezone.localdate()
    )
    certificate = selectors.certificate_of_attempt(attempt) if attempt.passed else None
    context = {
        "module": module,
        "module_title": item.title.get(language),
        "attempt": attempt,
        "pass_mark": item.pass_mark if same_version else None,
        "answered": answered,
        "progress": progress,
        "certificate": certificate,
        "certificate_rows": certificate_rows([certificate], language, timezone.localdate())
        if certificate
        else (),
        **_start_context(user, module),
    }
    return render(request, f"{TEMPLATES}/result.html", context)


# --- certificates, numbers, groups -----------------------------------------------------


@roles(ANY_ROLE)
@require_safe
def certificate_pdf_view(request: HttpRequest, code: str) -> HttpResponse:
    """Download the learner's own certificate as it was issued."""
    certificate = selectors.certificate_get_for_user(user=_user(request), code=code)
    response = HttpResponse(
        services.certificate_pdf_bytes(certificate), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="meldwijzer-certificaat-{certificate.code}.pdf"'
    )
    # The PDF carries a name and a BIG-nummer: no shared cache may keep it.
    response["Cache-Control"] = "private, no-store"
    return response


@roles(ANY_ROLE)
@require_http_methods(["GET", "POST"])
def numbers_view(request: HttpRequest) -> HttpResponse:
    """Keep the learner's BIG-nummer and register numbers, used for attendance and certificates."""
    user = _user(request)
    registers = list(selectors.registers_by_own_number())
    held = selectors.register_numbers_of(user)
    initial = {
        "big_number": user.big_number,
        **{NumbersForm.field_name(r): held.get(r.pk, "") for r in registers},
    }
    form = NumbersForm(
        request.POST if request.method == "POST" else None, registers=registers, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        learner_numbers_set(
            user=user, big_number=form.cleaned_data["big_number"], numbers=form.numbers()
        )
        messages.success(request, _("Your numbers are saved."))
        return redirect("elearning:numbers")
    context = {"form": form, "big_registers": list(selectors.registers_by_big_number())}
    status = 400 if form.is_bound else 200
    return render(request, f"{TEMPLATES}/numbers.html", context, status=status)


def _joined(request: HttpRequest, user: User, code: str) -> HttpResponse | None:
    """Join the group with ``code`` and go to the overview; None when no open group has it."""
    try:
        cohort = services.cohort_join(user=user, code=code)
    except services.CohortClosed:
        return None
    messages.success(request, _("You joined the group %(name)s.") % {"name": cohort.name})
    return redirect("elearning:index")


@roles(ANY_ROLE)
@require_http_methods(["GET", "POST"])
def join_view(request: HttpRequest) -> HttpResponse:
    """Join a trainer's group with the code they gave."""
    user = _user(request)
    form = JoinForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        joined = _joined(request, user, form.cleaned_data["code"])
        if joined is not None:
            return joined
        form.add_error("code", JOIN_REFUSED)
    status = 400 if form.is_bound else 200
    return render(request, f"{TEMPLATES}/join.html", {"form": form}, status=status)


@roles(ANY_ROLE)
@require_http_methods(["GET", "POST"])
def join_link_view(request: HttpRequest, code: str) -> HttpResponse:
    """Show the group a join link names, with a button to join it."""
    user = _user(request)
    if request.method == "POST":
        joined = _joined(request, user, code)
        if joined is not None:
            return joined
    cohort = selectors.cohort_open_by_code(code)
    if cohort is None:
        # Unknown and closed codes read alike, so a link tells nothing about other groups.
        form = JoinForm({"code": code[:40]})
        form.is_valid()
        form.add_error("code", JOIN_REFUSED)
        status = 400 if request.method == "POST" else 404
        return render(request, f"{TEMPLATES}/join.html", {"form": form}, status=status)
    context = {
        "cohort": cohort,
        "member": selectors.is_member(user=user, cohort=cohort),
        "action": reverse("elearning:join_link", args=[code]),
    }
    return render(request, f"{TEMPLATES}/join_link.html", context)
