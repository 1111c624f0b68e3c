"""Open Badges 2.0: the three documents carry the spec's required fields, and baking round-trips."""

import hashlib
import io
import json
import re
import struct
import zlib
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

import elearning
from elearning import badges
from elearning.content import Text
from elearning.frozen import FrozenAccreditation, FrozenCertificate

SITE = "https://meldwijzer.example"
CONTEXT = "https://w3id.org/openbadges/v2"
ISSUED = datetime(2026, 11, 25, 14, 30, 5, 123456, tzinfo=UTC)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
BADGE_PNG = Path(elearning.__file__).with_name("static") / "elearning" / "badge.png"

# The spec's required fields, written out here so that the validators are
# checked against the spec rather than trusted.
SPEC_REQUIRED = {
    "Assertion": {"@context", "id", "type", "recipient", "badge", "verification", "issuedOn"},
    "BadgeClass": {
        "@context",
        "id",
        "type",
        "name",
        "description",
        "image",
        "criteria",
        "issuer",
    },
    "Issuer": {"@context", "id", "type", "name", "url", "email"},
}
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def the_issuer() -> dict[str, Any]:
    return badges.issuer(
        id=f"{SITE}/badges/issuer",
        name="Meldwijzer",
        url=SITE,
        email="leren@meldwijzer.example",
        description="E-learning over mensenhandel en de meldcode.",
        image=f"{SITE}/static/elearning/badge.png",
    )


def the_badge_class(**changes: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "id": f"{SITE}/badges/classes/wat-is-mensenhandel/1.0.0",
        "name": "Wat is mensenhandel?",
        "description": "Geaccrediteerde e-learning van 30 minuten.",
        "image": f"{SITE}/static/elearning/badge.png",
        "criteria_url": f"{SITE}/leren/wat-is-mensenhandel/",
        "criteria_narrative": "Rond alle lessen af en haal de toets.",
        "issuer": f"{SITE}/badges/issuer",
        "tags": ("mensenhandel", "meldcode"),
    }
    return badges.badge_class(**(arguments | changes))


def the_assertion(**changes: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "id": f"{SITE}/badges/assertions/7K3P-9QX2-M4TD-H8VA",
        "badge": f"{SITE}/badges/classes/wat-is-mensenhandel/1.0.0",
        "recipient": badges.recipient("j.jansen@praktijk.example", salt="zout"),
        "issued_on": ISSUED,
        "expires": None,
        "evidence_url": f"{SITE}/verify/7K3P-9QX2-M4TD-H8VA",
        "revoked": False,
        "revocation_reason": None,
    }
    return badges.assertion(**(arguments | changes))


def certificate() -> FrozenCertificate:
    return FrozenCertificate(
        code="7K3P-9QX2-M4TD-H8VA",
        name="J. Jansen",
        big_number="01234567890",
        module_slug="wat-is-mensenhandel",
        module_title=Text(nl="Wat is mensenhandel?", en="What is human trafficking?"),
        module_version="1.0.0",
        minutes=30,
        completed_on=date(2026, 11, 25),
        valid_until=date(2028, 11, 24),
        language="nl",
        accreditations=(FrozenAccreditation("ABC1", "123456", Decimal("0.5"), "01234567890"),),
    )


def is_iri(value: object) -> bool:
    return isinstance(value, str) and re.match(r"^[a-z][a-z0-9+.-]*:\S+$", value, re.I) is not None


def is_aware_iso(value: object) -> bool:
    if not isinstance(value, str) or "T" not in value:
        return False
    return datetime.fromisoformat(value).utcoffset() is not None


# The documents -------------------------------------------------------------


def test_the_issuer_profile_has_every_required_field() -> None:
    document = the_issuer()
    assert badges.validate_issuer(document) == []
    assert SPEC_REQUIRED["Issuer"] <= document.keys()
    assert document["@context"] == CONTEXT
    assert document["type"] in ("Issuer", "Profile")
    assert is_iri(document["id"])
    assert is_iri(document["url"])
    assert "@" in document["email"]
    assert document["name"]


def test_the_badge_class_has_every_required_field() -> None:
    document = the_badge_class()
    assert badges.validate_badge_class(document) == []
    assert SPEC_REQUIRED["BadgeClass"] <= document.keys()
    assert document["@context"] == CONTEXT
    assert document["type"] == "BadgeClass"
    assert all(is_iri(document[field]) for field in ("id", "image", "issuer"))
    assert document["name"]
    assert document["description"]
    assert is_iri(document["criteria"]["id"])
    assert document["criteria"]["narrative"]
    assert document["tags"] == ["mensenhandel", "meldcode"]


