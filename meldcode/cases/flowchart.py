"""The afwegingskader as a flowchart: fixed geometry, and the path a case took through it.

Pure: the template draws the boxes and arrows given here as inline SVG and
highlights what :func:`taken` returns. No Django imports here.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

from meldcode.afwegingskader import Outcome

NodeKind = Literal["question", "outcome", "help"]
Label = Literal["yes", "no", ""]

WIDTH: Final = 640
ROW: Final = 84
BOX_W: Final = 270
BOX_H: Final = 52
LEFT_X: Final = 10
RIGHT_X: Final = 360


@dataclass(frozen=True, slots=True)
class Node:
    """One box of the flowchart."""

    id: str
    kind: NodeKind
    x: int
    y: int
    width: int = BOX_W
    height: int = BOX_H


@dataclass(frozen=True, slots=True)
class Edge:
    """One arrow, from the middle of one box's side to another's."""

    id: str
    source: str
    target: str
    label: Label
    points: tuple[tuple[int, int], ...]


def _row(n: int) -> int:
    """Return the top of row ``n`` (0-based)."""
    return 16 + n * ROW


NODES: Final = (
    Node("q1", "question", LEFT_X, _row(0)),
    Node("q2", "question", LEFT_X, _row(1)),
    Node("q3", "question", LEFT_X, _row(2)),
    Node("q4", "question", LEFT_X, _row(3)),
    Node("hulp", "help", LEFT_X, _row(4)),
    Node("q5", "question", LEFT_X, _row(5)),
    Node("afsluiten", "outcome", RIGHT_X, _row(0)),
    Node("melden_2", "outcome", RIGHT_X, _row(1)),
    Node("melden_3", "outcome", RIGHT_X, _row(2)),
    Node("melden_4", "outcome", RIGHT_X, _row(3)),
    Node("opnieuw_melden", "outcome", RIGHT_X, _row(5)),
    Node("afsluiten_monitoren", "outcome", LEFT_X, _row(6)),
)
HEIGHT: Final = _row(7)
_BY_ID: Final = {node.id: node for node in NODES}


def _across(source: str, target: str, label: Label) -> Edge:
    """Return an arrow from the right side of ``source`` to the left side of ``target``."""
    a, b = _BY_ID[source], _BY_ID[target]
    y = a.y + a.height // 2
    return Edge(f"{source}-{target}", source, target, label, ((a.x + a.width, y), (b.x, y)))


def _down(source: str, target: str, label: Label) -> Edge:
    """Return an arrow from the bottom of ``source`` to the top of ``target``."""
    a, b = _BY_ID[source], _BY_ID[target]
    x = a.x + a.width // 2
    return Edge(f"{source}-{target}", source, target, label, ((x, a.y + a.height), (x, b.y)))


EDGES: Final = (
    _across("q1", "afsluiten", "no"),
    _down("q1", "q2", "yes"),
    _across("q2", "melden_2", "yes"),
    _down("q2", "q3", "no"),
    _across("q3", "melden_3", "no"),
    _down("q3", "q4", "yes"),
    _across("q4", "melden_4", "no"),
    _down("q4", "hulp", "yes"),
    _down("hulp", "q5", ""),
    _across("q5", "opnieuw_melden", "no"),
    _down("q5", "afsluiten_monitoren", "yes"),
)

# Where each answer to each question leads.
_NEXT: Final[Mapping[tuple[int, bool], str]] = {
    (1, False): "afsluiten",
    (1, True): "q2",
    (2, True): "melden_2",
    (2, False): "q3",
    (3, False): "melden_3",
    (3, True): "q4",
    (4, False): "melden_4",
    (4, True): "hulp",
    (5, False): "opnieuw_melden",
    (5, True): "afsluiten_monitoren",
}


@dataclass(frozen=True, slots=True)
class Taken:
    """The boxes and arrows on a case's path, and the question it waits for."""

    nodes: frozenset[str]
    edges: frozenset[str]
    waiting: str | None


def taken(answers: Mapping[int, bool | None], outcome: Outcome) -> Taken:
    """Return the part of the flowchart the answers went through to ``outcome``."""
    nodes: set[str] = set()
    edges: set[str] = set()
    for question in outcome.path:
        answer = answers.get(question)
        if answer is None:
            break
        source = f"q{question}"
        target = _NEXT[(question, answer)]
        nodes.update((source, target))
        edges.add(f"{source}-{target}")
        if target == "hulp":
            edges.add("hulp-q5")
    waiting = f"q{outcome.next_question}" if outcome.next_question is not None else None
    if waiting == "q5":
        nodes.add("hulp")
    return Taken(frozenset(nodes), frozenset(edges), waiting)
