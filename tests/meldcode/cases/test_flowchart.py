"""The afwegingskader flowchart: its geometry, and the path every combination of answers takes."""

import itertools

import pytest

from meldcode.afwegingskader import QUESTIONS, Outcome, decide
from meldcode.cases.flowchart import EDGES, HEIGHT, NODES, WIDTH, Edge, Node, Taken, taken

Y, N, U = True, False, None

NODE_IDS = [node.id for node in NODES]
EDGE_BY_ID = {edge.id: edge for edge in EDGES}


# --- geometry ---------------------------------------------------------------------------------


def test_node_ids_are_unique() -> None:
    assert len(set(NODE_IDS)) == len(NODE_IDS)


def test_edge_ids_are_unique() -> None:
    assert len(EDGE_BY_ID) == len(EDGES)


@pytest.mark.parametrize("edge", EDGES, ids=[e.id for e in EDGES])
def test_every_edge_joins_two_nodes(edge: Edge) -> None:
    assert edge.source in NODE_IDS
    assert edge.target in NODE_IDS
    assert edge.source != edge.target


@pytest.mark.parametrize("node", NODES, ids=NODE_IDS)
def test_every_box_lies_inside_the_drawing(node: Node) -> None:
    assert 0 <= node.x <= node.x + node.width <= WIDTH
    assert 0 <= node.y <= node.y + node.height <= HEIGHT


def _overlap(a: Node, b: Node) -> bool:
    return (
        a.x < b.x + b.width
        and b.x < a.x + a.width
        and a.y < b.y + b.height
        and b.y < a.y + a.height
    )


PAIRS = list(itertools.combinations(NODES, 2))


@pytest.mark.parametrize(("a", "b"), PAIRS, ids=[f"{a.id}-{b.id}" for a, b in PAIRS])
def test_no_two_boxes_overlap(a: Node, b: Node) -> None:
    assert not _overlap(a, b)


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_question_has_one_yes_and_one_no_edge(question: int) -> None:
    labels = sorted(e.label for e in EDGES if e.source == f"q{question}")
    assert labels == ["no", "yes"]


# --- the path taken ---------------------------------------------------------------------------

COMBINATIONS = list(itertools.product([Y, N, U], repeat=5))


def _name(answers: tuple[bool | None, ...]) -> str:
    return "".join({Y: "Y", N: "N", U: "U"}[a] for a in answers)


each_combination = pytest.mark.parametrize(
    "combo", COMBINATIONS, ids=[_name(c) for c in COMBINATIONS]
)


def _walk(combo: tuple[bool | None, ...]) -> tuple[dict[int, bool | None], Outcome, Taken]:
    answers = dict(zip(QUESTIONS, combo, strict=True))
    outcome = decide(answers)
    return answers, outcome, taken(answers, outcome)


def _chain(path: Taken) -> list[Edge]:
    """Follow the taken edges from q1, one at a time; fail on a fork."""
    chain: list[Edge] = []
    current = "q1"
    while True:
        leaving = [EDGE_BY_ID[e] for e in path.edges if EDGE_BY_ID[e].source == current]
        assert len(leaving) <= 1, f"the taken path forks at {current}: {leaving}"
        if not leaving:
            return chain
        chain.append(leaving[0])
        current = leaving[0].target


@each_combination
def test_taken_nodes_and_edges_exist(combo: tuple[bool | None, ...]) -> None:
    _, _, path = _walk(combo)
    assert path.nodes <= set(NODE_IDS)
    assert path.edges <= set(EDGE_BY_ID)


@each_combination
def test_the_taken_edges_form_one_chain_from_q1(combo: tuple[bool | None, ...]) -> None:
    _, outcome, path = _walk(combo)
    if not outcome.path:
        assert path.nodes == frozenset()
        assert path.edges == frozenset()
        return
    chain = _chain(path)
    assert chain, "something was answered, so an edge leaves q1"
    assert {e.id for e in chain} == path.edges
    ends = {end for e in chain for end in (e.source, e.target)}
    # Every taken box lies on the chain, and every box on the chain is taken or waited for.
    assert path.nodes <= ends
    assert ends <= path.nodes | {path.waiting}


@each_combination
def test_every_taken_edge_is_an_answer_on_the_path(combo: tuple[bool | None, ...]) -> None:
    answers, outcome, path = _walk(combo)
    answered = [EDGE_BY_ID[e].source for e in path.edges if EDGE_BY_ID[e].label]
    assert sorted(answered) == [f"q{n}" for n in outcome.path]
    for edge_id in path.edges:
        edge = EDGE_BY_ID[edge_id]
        if edge.source == "hulp":
            # The unlabelled arrow from help to question 5 follows a yes to question 4.
            assert edge.label == ""
            assert "q4-hulp" in path.edges
            continue
        question = int(edge.source.removeprefix("q"))
        assert question in outcome.path
        assert edge.label == ("yes" if answers[question] else "no")


def _end(outcome: Outcome) -> str:
    """Return the box the path of ``outcome`` ends in, after the domain notes' table."""
    if outcome.decision == "melden":
        return f"melden_{outcome.path[-1]}"
    if outcome.decision in ("onvolledig", "hulp"):
        return f"q{outcome.next_question}"
    return outcome.decision


@each_combination
def test_the_last_taken_box_is_the_decision(combo: tuple[bool | None, ...]) -> None:
    _, outcome, path = _walk(combo)
    if not outcome.path:
        assert outcome.decision == "onvolledig"
        return
    last = _chain(path)[-1].target
    assert last == _end(outcome)
    if outcome.decision == "melden":
        assert last in ("melden_2", "melden_3", "melden_4")
    if outcome.decision == "hulp":
        assert path.waiting == "q5"
        assert "hulp" in path.nodes
    if outcome.next_question is None:
        assert last in path.nodes


@each_combination
def test_waiting_is_the_next_question(combo: tuple[bool | None, ...]) -> None:
    _, outcome, path = _walk(combo)
    expected = None if outcome.next_question is None else f"q{outcome.next_question}"
    assert path.waiting == expected


@pytest.mark.parametrize(
    ("combo", "end"),
    [
        pytest.param((N, U, U, U, U), "afsluiten", id="no-suspicion"),
        pytest.param((Y, Y, U, U, U), "melden_2", id="unsafe"),
        pytest.param((Y, N, N, U, U), "melden_3", id="no-help-possible"),
        pytest.param((Y, N, Y, N, U), "melden_4", id="help-refused"),
        pytest.param((Y, N, Y, Y, U), "q5", id="help-given"),
        pytest.param((Y, N, Y, Y, N), "opnieuw_melden", id="help-failed"),
        pytest.param((Y, N, Y, Y, Y), "afsluiten_monitoren", id="help-worked"),
        pytest.param((Y, N, U, Y, Y), "q3", id="gap-at-q3"),
    ],
)
def test_each_decision_ends_in_its_own_box(combo: tuple[bool | None, ...], end: str) -> None:
    _, _, path = _walk(combo)
    assert _chain(path)[-1].target == end


def test_nothing_answered_waits_for_q1() -> None:
    assert taken({}, decide({})) == Taken(frozenset(), frozenset(), "q1")


def test_help_given_draws_the_path_through_help_to_q5() -> None:
    answers = {1: Y, 2: N, 3: Y, 4: Y}
    path = taken(answers, decide(answers))
    assert path.edges == {"q1-q2", "q2-q3", "q3-q4", "q4-hulp", "hulp-q5"}
    assert {"q1", "q2", "q3", "q4", "hulp"} <= path.nodes
    assert path.waiting == "q5"
