"""The offline answerer: question types, paraphrases, carried subjects, and honest declines."""

from __future__ import annotations

import pytest

from store.search.stemming import TextStemmer, words
from summarizer.answer import Answerer
from summarizer.answer_types import fits
from summarizer.evidence import AnswerTuning, Carried, Evidence
from summarizer.paraphrase import doers
from summarizer.question_shape import Want, shape, split_compound
from summarizer.sentences import split_sentences
from summarizer.types import Doc

STEMMER = TextStemmer()


def stems(text: str) -> list[str]:
    return STEMMER.stem_words(words(text))


def evidence(doc: Doc, *, retrieval: float = 1.0, in_thread: bool = False) -> Evidence:
    sentences = tuple(split_sentences(doc.text))
    return Evidence(doc, sentences, ("",) * len(sentences), retrieval, in_thread)


FERRY = Doc(
    11,
    "New night ferry to link Port Alder and Skarholm",
    "A night ferry between Port Alder and the island town of Skarholm will start on 4 December. "
    "The crossing takes 40 minutes each way. "
    "A single ticket will cost 6 euros, the same as daytime fares. "
    "Skarholm's 9,000 residents have campaigned for years for a late connection. "
    "Harbour director Lena Voss said the service was a trial.",
    source="Coast News",
)
STRIKE = Doc(
    12,
    "Transit union walks out",
    "Bus drivers walked out on Monday after talks on pay broke down. "
    "Union leader Dana Okafor said members had been patient for eleven months. "
    "She warned that a longer walkout could follow in December.",
    source="City Desk",
)


@pytest.mark.parametrize(
    ("question", "want"),
    [
        ("How many people live there?", Want.NUMBER),
        ("How much does a ticket cost?", Want.MONEY),
        ("How old is Lena Voss?", Want.AGE),
        ("How long does the crossing take?", Want.DURATION),
        ("When does the ferry start?", Want.DATE),
        ("In which city is the depot?", Want.PLACE),
        ("Where is she from?", Want.PLACE),
        ("Why did the talks fail?", Want.REASON),
        ("Who is Lena Voss?", Want.DESCRIPTION),
        ("Who leads the union?", Want.PERSON),
        ("What was the score?", Want.SCORE),
        ("Which company won the contract?", Want.ENTITY),
        ("What did the union say?", Want.SAID),
        ("What will the new satellites do with sunlight?", Want.ANY),  # "will" is no entity
        ("Which side takes their place in the next round?", Want.ENTITY),  # a team, often one word
        ("Which player scored?", Want.PERSON),
        ("What did the council decide?", Want.ANY),
    ],
)
def test_question_type_comes_from_how_it_opens(question: str, want: Want) -> None:
    assert shape(question, stems).want is want


def test_question_names_and_pronouns_are_read() -> None:
    found = shape("What did she say about Port Alder?", stems)

    assert found.names == ("port", "alder")
    assert found.leans_back


def test_a_question_asking_two_things_is_split_in_two() -> None:
    parts = split_compound("What does a ticket cost, and when does the ferry start?")

    assert parts == ["What does a ticket cost?", "when does the ferry start?"]
    assert split_compound("When does the ferry start?") == ["When does the ferry start?"]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How much is a single ticket on the night ferry?", "6 euros"),
        ("How long is the crossing to Skarholm?", "40 minutes"),
        ("When will the Skarholm service begin?", "4 December"),
        ("How many people live on Skarholm?", "9,000"),
    ],
)
def test_the_answer_holds_the_kind_of_fact_asked_for(question: str, expected: str) -> None:
    ranked = Answerer(stems).answer(question, [evidence(FERRY), evidence(STRIKE, retrieval=0.3)], idf={})

    assert ranked.answer.answered
    assert expected in ranked.answer.sentences[0].text
    assert 1 <= len(ranked.answer.sentences) <= 3
    assert ranked.answer.sources[0].article_id == FERRY.id


def test_a_paraphrase_finds_the_sentence_worded_otherwise() -> None:
    ranked = Answerer(stems).answer(
        "What is the fare for a boat trip to Skarholm?", [evidence(FERRY)], idf={}
    )

    assert "6 euros" in ranked.answer.sentences[0].text


def test_a_follow_up_carries_the_subject_of_the_turn_before() -> None:
    carried = Carried(names=("dana", "okafor"), article_ids=(STRIKE.id,))

    ranked = Answerer(stems).answer(
        "What did she warn about?",
        [evidence(FERRY), evidence(STRIKE, retrieval=0.2)],
        idf={},
        carried=carried,
    )

    assert "longer walkout" in " ".join(s.text for s in ranked.answer.sentences)


def test_a_question_the_articles_do_not_answer_is_declined_with_the_closest_stories() -> None:
    ranked = Answerer(stems).answer(
        "Which central bank raised interest rates in Peru?", [evidence(FERRY), evidence(STRIKE)], idf={}
    )

    assert not ranked.answer.answered
    assert ranked.answer.sentences == () and ranked.answer.sources == ()
    assert set(ranked.closest) == {FERRY.id, STRIKE.id}


def test_no_evidence_is_no_answer() -> None:
    assert not Answerer(stems).answer("Who won the final?", [], idf={}).answer.answered