def test_the_assertion_has_every_required_field() -> None:
    document = the_assertion()
    assert badges.validate_assertion(document) == []
    assert SPEC_REQUIRED["Assertion"] <= document.keys()
    assert document["@context"] == CONTEXT
    assert document["type"] == "Assertion"
    # Hosted: the assertion's own id is the URL a verifier fetches.
    assert document["id"].startswith("https://")
    assert document["verification"] == {"type": "hosted"}
    assert is_iri(document["badge"])
    recipient = document["recipient"]
    assert recipient["type"] in ("email", "url", "telephone")
    assert recipient["hashed"] is True
    assert recipient["salt"]
    assert re.fullmatch(r"sha256\$[0-9a-f]{64}", recipient["identity"])
    assert is_aware_iso(document["issuedOn"])
    assert document["evidence"] == f"{SITE}/verify/7K3P-9QX2-M4TD-H8VA"
    assert "expires" not in document
    assert "revoked" not in document


def test_the_recipient_hash_is_sha256_of_the_lower_cased_address_and_the_salt() -> None:
    by_hand = hashlib.sha256(b"j.jansen@praktijk.example" + b"zout").hexdigest()
    for typed in ("j.jansen@praktijk.example", "  J.Jansen@Praktijk.EXAMPLE\n"):
        assert badges.recipient(typed, salt="zout") == {
            "type": "email",
            "hashed": True,
            "salt": "zout",
            "identity": "sha256$" + by_hand,
        }


def test_another_salt_gives_another_hash() -> None:
    one = badges.recipient("a@b.example", salt="één")["identity"]
    other = badges.recipient("a@b.example", salt="twee")["identity"]
    assert one != other


@pytest.mark.parametrize(("email", "salt"), [("a@b.example", ""), ("not an address", "zout")])
def test_a_recipient_needs_an_address_and_a_salt(email: str, salt: str) -> None:
    with pytest.raises(ValueError, match="recipient"):
        badges.recipient(email, salt=salt)


def test_times_are_written_in_utc_with_a_z() -> None:
    local = datetime(2026, 7, 1, 9, 0, tzinfo=AMSTERDAM)
    document = the_assertion(issued_on=local, expires=local + timedelta(days=730))
    assert document["issuedOn"] == "2026-07-01T07:00:00Z"
    assert document["expires"] == "2028-06-30T07:00:00Z"
    assert ISO_UTC.match(the_assertion()["issuedOn"])


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        the_assertion(issued_on=datetime(2026, 11, 25, 12, 0))  # noqa: DTZ001 - the point of it


def test_an_assertion_cannot_expire_before_it_was_issued() -> None:
    with pytest.raises(ValueError, match="expire"):
        the_assertion(expires=ISSUED)


def test_a_revoked_assertion_says_so_and_why() -> None:
    document = the_assertion(revoked=True, revocation_reason="Issued in error.")
    assert document["revoked"] is True
    assert document["revocationReason"] == "Issued in error."
    assert badges.validate_assertion(document) == []


@pytest.mark.parametrize(("revoked", "reason"), [(True, None), (True, ""), (False, "Why?")])
def test_a_revocation_and_its_reason_come_together(revoked: bool, reason: str | None) -> None:
    with pytest.raises(ValueError, match="revo"):
        the_assertion(revoked=revoked, revocation_reason=reason)


def test_a_certificate_assertion_expires_when_its_last_valid_day_ends() -> None:
    document = badges.certificate_assertion(
        certificate(),
        id=f"{SITE}/badges/assertions/7K3P-9QX2-M4TD-H8VA",
        badge=f"{SITE}/badges/classes/wat-is-mensenhandel/1.0.0",
        email="J.Jansen@praktijk.example",
        salt="zout",
        issued_on=ISSUED,
        zone=AMSTERDAM,
        evidence_url=None,
        revoked=False,
        revocation_reason=None,
    )
    # 24 November 2028 ends at midnight in Amsterdam, 23:00 UTC in winter.
    assert document["expires"] == "2028-11-24T23:00:00Z"
    assert document["recipient"] == badges.recipient("j.jansen@praktijk.example", salt="zout")
    assert "evidence" not in document
    assert badges.validate_assertion(document) == []


def test_a_builder_refuses_to_make_an_incomplete_document() -> None:
    with pytest.raises(ValueError, match="incomplete BadgeClass: image"):
        the_badge_class(image="badge.png")
    with pytest.raises(ValueError, match="incomplete Assertion: badge"):
        the_assertion(badge="")


# The validators ------------------------------------------------------------


