"""What the case pages show: titles, progress, the decision, the flowchart and the timeline.

Everything here is wording and arrangement; the rules are in
:mod:`meldcode.cases.steps`, :mod:`meldcode.afwegingskader` and
:mod:`meldcode.routing`.
"""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from meldcode.afwegingskader import Outcome
from signals.presentation import profile_context, routes_context
from signals.weighing import Profile, weigh

from . import flowchart
from .models import Case, CaseEvent, Track
from .selectors import case_catalogue
from .steps import STEPS, decision, melding_ready, steps_complete

# The Dutch names the professionals use, in both languages; English adds a gloss.
STEP_NAMES = {
    "signalen": ("Signalen in kaart brengen", gettext_lazy("Map the signals")),
    "consultatie": (
        "Collegiale consultatie en Veilig Thuis raadplegen",
        gettext_lazy("Consult a colleague and Veilig Thuis"),
    ),
    "gesprek": ("Gesprek met de betrokkene", gettext_lazy("Talk with the patient")),
    "wegen": ("Wegen van aard en ernst", gettext_lazy("Weigh the nature and seriousness")),
    "beslissen": (
        "Beslissen: hulp organiseren en/of melden",
        gettext_lazy("Decide: organise help and/or report"),
    ),
}
STEP_INTROS = {
    "signalen": gettext_lazy(
        "Collect what you saw and heard, also what contradicts the suspicion. Keep facts "
        "apart from interpretations and note the source of each."
    ),
    "consultatie": gettext_lazy(
        "Discuss the case with a colleague or the aandachtsfunctionaris and ask Veilig Thuis "
        "for advice (0800-2000); both can be anonymous about the patient."
    ),
    "gesprek": gettext_lazy(
        "Discuss your concerns with the patient, with a professional interpreter when needed "
        "(never the companion). Skip the conversation only when it would endanger someone, "
        "or when there is no contact, and seek another moment."
    ),
    "wegen": gettext_lazy(
        "Weigh the risk, the nature and the seriousness of the unsafety. When in doubt, ask "
        "Veilig Thuis for advice."
    ),
    "beslissen": gettext_lazy(
        "Answer the afwegingsvragen one at a time. First: is a melding needed? Then: is "
        "giving or organising help (also) possible?"
    ),
}
QUESTION_NAMES = {
    1: "Vermoeden",
    2: "Acute of structurele onveiligheid",
    3: "Hulp mogelijk",
    4: "Hulp aanvaard",
    5: "Resultaat",
}
DECISION_NAMES = {
    "onvolledig": gettext_lazy("Not decided yet"),
    "afsluiten": gettext_lazy("Afsluiten: close the case and record it in the file"),
    "melden": gettext_lazy("Melden: report to Veilig Thuis"),
    "hulp": gettext_lazy("Hulp: give or organise help, then evaluate (question 5)"),
    "opnieuw_melden": gettext_lazy("(Opnieuw) melden: report (again) to Veilig Thuis"),
    "afsluiten_monitoren": gettext_lazy("Afsluiten: close, with agreements on monitoring"),
}
NODE_LABELS = {
    "hulp": gettext_lazy("Give or organise help"),
    "afsluiten": gettext_lazy("Close"),
    "melden_2": gettext_lazy("Report"),
    "melden_3": gettext_lazy("Report"),
    "melden_4": gettext_lazy("Report"),
    "opnieuw_melden": gettext_lazy("Report (again)"),
    "afsluiten_monitoren": gettext_lazy("Close, and monitor"),
}
MISSING_TEXTS = {
    "collega": gettext_lazy("an anonymous consultation of a colleague (step 2)"),
    "veilig_thuis": gettext_lazy("a Veilig Thuis advies (step 2)"),
    "collega_of_veilig_thuis": gettext_lazy(
        "a consultation of a colleague or Veilig Thuis (step 2)"
    ),
    "gesprek": gettext_lazy("the conversation, or a valid ground to skip it (step 3)"),
    "wegen": gettext_lazy("the weighing of nature and seriousness (step 4)"),
}
ACUTE_NAMES = {
    "direct_gevaar": gettext_lazy("Direct danger: 112 / the police, then Veilig Thuis"),
    "acute_onveiligheid": gettext_lazy("Acute unsafety: a melding by phone to Veilig Thuis today"),
}
EVENT_TEXTS = {
    "created": gettext_lazy("Case opened"),
    "details_changed": gettext_lazy("Details changed"),
    "step_saved": gettext_lazy("Saved: %(step)s"),
    "acute_exit": gettext_lazy("Acute exit: %(kind)s"),
    "decided": gettext_lazy("Decision recorded: %(decision)s"),
    "closed": gettext_lazy("Case closed"),
    "reopened": gettext_lazy("Case reopened"),
}


