"""The Meldcode wizard: five steps on django-formtools, stored on the case itself.

Every step has its own URL and may be opened at any time: the order of the
Meldcode is not binding. What was saved lives on the case row, not in the
session, so a clinician can stop and go on tomorrow on another device.
Every save carries the revision its page was built on; a save from an
older page (a second tab) is refused and shows what was typed, so nothing
is lost.
"""

from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from formtools.wizard.storage.base import BaseStorage  # type: ignore[import-untyped]
from formtools.wizard.views import NamedUrlWizardView  # type: ignore[import-untyped]

from meldcode.accounts.models import User
from signals.forms import flag_submitted
from signals.picker import picker_groups
from signals.presentation import profile_context
from signals.views import PARTIAL_HEADER
from signals.weighing import weigh

from .forms import STEP_FORMS, SignalenForm
from .models import Case, Status
from .presentation import case_context, step_context
from .selectors import case_catalogue, case_get_for_user
from .services import CaseClosed, StaleRevision, case_read_log, case_step_save
from .steps import STEPS

# Submitted fields that belong to the page, not to the step's answers.
PAGE_FIELDS = frozenset({"csrfmiddlewaretoken", "revision", "nav", "q"})
CASE_ATTR = "meldwijzer_case"


class CaseStorage(BaseStorage):  # type: ignore[misc]
    """Formtools storage on the case: the saved drafts per step, never the session.

    Writes go through :func:`meldcode.cases.services.case_step_save` (which
    locks the case, checks the revision and audits); this storage only
    hands the saved data to the wizard, and never resets it.
    """

    def __init__(self, prefix: str, request: HttpRequest | None = None, file_storage: Any = None):
        """Load the drafts of the case the view found for this request."""
        super().__init__(prefix, request, file_storage)
        case: Case = getattr(request, CASE_ATTR)
        self.data = {
            self.step_key: None,
            self.step_data_key: {k: v for k, v in case.drafts.items() if k in STEPS},
            self.step_files_key: {},
            self.extra_data_key: {},
        }

    def reset(self) -> None:
        """Keep everything: a case's answers are never thrown away by the wizard."""


def parse_revision(raw: str | None) -> int | None:
    """Read the revision a page was built on, or None when it is missing or mangled."""
    if raw is None or not raw.isdigit() or len(raw) > 9:
        return None
    return int(raw)