def test_the_answering_sentence_comes_first_and_the_one_its_pronoun_leans_on_follows() -> None:
    ranked = Answerer(stems).answer(
        "What did the union leader warn of for December?", [evidence(STRIKE)], idf={}
    )

    texts = [s.text for s in ranked.answer.sentences]
    assert texts[0].startswith("She warned")
    assert "Dana Okafor" in texts[1]


@pytest.mark.parametrize(
    ("want", "question", "better", "worse"),
    [
        (
            Want.PERSON,
            "Who scored the winner?",
            "In the 90th minute defender Ana Ruiz headed the winner.",
            "The club celebrated on Saturday in Port.",
        ),
        (
            Want.PERSON,
            "Who will run the firm?",
            "Laurent Okoro, a founder, will take on the role.",
            "The firm said on Monday it had no comment.",
        ),
        (
            Want.NUMBER,
            "How far did the boy fall?",
            "He fell between 10 and 12ft into the pit.",
            "The two-year-old fell.",
        ),
        (Want.NUMBER, "How many came?", "About 40,000 fans came.", "They came on 4 December 2025."),
    ],
)
def test_answer_types_prefer_the_fuller_kind_of_answer(
    want: Want, question: str, better: str, worse: str
) -> None:
    assert fits(want, better, question, frozenset()) > fits(want, worse, question, frozenset())


def test_weekdays_and_months_are_not_taken_for_names() -> None:
    assert fits(Want.PERSON, "The vote was held on Friday in March.", "Who voted?", frozenset()) == 0.0


def test_a_sentence_opening_with_a_pronoun_holds_the_names_of_the_one_before() -> None:
    club = Doc(
        13,
        "Club sacks coach",
        "Northgate have sacked coach Tomas Brevik after a poor run. "
        "The club lost six games in a row and fell to the bottom of the table. "
        "Brevik had been in charge since June. "
        "He will be replaced by Ivo Marsh.",
        source="Sport Desk",
    )

    ranked = Answerer(stems).answer("Who will take over from Tomas Brevik?", [evidence(club)], idf={})

    assert "Ivo Marsh" in ranked.answer.sentences[0].text or "Ivo Marsh" in ranked.answer.sentences[1].text


def test_with_embeddings_a_sentence_unlike_the_question_answers_nothing() -> None:
    tuning = AnswerTuning(similarity_weight=0.4, min_similarity=0.2)
    unlike = Answerer(stems, tuning=tuning, similarity=lambda question, sentences: [0.05] * len(sentences))
    like = Answerer(stems, tuning=tuning, similarity=lambda question, sentences: [0.6] * len(sentences))

    question = "How much is a single ticket on the night ferry?"
    assert not unlike.answer(question, [evidence(FERRY)], idf={}).answer.answered
    assert like.answer(question, [evidence(FERRY)], idf={}).answer.answered


@pytest.mark.parametrize(
    ("question", "focus"),
    [
        ("Which charities will benefit?", ("chariti",)),
        ("How many complaints have reached the regulator?", ("complaint",)),
        ("On which highway did the lorry crash?", ("highway",)),
        ("What is the largest fine the firm could face?", ("largest", "fine")),
        ("Who won?", ()),
    ],
)
def test_the_focus_is_what_the_question_asks_for(question: str, focus: tuple[str, ...]) -> None:
    assert shape(question, stems).focus == focus


def test_a_time_of_day_is_a_date_even_before_more_words() -> None:
    sentence = "Households should avoid using dryers between 5 p.m. and 8 p.m. this week."

    assert fits(Want.DATE, sentence, "Until what time should households wait?", frozenset()) == 1.0


@pytest.mark.parametrize(
    ("stem", "relative"),
    [("lead", "leader"), ("leader", "lead"), ("win", "winner"), ("winner", "win"), ("invest", "investor")],
)
def test_a_verb_and_its_doer_are_related(stem: str, relative: str) -> None:
    assert relative in doers(stem)


def test_a_question_with_a_verb_finds_the_sentence_naming_its_doer() -> None:
    ranked = Answerer(stems).answer("Who leads the bus drivers' union?", [evidence(STRIKE)], idf={})

    assert "Dana Okafor" in ranked.answer.sentences[0].text


def test_which_thing_is_answered_by_a_sentence_describing_that_thing_without_a_new_name() -> None:
    yard = Doc(
        14,
        "Shipyard loses navy order",
        "Halvard Yards lost a 2bn-euro navy contract for six patrol boats after an audit. "
        "Halvard Yards said the audit was unfair. "
        "The Navy said on Monday that the audit found late deliveries. "
        "Halvard Yards employs 3,000 people in Norrvik.",
        source="Coast News",
    )

    ranked = Answerer(stems).answer(
        "Which contract did Halvard Yards lose after the audit?", [evidence(yard)], idf={}
    )

    assert "navy contract" in ranked.answer.sentences[0].text


@pytest.mark.parametrize(
    ("question", "want"),
    [
        ("How much did the club pay for him?", Want.MONEY),
        ("How much is a ticket?", Want.MONEY),
        ("How much funding does the project get?", Want.MONEY),
        ("How much footwear did he get through?", Want.NUMBER),  # a quantity, not a sum
        ("By how much is council tax expected to rise?", Want.NUMBER),  # a change
    ],
)
def test_how_much_asks_for_a_sum_only_when_money_is_meant(question: str, want: Want) -> None:
    assert shape(question, stems).want is want