def step_title(step: str) -> str:
    """Return a step's title: the Dutch name, with an English gloss in English."""
    dutch, gloss = STEP_NAMES[step]
    return f"{gloss} ({dutch})" if (get_language() or "nl").startswith("en") else dutch


def decision_name(code: str) -> str:
    """Return the words for a recorded decision, or a dash when none was recorded."""
    return _text(DECISION_NAMES[code]) if code in DECISION_NAMES else "—"


def _text(value: Promise | str) -> str:
    """Return a lazy translation as text."""
    return str(value)


def case_profile(case: Case) -> Profile:
    """Weigh the signals saved in step 1 with the catalogue the case was weighed with."""
    codes = case.record.get("signalen", {}).get("signals", [])
    return weigh(codes, minor=case.minor, catalogue=case_catalogue(case))


def case_routes(case: Case, profile: Profile) -> list[dict[str, str]]:
    """Return whom to contact for this case, first things first.

    112 comes first only when the clinician judged there is direct danger
    now; acute unsafety means phoning Veilig Thuis today.
    """
    kind = (case.acute_record or {}).get("kind")
    signalen = case.record.get("signalen", {})
    return routes_context(
        profile,
        domestic=bool(signalen.get("domestic")),
        shelter=bool(signalen.get("shelter")),
        acute_danger=kind == "direct_gevaar",
        acute_unsafety=kind == "acute_onveiligheid",
    )


def readiness_context(case: Case) -> dict[str, Any]:
    """Say whether a melding may be finalised, and what it waits for."""
    readiness = melding_ready(case.state())
    return {
        "ready": readiness.ready,
        "acute": readiness.acute,
        "missing": [_text(MISSING_TEXTS[m]) for m in readiness.missing],
    }


def case_context(case: Case) -> dict[str, Any]:
    """Return what every case page shows: the case, its progress and its flags."""
    complete = steps_complete(case.state())
    progress = [
        {
            "step": step,
            "number": number,
            "title": step_title(step),
            "complete": complete[step],
            "skipped": bool(case.acute_record and step in case.acute_record.get("skipped", [])),
            "url": reverse("cases:step", kwargs={"reference": case.reference, "step": step}),
        }
        for number, step in enumerate(STEPS, start=1)
    ]
    return {
        "case": case,
        "progress": progress,
        "complete_count": sum(complete.values()),
        "track_name": Track(case.track).label,
    }


def decision_context(case: Case) -> dict[str, Any]:
    """Describe where the afwegingskader leads for this case."""
    outcome = decision(case.state())
    return {
        "code": outcome.decision,
        "name": _text(DECISION_NAMES[outcome.decision]),
        "path": outcome.path,
        "together_with_veilig_thuis": outcome.together_with_veilig_thuis,
        "next_question": outcome.next_question,
    }


def flowchart_context(answers: dict[int, bool | None], outcome: Outcome) -> dict[str, Any]:
    """Return the flowchart's boxes and arrows, labelled, with the path marked."""
    path = flowchart.taken(answers, outcome)
    nodes = []
    for node in flowchart.NODES:
        if node.kind == "question":
            number = int(node.id[1:])
            label = f"{number}. {QUESTION_NAMES[number]}"
        else:
            label = _text(NODE_LABELS[node.id])
        nodes.append(
            {
                "id": node.id,
                "kind": node.kind,
                "x": node.x,
                "y": node.y,
                "width": node.width,
                "height": node.height,
                "cx": node.x + node.width // 2,
                "cy": node.y + node.height // 2 + 5,
                "label": label,
                "taken": node.id in path.nodes,
                "waiting": node.id == path.waiting,
            }
        )
    edges = []
    for edge in flowchart.EDGES:
        (x1, y1), (x2, y2) = edge.points
        edges.append(
            {
                "id": edge.id,
                "x1": x1,
                "y1": y1,
                "x2": x2,
                "y2": y2,
                "lx": (x1 + x2) // 2 + (6 if x1 == x2 else 0),
                "ly": (y1 + y2) // 2 - (0 if x1 == x2 else 6),
                "label": {"yes": _("yes"), "no": _("no"), "": ""}[edge.label],
                "taken": edge.id in path.edges,
            }
        )
    description = " → ".join(
        f"{n}. {QUESTION_NAMES[n]}: {_('yes') if answers.get(n) else _('no')}" for n in outcome.path
    )
    return {
        "width": flowchart.WIDTH,
        "height": flowchart.HEIGHT,
        "nodes": nodes,
        "edges": edges,
        "description": description or _("No question answered yet."),
    }


