"""A small lexicon of everyday news paraphrases, so "quit" finds "resigned" and "the jury's
decision" finds "the verdict".

Each group lists words and short phrases that news writing uses for one idea; ``VERB_FORMS`` adds
the irregular forms of common verbs, which the stemmer cannot join ("led" and "lead"). The groups are
general vocabulary (no names, no wording of any test question): a question word that belongs to a
group also looks for the group's other members, at a lower weight than the word itself. Besides
the groups, a verb and its doer are related by rule ("lead" and "leader", "win" and "winner"). For
questions, words are compared as stems of the project's one stemmer, so the forms of a word need no
entries; a /brief topic word takes the groups word by word instead (``related_words``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property

GROUPS: tuple[str, ...] = (
    # people and roles
    "boss chief head executive ceo leader chairman chairwoman director president manager",
    "coach manager mentor trainer",
    "player footballer athlete sportsman competitor",
    "employee worker staff workforce personnel employ",
    "customer client clientele user subscriber account holder",
    "woman women female",
    "child kid boy girl toddler youngster infant",
    "scientist researcher expert academic physicist biologist professor",
    "spokesman spokeswoman spokesperson representative",
    "mediator go-between negotiator",
    "guard sentry soldier",
    "resident inhabitant population people live",
    "fan supporter spectator crowd audience attendance viewer",
    "wife husband spouse partner marry married",
    "son daughter child",
    # organisations and places
    "company firm business group corporation operator",
    "government ministry minister state administration department authority",
    "council municipal city town",
    "university college institute",
    "club team side squad",
    "stadium ground venue arena",
    "charity cause foundation organisation",
    "shop store outlet branch restaurant location",
    "depot garage yard",
    "road street highway interstate motorway",
    "plant station facility",
    "country nation national",
    "worldwide global globally world",
    "map chart",
    "woodland forest tree",
    # money
    "money cash funds funding finance capital",
    "cost price fee charge fare expensive cheap spend pay",
    "surcharge fee charge",
    "worth value valued",
    "sell sale sold auction fetch",
    "buy purchase bought acquire",
    "offer bid",
    "profit earnings earn income revenue",
    "debt deficit loss shortfall",
    "fine penalty sanction",
    "compensation payout damages refund",
    "share stock",
    "salary wage pay",
    # change
    "increase rise grow climb jump soar gain",
    "decrease fall drop decline cut reduce lower slide slump shrink",
    "reduction cut",
    "maximum largest biggest most highest top record",
    # events and actions
    "resign quit leave depart",
    "sack fire dismiss oust axe",
    "replace succeed successor replacement",
    "die death dead",
    "kill killed murder",
    "injure hurt wound injury casualty",
    "arrest detain",
    "jail prison imprison custody",
    "sentence term",
    "verdict ruling decision judgment",
    "court tribunal judge jury",
    "claim lawsuit case sue",
    "complaint grievance",
    "investigate investigation probe inquiry examine",
    "study research survey",
    "win won winner beat victory triumph",
    "defeat lose lost beaten",
    "score goal net header",
    "final decider",
    "match game tie fixture",
    "concert gig show performance",
    "film movie",
    "ticket seat admission",
    "vote ballot poll referendum election",
    "law legislation bill rule",
    "allow permit let approve",
    "ban bar prohibit forbid suspend suspension",
    "plan propose proposal scheme",
    "announce confirm reveal",
    "warn caution threaten",
    "expect predict forecast anticipate",
    "agree deal agreement settlement accord contract",
    "body authority agency commission watchdog organisation regulator",
    "talk negotiation negotiate",
    "strike walkout stoppage",
    "picket protest demonstrate",
    "hack breach attack steal stolen theft",
    "take took taken",
    "find discover detect spot",
    "repair restore restoration mend fix renovate",
    "maintenance servicing",
    "shut close closure offline halt",
    "open launch start begin",
    "end finish stop",
    "give provide supply offer",
    "help assistance support aid",
    "phone call telephone helpline",
    "deliver delivery bring",
    "collect raise fundraise",
    "travel journey trip voyage route",
    "fall tumble plunge slip",
    "accident crash collapse",
    "illness disease cancer tumour sick",
    "blame responsible fault",
    "celebrate celebration",
    "photograph photo picture pose camera",
    "video clip footage",
    "watch view",
    "pregnant pregnancy baby",
    "shoe footwear trainer boot",
    "uniform kit costume outfit",
    # things
    "boat vessel ship craft",
    "plane aircraft jet",
    "car vehicle motorist driver",
    "power electricity energy grid",
    "house home household",
    "cash banknote note money",
    "book volume",
    "song track single",
    "game title",
    "copy unit",
    "stage booster",
)

# Irregular verb forms the stemmer cannot join: the same verb, not a paraphrase, so they serve
# questions (through stems) and never widen a topic.
VERB_FORMS: tuple[str, ...] = (
    "lead led",
    "sell sold",
    "pay paid",
    "find found",
    "leave left",
    "fall fell fallen",
    "rise rose risen",
    "begin began begun",
    "give gave given",
    "hold held",
    "meet met",
    "run ran",
    "see saw seen",
    "spend spent",
    "steal stole stolen",
    "tell told",
    "build built",
    "choose chose chosen",
    "drive drove driven",
    "fly flew flown",
    "grow grew grown",
    "know knew known",
    "lose lost",
    "make made",
    "bring brought",
    "seek sought",
    "write wrote written",
    "break broke broken",
    "fight fought",
    "shoot shot",
    "strike struck",
    "swim swam swum",
    "throw threw thrown",
    "keep kept",
    "send sent",
    "stand stood",
)


class Lexicon:
    """The paraphrase groups as stems: ``related(stem)`` gives the other members of its groups;
    ``related_words(word)`` gives them as written, for topic words."""

    def __init__(
        self,
        stem_text: Callable[[str], list[str]],
        groups: Iterable[str] = GROUPS,
        verb_forms: Iterable[str] = VERB_FORMS,
    ) -> None:
        self._stem_text = stem_text
        self._groups = tuple(groups)
        self._verb_forms = tuple(verb_forms)

    @cached_property
    def _related(self) -> dict[str, frozenset[str]]:
        related: dict[str, set[str]] = {}
        for group in self._groups + self._verb_forms:
            stems = {"_".join(self._stem_text(entry)) for entry in group.split()}
            stems.discard("")
            for stem in stems:
                related.setdefault(stem, set()).update(stems - {stem})
        return {stem: frozenset(others) for stem, others in related.items()}

    def related(self, stem: str) -> frozenset[str]:
        """Stems that say about the same as ``stem`` in news writing (empty when none), and the
        doer of a verb or the verb of a doer ("lead" and "leader"), which the stemmer keeps apart."""
        return self._related.get(stem, frozenset()) | doers(stem)

    @cached_property
    def _by_word(self) -> dict[str, frozenset[str]]:
        by_word: dict[str, set[str]] = {}
        for group in self._groups:
            members = {entry for entry in group.split() if entry.isalpha()}
            for word in members:
                by_word.setdefault(word, set()).update(members - {word})
        return {word: frozenset(others) for word, others in by_word.items()}

    def related_words(self, word: str) -> frozenset[str]:
        """The other one-word members of the groups ``word`` (folded) is written in, compared as
        written, not as stems: a topic keeps apart the words a stem joins (park, parking), and
        matches a related word by its own singular and plural. Verb forms and doers are left out:
        they are forms of one word, not another word for the idea."""
        return self._by_word.get(word, frozenset())


MIN_VERB_STEM = 3  # "win", "run", "own"


def doers(stem: str) -> frozenset[str]:
    """The agent noun a verb's stem makes, or the verb an agent noun's stem comes from:
    lead/leader, win/winner, write/writer, invest/investor (a form made need not exist)."""
    if "_" in stem or not stem.isalpha() or len(stem) < MIN_VERB_STEM:
        return frozenset()
    for suffix in ("er", "or"):
        base = stem.removesuffix(suffix)
        if base != stem:  # a doer: its verb
            if len(base) < MIN_VERB_STEM:
                return frozenset()
            found = {base, base + "e"}
            if len(base) > MIN_VERB_STEM and base[-1] == base[-2]:
                found.add(base[:-1])  # winner: win
            return frozenset(found - {stem})
    if stem.endswith("e"):
        return frozenset({stem + "r"})  # write: writer
    return frozenset({stem + "er", stem + "or", stem + stem[-1] + "er"})  # lead, invest, win
