"""Read the public pages the way the tests need them: by data attributes, not by wording."""

import re

from django.test import Client
from django.urls import reverse


def verify_path(code: str) -> str:
    """Return the path of a certificate's verification page."""
    return reverse("credentials:verify", args=[code])


def attribute(html: str, name: str) -> list[str]:
    """Return every value of the attribute ``name`` in ``html``, in order."""
    return re.findall(rf'\b{re.escape(name)}="([^"]*)"', html)


def state_of(client: Client, code: str) -> tuple[int, str, str | None]:
    """Return the status, the page and its data-state for the code's verification page."""
    response = client.get(verify_path(code))
    html = response.content.decode()
    states = attribute(html, "data-state")
    return response.status_code, html, states[0] if states else None


def main_of(html: str) -> str:
    """Return the page's main content (without the header's per-page language switch)."""
    match = re.search(r"<main\b.*?</main>", html, re.DOTALL)
    assert match is not None
    return match.group(0)