def answers_of(case: Case) -> dict[int, bool | None]:
    """Return the saved afwegingskader answers."""
    beslissen = case.record.get("beslissen", {})
    return {n: v if isinstance(v := beslissen.get(f"q{n}"), bool) else None for n in range(1, 6)}


def timeline_context(events: Iterable[CaseEvent]) -> list[dict[str, Any]]:
    """Word the timeline of a case."""
    rows = []
    for event in events:
        detail = event.detail or {}
        text = _text(EVENT_TEXTS.get(event.kind, event.kind))
        if "%(" in text:
            text = text % {
                "step": step_title(detail["step"]) if detail.get("step") in STEP_NAMES else "",
                "kind": _text(ACUTE_NAMES.get(detail.get("kind", ""), "")),
                "decision": _text(DECISION_NAMES.get(detail.get("decision", ""), "")),
            }
        rows.append(
            {"at": event.at, "text": text, "actor": event.actor.full_name if event.actor else ""}
        )
    return rows


def summary_context(case: Case, events: Iterable[CaseEvent]) -> dict[str, Any]:
    """Return everything the case summary shows."""
    profile = case_profile(case)
    language = get_language() or "nl"
    outcome = decision(case.state())
    acute = case.acute_record
    routes = case_routes(case, profile)
    panel = profile_context(profile, catalogue=case_catalogue(case), language=language)
    # The panel shows the case's own route, which knows step 1 and the acute exit.
    panel["routes"] = routes if profile.signals else []
    return {
        **case_context(case),
        "decision": decision_context(case),
        "recorded_decision": decision_name(case.decision) if case.decision else "",
        "reasons": case.record.get("beslissen", {}).get("reasons", ""),
        "flowchart": flowchart_context(answers_of(case), outcome),
        "profile": panel,
        "routes": routes,
        "readiness": readiness_context(case),
        "timeline": timeline_context(events),
        "acute": acute,
        "acute_name": _text(ACUTE_NAMES[acute["kind"]]) if acute else "",
        "acute_skipped": [step_title(s) for s in acute.get("skipped", [])] if acute else [],
        "finished": case.decided_revision == case.revision,
        # Newest first: the delivery to Veilig Thuis whose status the summary shows.
        "latest_delivery": case.deliveries.first(),
    }


def step_context(case: Case, step: str, form: Any) -> dict[str, Any]:
    """Return what one step's page shows next to its form."""
    number = STEPS.index(step) + 1
    context: dict[str, Any] = {
        "step": step,
        "step_number": number,
        "step_title": step_title(step),
        "step_intro": STEP_INTROS[step],
        "step_template": f"cases/steps/{step}.html",
        "previous_step": STEPS[number - 2] if number > 1 else None,
        "next_step": STEPS[number] if number < len(STEPS) else None,
    }
    if step == "beslissen":
        outcome = form.outcome()
        profile = case_profile(case)
        visible = form.visible_questions()
        context.update(
            {
                "outcome": {
                    "code": outcome.decision,
                    "name": _text(DECISION_NAMES[outcome.decision]),
                    "together_with_veilig_thuis": outcome.together_with_veilig_thuis,
                },
                "questions": [form[f"q{n}"] for n in visible],
                "show_help": outcome.together_with_veilig_thuis
                or (
                    4 in outcome.path
                    and outcome.decision in ("hulp", "opnieuw_melden", "afsluiten_monitoren")
                ),
                "show_melding": outcome.decision in ("melden", "opnieuw_melden"),
                "routes": case_routes(case, profile),
                "readiness": readiness_context(case),
                "conflict_fields": [form[f"cvp_{n}"] for n in range(1, 6)],
                "show_conflict": form["disclosure_basis"].value() == "geen",
            }
        )
    return context