class CaseWizardView(NamedUrlWizardView):  # type: ignore[misc]
    """The five steps of the Meldcode for one case."""

    storage_name = "meldcode.cases.wizard.CaseStorage"
    template_name = "cases/step.html"

    case: Case

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Find the case through the selector (404 alike for missing and foreign ones)."""
        user = cast(User, request.user)
        # Only the owner saves; a waarnemer may read every step.
        write = request.method not in ("GET", "HEAD")
        self.case = case_get_for_user(user=user, reference=kwargs["reference"], write=write)
        setattr(request, CASE_ATTR, self.case)
        self.catalogue = case_catalogue(self.case)
        return cast(HttpResponse, super().dispatch(request, *args, **kwargs))

    def get_prefix(self, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        """Key the wizard by the case."""
        return f"case_{self.case.pk}"

    def get_step_url(self, step: str) -> str:
        """Return the URL of ``step`` of this case."""
        return reverse(self.url_name, kwargs={"reference": self.case.reference, "step": step})

    def get_form_prefix(self, step: str | None = None, form: Any = None) -> str | None:
        """Use no prefix: one step per page, and the signal picker's names stay as they are."""
        return None

    def get_form_kwargs(self, step: str | None = None) -> dict[str, Any]:
        """Give each step form the case and its catalogue."""
        return {"case": self.case, "catalogue": self.catalogue}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Show a step with what was saved for it; any step, in any order."""
        step = kwargs.get("step")
        if step not in STEP_FORMS:
            raise Http404("No such step.")
        self.storage.current_step = step
        case_read_log(user=cast(User, request.user), case=self.case, view=f"step:{step}")
        return self.render(self.get_form(step=step, data=self.storage.get_step_data(step)))

    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        """Save the step when it validates, then go where the clinician asked."""
        request = self.request
        step = kwargs.get("step")
        if step not in STEP_FORMS:
            raise Http404("No such step.")
        self.storage.current_step = step
        form = self.get_form(step=step, data=request.POST)
        if request.headers.get(PARTIAL_HEADER) == "profile" and isinstance(form, SignalenForm):
            return self.render_profile(form)
        if self.case.status == Status.CLOSED:
            messages.error(request, _("This case is closed. Reopen it to change it."))
            return redirect("cases:summary", reference=self.case.reference)
        revision = parse_revision(request.POST.get("revision"))
        if revision is None:
            form.add_error(None, _("This page could not be saved. Reload it and try again."))
            return self.render(form, status=400)
        if not form.is_valid():
            if request.POST.get("nav") == "acute":
                # Danger comes first: leave at once, even with answers that need attention.
                messages.warning(
                    request, _("Your last changes on this step were not saved: they had errors.")
                )
                return redirect("cases:acute", reference=self.case.reference)
            return self.render(form, status=400)
        raw = {k: v for k, v in request.POST.lists() if k not in PAGE_FIELDS}
        try:
            self.case = case_step_save(
                user=cast(User, request.user),
                case=self.case,
                expected_revision=revision,
                step=step,
                raw=raw,
                cleaned=form.record(),
            )
        except StaleRevision:
            form.add_error(
                None,
                _(
                    "This case was changed elsewhere (another tab or device) after you opened "
                    "this page, so your changes were not saved. What you typed is still below: "
                    "copy what you need, then open the step again to see the saved version."
                ),
            )
            # Keep the old revision on the page: saving it again is refused
            # again, until the clinician has seen the saved version.
            return self.render(form, status=409, page_revision=revision)
        except CaseClosed:
            messages.error(request, _("This case is closed. Reopen it to change it."))
            return redirect("cases:summary", reference=self.case.reference)
        messages.success(request, _("Saved."))
        return self.navigate(step)

    def navigate(self, step: str) -> HttpResponse:
        """Go where the pressed button asked: a step, the acute exit or the summary."""
        target = self.request.POST.get("nav", "")
        reference = self.case.reference
        if step == "signalen" and not self.case.acute and self.profile().acute:
            # Acute signals call for a safety assessment now: offer the exit at once.
            return redirect(reverse("cases:acute", kwargs={"reference": reference}) + "?auto=1")
        if target == "acute":
            return redirect("cases:acute", reference=reference)
        if target == "summary":
            return redirect("cases:summary", reference=reference)
        if target == "close":
            summary = reverse("cases:summary", kwargs={"reference": reference})
            return HttpResponseRedirect(f"{summary}#close")
        if target in STEP_FORMS:
            return HttpResponseRedirect(self.get_step_url(target))
        if target == "next":
            following = STEPS[STEPS.index(step) + 1] if step != STEPS[-1] else None
            if following is None:
                return redirect("cases:summary", reference=reference)
            return HttpResponseRedirect(self.get_step_url(following))
        return HttpResponseRedirect(self.get_step_url(step))

    def profile(self, form: SignalenForm | None = None) -> Any:
        """Weigh the signals on the page (or the saved ones) with the case's catalogue."""
        if form is not None:
            codes = form.submitted_codes()
        else:
            codes = set(self.case.record.get("signalen", {}).get("signals", []))
        return weigh(codes, minor=self.case.minor, catalogue=self.catalogue)

    def profile_panel(self, form: SignalenForm) -> dict[str, Any]:
        """Return the profile panel of the signals and circumstances on the page."""
        return profile_context(
            self.profile(form),
            catalogue=self.catalogue,
            language=get_language() or "nl",
            domestic=flag_submitted(form, "domestic"),
            shelter=flag_submitted(form, "shelter"),
        )

    def render_profile(self, form: SignalenForm) -> HttpResponse:
        """Answer the live profile update of step 1, without saving anything."""
        context = {"form": form, "profile": self.profile_panel(form)}
        return render(self.request, "signals/includes/profile_update.html", context)

    def render(self, form: Any = None, status: int = 200, **kwargs: Any) -> HttpResponse:
        """Render the step page with the case, the progress and the step's own context."""
        context = self.get_context_data(form=form, **kwargs)
        context.update(case_context(self.case))
        context["page_revision"] = kwargs.get("page_revision", self.case.revision)
        context["can_edit"] = self.case.owner_id == self.request.user.pk
        context.update(step_context(self.case, self.steps.current, form))
        if isinstance(form, SignalenForm):
            language = get_language() or "nl"
            selected = form.submitted_codes() if form.is_bound else set()
            context["groups"] = picker_groups(
                self.catalogue, selected=selected, query="", language=language
            )
            context["domestic"] = flag_submitted(form, "domestic")
            context["shelter"] = flag_submitted(form, "shelter")
            context["profile"] = self.profile_panel(form)
        return cast(
            HttpResponse,
            self.response_class(
                request=self.request,
                template=self.get_template_names(),
                context=context,
                using=self.template_engine,
                status=status,
            ),
        )