@pytest.mark.parametrize("field", sorted(SPEC_REQUIRED["Assertion"]))
def test_the_assertion_validator_names_each_missing_field(field: str) -> None:
    document = the_assertion()
    del document[field]
    assert field in badges.validate_assertion(document)


@pytest.mark.parametrize("field", sorted(SPEC_REQUIRED["BadgeClass"]))
def test_the_badge_class_validator_names_each_missing_field(field: str) -> None:
    document = the_badge_class()
    del document[field]
    assert badges.validate_badge_class(document) == [field]


@pytest.mark.parametrize("field", sorted(SPEC_REQUIRED["Issuer"]))
def test_the_issuer_validator_names_each_missing_field(field: str) -> None:
    document = the_issuer()
    del document[field]
    assert badges.validate_issuer(document) == [field]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"type": "email", "hashed": True, "salt": "s", "identity": "sha256$abc"}, "identity"),
        ({"type": "big", "hashed": False, "identity": "01234567890"}, "type"),
        ({"type": "email", "hashed": "yes", "identity": "a@b.example"}, "hashed"),
        ({"type": "email", "hashed": True, "identity": "sha256$" + "0" * 64}, "salt"),
        ({"type": "email", "hashed": False}, "identity"),
    ],
)
def test_the_assertion_validator_checks_the_recipient(change: dict[str, Any], problem: str) -> None:
    document = the_assertion() | {"recipient": change}
    assert badges.validate_assertion(document) == [f"recipient.{problem}"]


def test_an_unhashed_recipient_is_valid() -> None:
    recipient = {"type": "email", "hashed": False, "identity": "a@b.example"}
    assert badges.validate_assertion(the_assertion() | {"recipient": recipient}) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"@context": "https://w3id.org/openbadges/v1"}, "@context"),
        ({"type": "BadgeClass"}, "type"),
        ({"verification": {"type": "emailed"}}, "verification"),
        ({"issuedOn": "2026-11-25"}, "issuedOn"),
        ({"issuedOn": "2026-11-25T12:00:00"}, "issuedOn"),
        ({"expires": "next year"}, "expires"),
        ({"revoked": "yes"}, "revoked"),
        ({"badge": "wat-is-mensenhandel"}, "badge"),
        # Hosted verification fetches the id, so it must be a web URL.
        ({"id": "urn:uuid:0b5cad00-0000-4000-8000-000000000000"}, "id"),
    ],
)
def test_the_assertion_validator_checks_values(change: dict[str, Any], problem: str) -> None:
    assert badges.validate_assertion(the_assertion() | change) == [problem]


def test_json_ld_lists_of_contexts_and_types_are_valid() -> None:
    document = the_assertion() | {"@context": [CONTEXT], "type": ["Assertion", "Extra"]}
    assert badges.validate_assertion(document) == []


@pytest.mark.parametrize(
    "criteria", [f"{SITE}/criteria", {"id": f"{SITE}/criteria"}, {"narrative": "Do the test."}]
)
def test_criteria_may_be_a_url_or_an_object_with_one(criteria: object) -> None:
    assert badges.validate_badge_class(the_badge_class() | {"criteria": criteria}) == []


@pytest.mark.parametrize("criteria", [{}, {"id": "criteria"}, {"narrative": " "}, "criteria"])
def test_criteria_without_a_url_or_narrative_are_invalid(criteria: object) -> None:
    assert badges.validate_badge_class(the_badge_class() | {"criteria": criteria}) == ["criteria"]


def test_the_issuer_may_be_typed_profile() -> None:
    assert badges.validate_issuer(the_issuer() | {"type": "Profile"}) == []


def test_a_document_that_is_not_an_object_misses_everything() -> None:
    assert set(badges.validate_assertion([])) == SPEC_REQUIRED["Assertion"]
    assert set(badges.validate_badge_class(None)) == SPEC_REQUIRED["BadgeClass"]
    assert set(badges.validate_issuer("Issuer")) == SPEC_REQUIRED["Issuer"]


# Baking --------------------------------------------------------------------


def chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """Split a PNG into chunks, asserting each CRC: an independent reading of the format."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    found = []
    offset = 8
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        kind = png[offset + 4 : offset + 8]
        data = png[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", png[offset + 8 + length : offset + 12 + length])
        assert crc == zlib.crc32(kind + data), f"bad CRC on {kind!r}"
        found.append((kind, data))
        offset += 12 + length
    assert offset == len(png)
    return found


def assemble(found: list[tuple[bytes, bytes]]) -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"".join(
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        for kind, data in found
    )


def openbadges_chunks(png: bytes) -> list[bytes]:
    return [data for kind, data in chunks(png) if data.startswith(b"openbadges\0")]


def test_the_shipped_badge_image_is_a_small_square_png() -> None:
    png = BADGE_PNG.read_bytes()
    assert len(png) < 20_000
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        assert image.size == (256, 256)
    assert badges.unbake_png(png) is None


def test_baking_puts_one_itxt_chunk_right_after_ihdr() -> None:
    document = the_assertion()
    baked = badges.bake_png(BADGE_PNG.read_bytes(), document)
    found = chunks(baked)
    assert [kind for kind, _ in found[:2]] == [b"IHDR", b"iTXt"]
    assert found[-1][0] == b"IEND"
    # keyword NUL, compression flag 0, method 0, empty language NUL, empty translated keyword NUL
    text = found[1][1]
    prefix = b"openbadges\0\0\0\0\0"
    assert text.startswith(prefix)
    assert json.loads(text[len(prefix) :].decode("utf-8")) == document
    assert badges.unbake_png(baked) == text[len(prefix) :].decode("utf-8")


def test_baking_twice_leaves_one_assertion() -> None:
    first = the_assertion()
    second = the_assertion(revoked=True, revocation_reason="Issued in error.")
    baked = badges.bake_png(badges.bake_png(BADGE_PNG.read_bytes(), first), second)
    assert len(openbadges_chunks(baked)) == 1
    assert json.loads(badges.unbake_png(baked) or "") == second


def test_baking_replaces_an_open_badges_1_text_chunk() -> None:
    original = chunks(BADGE_PNG.read_bytes())
    old = b"openbadges\0https://old.example/assertion"
    png = assemble([*original[:1], (b"tEXt", old), *original[1:]])
    assert len(openbadges_chunks(badges.bake_png(png, the_assertion()))) == 1


def test_pillow_still_reads_a_baked_badge_and_sees_the_assertion() -> None:
    document = the_assertion()
    baked = badges.bake_png(BADGE_PNG.read_bytes(), document)
    with Image.open(io.BytesIO(baked)) as image:
        image.load()
        assert image.size == (256, 256)
        assert json.loads(image.text["openbadges"]) == document  # type: ignore[attr-defined]
        assert "openbadges" in image.info


JSON_TEXT = st.text(st.characters(codec="utf-8"))
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | JSON_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(JSON_TEXT, inner, max_size=4),
    max_leaves=12,
)


@given(document=st.dictionaries(JSON_TEXT, JSON_VALUES, max_size=6))
def test_any_json_document_bakes_and_unbakes_unchanged(document: dict[str, Any]) -> None:
    baked = badges.bake_png(BADGE_PNG.read_bytes(), document)
    assert len(openbadges_chunks(baked)) == 1
    assert json.loads(badges.unbake_png(baked) or "") == document


@given(text=JSON_TEXT)
def test_any_text_value_survives_baking(text: str) -> None:
    baked = badges.bake_png(BADGE_PNG.read_bytes(), {"narrative": text})
    assert json.loads(badges.unbake_png(baked) or "") == {"narrative": text}


BROKEN = ("empty", "jpeg", "text", "cut short", "bad CRC", "no IEND", "after IEND")


def broken(png: bytes, case: str) -> bytes:
    """Return ``png`` broken in the way ``case`` names."""
    flipped = bytearray(png)
    flipped[16] ^= 0xFF  # the first byte of IHDR's data
    return {
        "empty": b"",
        "jpeg": b"\xff\xd8\xff\xe0" + png[4:],
        "text": b"not a png at all",
        "cut short": png[: len(png) // 2],
        "bad CRC": bytes(flipped),
        "no IEND": png[:-12],
        "after IEND": png + b"extra",
    }[case]


@pytest.mark.parametrize("case", BROKEN)
def test_bad_png_input_is_refused(case: str) -> None:
    png = broken(BADGE_PNG.read_bytes(), case)
    with pytest.raises(ValueError, match="PNG"):
        badges.bake_png(png, the_assertion())
    with pytest.raises(ValueError, match="PNG"):
        badges.unbake_png(png)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"openbadges\0\1\0\0\0" + zlib.compress(b"{}"), "compressed"),
        (b"openbadges", "malformed"),
        (b"openbadges\0\0\0", "malformed"),
        (b"openbadges\0\0\0\0\0\xff{}", "UTF-8"),
    ],
)
def test_an_unreadable_openbadges_chunk_is_refused(data: bytes, problem: str) -> None:
    original = chunks(BADGE_PNG.read_bytes())
    png = assemble([*original[:1], (b"iTXt", data), *original[1:]])
    with pytest.raises(ValueError, match=problem):
        badges.unbake_png(png)
