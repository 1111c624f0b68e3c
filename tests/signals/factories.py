"""A synthetic catalogue whose indicators and signals say in their names what they are.

For every list and dimension there are three indicators of each grade the
list has, graded on that list only: ``<dimension>.<list>_<grade><n>``, e.g.
``exploitation.child_sexual_strong2``. Each has one signal with the same
name, ``<dimension>__<list>_<grade><n>``; the first strong indicator of each
list and dimension has a second signal ending in ``_again``.
"""

from signals.catalogue import build
from signals.vocabulary import DIMENSIONS, LISTS, Catalogue, Indicator, LocalText, Signal

GRADES_ON = {
    "adult_labour": ("strong", "medium", "weak"),
    "adult_sexual": ("strong", "medium", "weak"),
    "child_labour": ("strong", "medium"),
    "child_sexual": ("strong", "medium"),
}
FORM_OF = {"labour": "arbeidsuitbuiting", "sexual": "seksuele_uitbuiting"}


def make_indicator(dimension: str, indicator_id: str, **grades: str | None) -> Indicator:
    return Indicator(
        key=f"{dimension}.{indicator_id}",
        id=indicator_id,
        dimension=dimension,  # type: ignore[arg-type]
        grades={name: grades.get(name) for name in LISTS},  # type: ignore[misc]
        unverified=frozenset(),
        label=LocalText(nl=f"{indicator_id} nl", en=f"{indicator_id} en"),
        source="test",
    )


def make_signal(
    code: str,
    *,
    indicator: str | None = None,
    counter: bool = False,
    acute: bool = False,
    population: str = "all",
    forms: tuple[str, ...] = ("arbeidsuitbuiting",),
    question: bool = True,
    signal_type: str = "situational",
) -> Signal:
    asks = question and not counter
    return Signal(
        code=code,
        type=signal_type,  # type: ignore[arg-type]
        forms=frozenset(forms),  # type: ignore[arg-type]
        indicator=indicator,
        counter=counter,
        acute=acute,
        population=population,  # type: ignore[arg-type]
        label=LocalText(nl=f"{code} nl", en=f"{code} en"),
        explanation=LocalText(nl="uitleg", en="explanation"),
        question=(
            LocalText(nl=f"vraag {code} u?", en=f"question {code}?")
            if asks and population != "minor"
            else None
        ),
        question_minor=(
            LocalText(nl=f"vraag {code} je?", en=f"question {code}?")
            if asks and population != "adult"
            else None
        ),
        source="test",
    )


def signal_codes(
    dimension: str, list_name: str, strong: int = 0, medium: int = 0, weak: int = 0
) -> list[str]:
    """Return the codes of the first signals of each grade on one list and dimension."""
    return [
        f"{dimension}__{list_name}_{grade}{n}"
        for grade, count in (("strong", strong), ("medium", medium), ("weak", weak))
        for n in range(1, count + 1)
    ]


def synthetic_catalogue() -> Catalogue:
    indicators = []
    signals = []
    for dimension in DIMENSIONS:
        for list_name in LISTS:
            form = FORM_OF[list_name.split("_")[1]]
            for grade in GRADES_ON[list_name]:
                for n in (1, 2, 3):
                    name = f"{list_name}_{grade}{n}"
                    indicators.append(make_indicator(dimension, name, **{list_name: grade}))
                    signals.append(
                        make_signal(
                            f"{dimension}__{name}", indicator=f"{dimension}.{name}", forms=(form,)
                        )
                    )
            signals.append(
                make_signal(
                    f"{dimension}__{list_name}_strong1_again",
                    indicator=f"{dimension}.{list_name}_strong1",
                    forms=(form,),
                )
            )
        signals.append(
            make_signal(
                f"{dimension}__counter",
                indicator=f"{dimension}.adult_labour_strong1",
                counter=True,
                forms=(),
            )
        )
    # An indicator on every list, as most real ones are.
    indicators.append(
        make_indicator(
            "coercion_at_destination",
            "forced_into_illicit_activities",
            adult_labour="medium",
            adult_sexual="medium",
            child_labour="strong",
            child_sexual="strong",
        )
    )
    signals += [
        make_signal(
            "carries_drugs",
            indicator="coercion_at_destination.forced_into_illicit_activities",
            forms=("criminele_uitbuiting",),
        ),
        make_signal(
            "general_injury", signal_type="physical", question=False, forms=("seksuele_uitbuiting",)
        ),
        make_signal(
            "strangulation",
            signal_type="physical",
            question=False,
            acute=True,
            forms=("seksuele_uitbuiting",),
        ),
        make_signal("general_counter", counter=True, forms=()),
        make_signal("kidney_sold", question=False, forms=("orgaanverwijdering",)),
        make_signal(
            "minor_only",
            population="minor",
            indicator="exploitation.child_labour_medium1",
            forms=("criminele_uitbuiting",),
        ),
        make_signal(
            "minor_only_acute",
            population="minor",
            acute=True,
            question=False,
            forms=("seksuele_uitbuiting",),
        ),
        make_signal(
            "adult_only",
            population="adult",
            indicator="coercion_at_destination.adult_sexual_medium1",
            forms=("seksuele_uitbuiting",),
        ),
    ]
    return build(
        edition="test",
        title=LocalText(nl="Test", en="Test"),
        indicators=indicators,
        signals=signals,
    )
