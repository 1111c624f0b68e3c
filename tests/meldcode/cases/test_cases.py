"""Cases and the wizard over HTTP: access, saving, stale pages, resuming, the acute exit."""

import re
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from meldcode.accounts.models import Profession, Role, User
from meldcode.audit.models import AuditEntry
from meldcode.cases import services
from meldcode.cases.models import Case, CaseEvent, Status
from meldcode.cases.steps import STEPS
from meldcode.security import LAST_ACTIVITY_KEY
from tests.helpers import verify_session

from .factories import STEP_DATA, make_case, post_step, rows, step_url

pytestmark = pytest.mark.django_db


def case_urls(reference: str) -> list[tuple[str, str]]:
    """Return every (method, URL) of one case."""
    kwargs = {"reference": reference}
    urls = [
        ("get", reverse("cases:summary", kwargs=kwargs)),
        ("get", reverse("cases:details", kwargs=kwargs)),
        ("post", reverse("cases:details", kwargs=kwargs)),
        ("get", reverse("cases:acute", kwargs=kwargs)),
        ("post", reverse("cases:acute", kwargs=kwargs)),
        ("post", reverse("cases:finish", kwargs=kwargs)),
        ("post", reverse("cases:close", kwargs=kwargs)),
        ("post", reverse("cases:reopen", kwargs=kwargs)),
        ("get", reverse("cases:record", kwargs=kwargs)),
        ("get", reverse("cases:record_pdf", kwargs=kwargs)),
        ("post", reverse("cases:copied", kwargs=kwargs)),
        ("post", reverse("cases:his", kwargs=kwargs)),
        ("get", reverse("cases:share", kwargs=kwargs)),
        ("post", reverse("cases:share", kwargs=kwargs)),
        ("get", reverse("cases:access", kwargs=kwargs)),
        ("post", reverse("cases:access", kwargs=kwargs)),
        ("post", reverse("cases:access_revoke", kwargs={**kwargs, "access_id": 1})),
        ("post", reverse("cases:share_record", kwargs={**kwargs, "public_id": str(uuid4())})),
        ("post", reverse("cases:share_withdraw", kwargs={**kwargs, "public_id": str(uuid4())})),
    ]
    for step in STEPS:
        url = reverse("cases:step", kwargs={**kwargs, "step": step})
        urls += [("get", url), ("post", url)]
    return urls


def test_another_clinician_gets_404_on_every_case_url_like_for_a_missing_case(
    make_user: Callable[..., User], clinician: User
) -> None:
    case = make_case(clinician)
    stranger = make_user(with_device=True)
    client = Client()
    verify_session(client, stranger)
    revision = case.revision
    for method, url in case_urls(case.reference):
        foreign = getattr(client, method)(url, {"revision": str(revision)})
        missing = getattr(client, method)(url.replace(case.reference, "MW-NONE-0000"))
        assert foreign.status_code == missing.status_code == 404, url
    case.refresh_from_db()
    assert case.revision == revision
    assert not AuditEntry.objects.filter(actor_id=stranger.pk).exists()


def test_staff_without_the_clinician_role_are_refused(make_user: Callable[..., User]) -> None:
    trainer = make_user(roles=(Role.TRAINER,), with_device=True)
    client = Client()
    verify_session(client, trainer)
    assert client.get(reverse("cases:list")).status_code == 403
    assert client.get(reverse("cases:create")).status_code == 403


