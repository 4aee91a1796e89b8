"""Words too common to be an alias: as an actor's alias each would link wherever it is written ('The', 'May')."""

from __future__ import annotations

# English function words (the usual stop-word list), modal verbs and a few words every article uses. An actor
# that really goes by one (an outlet called 'Now') says so with `allow_common: true`.
COMMON_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being below between
    both but by can could did do does doing down during each even few for from further had has have having he her
    here hers herself him himself his how i if in into is it its itself just like may me might more most must my
    myself new no nor not now of off on once one only or other our ours ourselves out over own per said same say
    says shall she should so some still such than that the their theirs them themselves then there these they this
    those through to too under until up upon us very via was we well were what when where which while who whom why
    will with would yet you your yours yourself yourselves
    """.split()
)


def common(surface: str) -> bool:
    """Whether an alias is a common word as running text writes it ('the', 'The'); 'US' in capitals is a name."""
    word = surface.strip()
    return word.lower() in COMMON_WORDS and word in (word.lower(), word.capitalize())