def test_a_new_case_takes_its_track_from_the_profession_and_is_audited(
    make_user: Callable[..., User],
) -> None:
    nurse = make_user(profession=Profession.VERPLEEGKUNDIGE, with_device=True)
    client = Client()
    verify_session(client, nurse)
    page = client.get(reverse("cases:create"))
    assert page.context["form"]["track"].value() == "vvn"
    before = AuditEntry.objects.count()
    response = client.post(
        reverse("cases:create"),
        {"age_group": "volwassene", "track": "vvn", "initials": "a.b.", "birth_year": "1990"},
    )
    case = Case.objects.get(owner=nurse)
    assert response.status_code == 302
    assert response["Location"] == step_url(case, "signalen")
    assert (case.track, case.minor, case.initials, case.birth_year) == ("vvn", False, "A.B.", 1990)
    assert case.reference.startswith("MW-")
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.last()
    assert entry is not None
    assert (entry.action, entry.target, entry.actor_id) == (
        "case_created",
        f"case:{case.pk}",
        nurse.pk,
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"age_group": "minderjarige", "track": "knmg", "birth_year": "1970"}, "birth_year"),
        ({"age_group": "volwassene", "track": "knmg", "initials": "Jansen"}, "initials"),
        ({"age_group": "volwassene", "track": "knmg", "birth_year": "1800"}, "birth_year"),
        ({"age_group": "kind", "track": "knmg"}, "age_group"),
        ({"age_group": "volwassene", "track": "other"}, "track"),
    ],
)
def test_case_details_are_checked_and_a_refusal_creates_nothing(
    verified_client: Client, data: dict[str, str], field: str
) -> None:
    response = verified_client.post(reverse("cases:create"), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Case.objects.exists()


def test_each_step_saves_with_one_audit_entry_and_one_timeline_entry(
    verified_client: Client, clinician: User
) -> None:
    case = make_case(clinician)
    for step in STEPS:
        revision = case.revision
        audits, events = AuditEntry.objects.count(), CaseEvent.objects.count()
        response = post_step(verified_client, case, step)
        assert response.status_code == 302, (step, response.content[:2000])
        case.refresh_from_db()
        assert case.revision == revision + 1
        assert AuditEntry.objects.count() == audits + 1
        assert AuditEntry.objects.last().action == "case_step_saved"  # type: ignore[union-attr]
        assert CaseEvent.objects.count() == events + 1
        assert step in case.record
    assert case.catalogue_version
    assert (case.advies_gevraagd, case.gemeld, case.hulp) == (True, True, False)


def test_no_patient_identifier_reaches_the_audit_trail(
    verified_client: Client, clinician: User
) -> None:
    case = make_case(clinician, initials="Q.Z.", birth_year=1991)
    for step in STEPS:
        post_step(verified_client, case, step)
    trail = " ".join(str(e.data) + e.target for e in AuditEntry.objects.all())
    for secret in ("Q.Z.", "1991", "Paspoort", "zorgen", case.reference):
        assert secret not in trail


def test_steps_can_be_done_in_any_order(verified_client: Client, clinician: User) -> None:
    case = make_case(clinician)
    for step in reversed(STEPS):
        assert post_step(verified_client, case, step).status_code == 302
    summary = verified_client.get(reverse("cases:summary", kwargs={"reference": case.reference}))
    assert summary.context["complete_count"] == 5


def test_next_goes_to_the_following_step_and_from_the_last_to_the_summary(
    verified_client: Client, clinician: User
) -> None:
    case = make_case(clinician)
    response = post_step(verified_client, case, "consultatie", nav="next")
    assert response["Location"] == step_url(case, "gesprek")
    response = post_step(verified_client, case, "beslissen", nav="next")
    assert response["Location"] == reverse("cases:summary", kwargs={"reference": case.reference})
    response = post_step(verified_client, case, "gesprek", nav="wegen")
    assert response["Location"] == step_url(case, "wegen")


def test_invalid_input_is_refused_with_its_message_and_changes_nothing(
    verified_client: Client, clinician: User
) -> None:
    case = make_case(clinician)
    post_step(verified_client, case, "consultatie")
    case.refresh_from_db()
    revision, record, audits = case.revision, dict(case.record), AuditEntry.objects.count()
    verified_client.cookies["django_language"] = "en"
    response = post_step(
        verified_client,
        case,
        "consultatie",
        {**STEP_DATA["consultatie"], "vt_date": "31-31-2026", "vt_advice": "nieuw advies"},
    )
    assert response.status_code == 400
    assert "Enter a date such as 2026-03-14." in response.content.decode()
    # What was typed is shown again.
    assert "nieuw advies" in response.content.decode()
    case.refresh_from_db()
    assert (case.revision, case.record) == (revision, record)
    assert AuditEntry.objects.count() == audits


def test_the_error_messages_are_dutch_by_default(verified_client: Client, clinician: User) -> None:
    case = make_case(clinician)
    response = post_step(verified_client, case, "gesprek", {"status": "overgeslagen"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["skip_ground"] == ["Kies een van de drie gronden om het gesprek over te slaan."]


@pytest.mark.parametrize(
    "tamper",
    [
        {"revision": "abc"},
        {"revision": ""},
        {"revision": "9" * 40},
        {"observations-TOTAL_FORMS": "x"},
        {"observations-TOTAL_FORMS": "100000"},
        {"signals": ["no_such_signal"]},
        {"children_count": "-4"},
        {"children_ages": "drie"},
        {"cares_alone": "misschien"},
        {"observations-0-kind": "gerucht"},
        {"network": "x" * 5000},
    ],
)
def test_tampered_posts_are_refused_without_a_500_and_change_nothing(
    verified_client: Client, clinician: User, tamper: dict[str, Any]
) -> None:
    case = make_case(clinician)
    revision = case.revision
    data = {**STEP_DATA["signalen"], **{k: v for k, v in tamper.items() if k != "revision"}}
    extra = {"revision": tamper["revision"]} if "revision" in tamper else {}
    response = post_step(verified_client, case, "signalen", data, **extra)
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.revision == revision
    assert "signalen" not in case.record


def test_an_unknown_step_is_404(verified_client: Client, clinician: User) -> None:
    case = make_case(clinician)
    url = step_url(case, "signalen").replace("signalen", "stap6")
    assert verified_client.get(url).status_code == 404
    assert verified_client.post(url, {"revision": "1"}).status_code == 404


def test_a_save_from_a_stale_page_is_refused_and_keeps_both_versions(
    verified_client: Client, clinician: User
) -> None:
    case = make_case(clinician)
    stale = case.revision
    first = {**STEP_DATA["wegen"], "weighing": "Eerste tabblad"}
    assert post_step(verified_client, case, "wegen", first, revision=str(stale)).status_code == 302
    second = {**STEP_DATA["wegen"], "weighing": "Tweede tabblad"}
    response = post_step(verified_client, case, "wegen", second, revision=str(stale))
    assert response.status_code == 409
    assert "Tweede tabblad" in response.content.decode()
    # Saving the refused page again is refused again: it still carries the old revision.
    assert f'name="revision" value="{stale}"' in response.content.decode()
    case.refresh_from_db()
    assert case.record["wegen"]["weighing"] == "Eerste tabblad"
    assert case.revision == stale + 1


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_once_from_the_same_page_leave_exactly_one(clinician: User) -> None:
    case = make_case(clinician)
    revision = case.revision
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def save(text: str) -> None:
        try:
            barrier.wait(timeout=5)
            services.case_step_save(
                user=clinician,
                case=Case.objects.get(pk=case.pk),
                expected_revision=revision,
                step="wegen",
                raw={"weighing": [text]},
                cleaned={"weighing": text},
            )
            result = text
        except services.StaleRevision:
            result = "stale"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=save, args=(t,)) for t in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes)[1] == "stale", outcomes
    case.refresh_from_db()
    assert case.revision == revision + 1
    assert case.record["wegen"]["weighing"] in ("A", "B")
    assert AuditEntry.objects.filter(action="case_step_saved").count() == 1


def test_a_case_resumes_after_logout_and_after_the_session_expired(
    clinician: User, settings: Any
) -> None:
    first = Client()
    verify_session(first, clinician)
    case = make_case(clinician)
    post_step(first, case, "wegen", {**STEP_DATA["wegen"], "weighing": "Weging van gisteren"})
    first.post(reverse("accounts:logout"))
    assert first.get(step_url(case, "wegen")).status_code == 302
    # Another device, another day.
    second = Client()
    verify_session(second, clinician)
    page = second.get(step_url(case, "wegen"))
    assert page.status_code == 200
    assert "Weging van gisteren" in page.content.decode()
    # The session idles past its limit and ends; the next login finds the case as it was.
    session = second.session
    session[LAST_ACTIVITY_KEY] = (datetime.now(UTC) - timedelta(hours=3)).isoformat()
    session.save()
    expired = second.get(step_url(case, "wegen"))
    assert expired.status_code == 302
    assert expired["Location"].startswith(reverse("accounts:login"))
    verify_session(second, clinician)
    assert "Weging van gisteren" in second.get(step_url(case, "wegen")).content.decode()


def test_back_and_forward_keep_what_was_typed(verified_client: Client, clinician: User) -> None:
    case = make_case(clinician)
    post_step(verified_client, case, "gesprek", nav="consultatie")
    page = verified_client.get(step_url(case, "gesprek")).content.decode()
    assert "Mijn zorgen over het werk" in page
    assert re.search(r'value="gevoerd"[^>]*checked', page)


def test_finishing_twice_records_one_decision(verified_client: Client, clinician: User) -> None:
    case = make_case(clinician)
    for step in STEPS:
        post_step(verified_client, case, step)
    case.refresh_from_db()
    url = reverse("cases:finish", kwargs={"reference": case.reference})
    audits = AuditEntry.objects.count()
    for _ in range(2):
        assert verified_client.post(url, {"revision": str(case.revision)}).status_code == 302
    case.refresh_from_db()
    assert case.decision == "melden"
    assert CaseEvent.objects.filter(case=case, kind="decided").count() == 1
    assert AuditEntry.objects.count() == audits + 1
    summary = verified_client.get(reverse("cases:summary", kwargs={"reference": case.reference}))
    html = summary.content.decode()
    assert 'data-decision="melden"' in html
    for node in ("q1", "q2", "melden_2"):
        assert f'data-node="{node}" data-taken="true"' in html
    assert 'data-node="q3" data-taken' not in html


def test_step_five_asks_only_the_questions_decide_needs(
    verified_client: Client, clinician: User
) -> None:
    case = make_case(clinician)
    post_step(verified_client, case, "beslissen", {"q1": "ja"})
    html = verified_client.get(step_url(case, "beslissen")).content.decode()
    assert 'name="q2"' in html
    assert 'name="q3"' not in html
    post_step(verified_client, case, "beslissen", {"q1": "ja", "q2": "nee", "q3": "ja", "q4": "ja"})
    html = verified_client.get(step_url(case, "beslissen")).content.decode()
    assert 'name="q5"' in html
    assert 'data-outcome="hulp"' in html
    assert 'name="help_what"' in html
    post_step(verified_client, case, "beslissen", {"q1": "ja", "q2": "ja", "q3": "nee"})
    case.refresh_from_db()
    # Answers after the decisive one are not kept.
    assert case.record["beslissen"]["q3"] is None
    html = verified_client.get(step_url(case, "beslissen")).content.decode()
    assert "data-together" in html
    assert 'name="informed"' in html


def test_conflict_van_plichten_needs_its_five_answers(
    verified_client: Client, clinician: User
) -> None:
    case = make_case(clinician)
    data = {**STEP_DATA["beslissen"], "disclosure": "politie", "disclosure_basis": "geen"}
    response = post_step(verified_client, case, "beslissen", data)
    assert response.status_code == 400
    assert {f"cvp_{n}" for n in range(1, 6)} <= set(response.context["form"].errors)
    answers = {f"cvp_{n}": f"antwoord {n}" for n in range(1, 6)}
    assert post_step(verified_client, case, "beslissen", {**data, **answers}).status_code == 302
    consent = {**STEP_DATA["beslissen"], "disclosure": "politie", "disclosure_basis": "toestemming"}
    assert post_step(verified_client, case, "beslissen", consent).status_code == 302


def test_acute_signals_lead_straight_to_the_acute_exit(
    verified_client: Client, clinician: User
) -> None:
    case = make_case(clinician)
    data = {**STEP_DATA["signalen"], "signals": ["locked_in_or_not_allowed_to_leave"]}
    response = post_step(verified_client, case, "signalen", data, nav="next")
    acute_url = reverse("cases:acute", kwargs={"reference": case.reference})
    assert response["Location"] == f"{acute_url}?auto=1"
    page = verified_client.get(response["Location"]).content.decode()
    assert "data-acute-auto" in page


@pytest.mark.parametrize(
    ("kind", "first"), [("direct_gevaar", "112"), ("acute_onveiligheid", "veilig_thuis")]
)
def test_the_acute_exit_records_what_was_skipped_and_orders_the_route(
    verified_client: Client, clinician: User, kind: str, first: str
) -> None:
    case = make_case(clinician)
    post_step(verified_client, case, "signalen")
    case.refresh_from_db()
    url = reverse("cases:acute", kwargs={"reference": case.reference})
    refused = verified_client.post(url, {"revision": str(case.revision), "kind": kind})
    assert refused.status_code == 400
    response = verified_client.post(
        url, {"revision": str(case.revision), "kind": kind, "reason": "Mag het pand niet uit."}
    )
    assert response["Location"] == step_url(case, "beslissen")
    case.refresh_from_db()
    assert case.acute
    assert case.record["acuut"]["skipped"] == ["consultatie", "gesprek", "wegen"]
    page = verified_client.get(step_url(case, "beslissen"))
    assert page.context["routes"][0]["code"] == first
    assert page.context["readiness"]["ready"]
    # An invalid step does not block the way out.
    escape = post_step(verified_client, case, "wegen", {"weighing": "x" * 5000}, nav="acute")
    assert escape["Location"] == url


def test_a_closed_case_refuses_changes_until_reopened(
    verified_client: Client, clinician: User
) -> None:
    case = make_case(clinician)
    close = reverse("cases:close", kwargs={"reference": case.reference})
    verified_client.post(close, {"revision": str(case.revision), "reason": "Vermoeden weg"})
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    revision = case.revision
    response = post_step(verified_client, case, "wegen")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.revision == revision
    reopen = reverse("cases:reopen", kwargs={"reference": case.reference})
    verified_client.post(reopen, {"revision": str(case.revision)})
    case.refresh_from_db()
    assert case.status == Status.OPEN
    assert post_step(verified_client, case, "wegen").status_code == 302


def test_the_track_can_be_switched_and_changes_what_a_melding_needs(
    verified_client: Client, clinician: User
) -> None:
    case = make_case(clinician)
    post_step(
        verified_client,
        case,
        "consultatie",
        rows(
            "colleagues",
            [{"role": "wijkverpleegkundige", "date": "2026-11-01", "advice": "Bellen"}],
        ),
    )
    for step in ("gesprek", "wegen"):
        post_step(verified_client, case, step)
    page = verified_client.get(step_url(case, "beslissen"))
    assert not page.context["readiness"]["ready"]
    case.refresh_from_db()
    details = reverse("cases:details", kwargs={"reference": case.reference})
    response = verified_client.post(
        details, {"revision": str(case.revision), "age_group": "volwassene", "track": "vvn"}
    )
    assert response.status_code == 302
    page = verified_client.get(step_url(case, "beslissen"))
    assert page.context["readiness"]["ready"]


def test_the_list_shows_only_own_cases_with_filters(
    verified_client: Client, clinician: User, make_user: Callable[..., User]
) -> None:
    mine = make_case(clinician, initials="A.B.")
    other = make_case(clinician)
    post_step(verified_client, other, "consultatie")
    foreign = make_case(make_user())
    url = reverse("cases:list")

    def listed(query: dict[str, str]) -> set[str]:
        return {c.reference for c in verified_client.get(url, query).context["page"].object_list}

    assert listed({}) == {mine.reference, other.reference}
    assert foreign.reference not in listed({"q": foreign.reference})
    assert listed({"flag": "advies_gevraagd"}) == {other.reference}
    assert listed({"q": mine.reference.lower()}) == {mine.reference}
    # Initials never travel in a URL, so they are not a filter.
    assert listed({"q": "a.b."}) == set()
    assert listed({"status": "closed"}) == set()
    assert listed({"status": "weird", "flag": "<script>"}) == {mine.reference, other.reference}


@pytest.mark.parametrize("step", STEPS)
def test_query_counts_per_step_are_bounded(
    verified_client: Client,
    clinician: User,
    step: str,
    django_assert_max_num_queries: Any,
) -> None:
    case = make_case(clinician)
    for earlier in STEPS:
        post_step(verified_client, case, earlier)
    case.refresh_from_db()
    # Five to read the page, five to log the read in the audit trail (NEN 7513).
    with django_assert_max_num_queries(10):
        assert verified_client.get(step_url(case, step)).status_code == 200
    data = {"revision": str(case.revision), "nav": "stay", **STEP_DATA[step]}
    with django_assert_max_num_queries(16):
        assert verified_client.post(step_url(case, step), data).status_code == 302


def test_the_summary_and_list_query_counts_do_not_grow_with_the_timeline(
    verified_client: Client, clinician: User, django_assert_max_num_queries: Any
) -> None:
    case = make_case(clinician)
    for _ in range(3):
        for step in STEPS:
            post_step(verified_client, case, step)
    for _ in range(5):
        make_case(clinician)
    # Each page also logs the read in the audit trail (five queries); the
    # summary also shows the latest delivery to Veilig Thuis (one query).
    with django_assert_max_num_queries(12):
        summary = reverse("cases:summary", kwargs={"reference": case.reference})
        assert verified_client.get(summary).status_code == 200
    with django_assert_max_num_queries(11):
        assert verified_client.get(reverse("cases:list")).status_code == 200


def test_every_kind_of_write_leaves_exactly_one_audit_entry(clinician: User) -> None:
    def count() -> int:
        return AuditEntry.objects.filter(actor_id=clinician.pk, action__startswith="case_").count()

    before = count()
    case = make_case(clinician)
    assert count() == before + 1
    writes: list[Callable[[Case], object]] = [
        lambda c: services.case_details_update(
            user=clinician,
            case=c,
            expected_revision=c.revision,
            track="vvn",
            minor=False,
            initials="",
            birth_year=None,
        ),
        lambda c: services.case_step_save(
            user=clinician,
            case=c,
            expected_revision=c.revision,
            step="beslissen",
            raw={"q1": ["ja"], "q2": ["ja"]},
            cleaned={"q1": True, "q2": True},
        ),
        lambda c: services.case_acute_exit(
            user=clinician,
            case=c,
            expected_revision=c.revision,
            kind="direct_gevaar",
            reason="Nu gevaar",
        ),
        lambda c: services.case_finish(user=clinician, case=c, expected_revision=c.revision),
        lambda c: services.case_close(
            user=clinician, case=c, expected_revision=c.revision, reason="Klaar"
        ),
        lambda c: services.case_reopen(user=clinician, case=c, expected_revision=c.revision),
    ]
    for write in writes:
        case.refresh_from_db()
        before = count()
        write(case)
        assert count() == before + 1
        case.refresh_from_db()
        entry = AuditEntry.objects.last()
        assert entry is not None
        assert entry.target == f"case:{case.pk}"
        assert entry.data["revision"] == case.revision
    # A change that changes nothing writes nothing.
    before = count()
    services.case_details_update(
        user=clinician,
        case=case,
        expected_revision=case.revision,
        track="vvn",
        minor=False,
        initials="",
        birth_year=None,
    )
    assert count() == before


def test_paging_the_case_list_keeps_the_filters(verified_client: Client, clinician: User) -> None:
    for _ in range(26):
        make_case(clinician)
    page = verified_client.get(reverse("cases:list"), {"status": "open"}).content.decode()
    assert 'href="?status=open&amp;flag=&amp;q=&amp;page=2"' in page
    second = verified_client.get(reverse("cases:list"), {"status": "open", "page": "2"})
    assert second.content.decode().count("<tr data-reference=") == 1
