"""Content hashes and simhash near-duplicate detection."""

from __future__ import annotations

from ingest.fingerprints import (
    WordHashes,
    content_hash,
    hamming,
    is_near_duplicate,
    max_near_distance,
    simhash,
    similarity,
)

ARTICLE = (
    "Bus and tram drivers in Port Alder walked out at four in the morning on Monday after talks "
    "over pay broke down late on Sunday night. The union says 1,850 drivers joined the strike, "
    "which halts every bus and tram line in the city for 72 hours. About 310,000 people ride the "
    "network on a normal weekday. The union is asking for a six per cent rise this year, while "
    "the transit authority has offered three and a half per cent and a one-off bonus. The mayor "
    "urged both sides to return to the table and said extra bike-share docks would open at the "
    "main stations. Schools said pupils who could not reach class would not be marked absent."
)
OTHER = (
    "The central bank cut its main interest rate by a quarter of a point to 3.5 per cent on "
    "Thursday, its first cut in two years, saying inflation had fallen faster than expected. "
    "Six of the nine members of the rate committee voted for the cut and three wanted to wait. "
    "The governor said further cuts were possible next year if wage growth kept slowing. The "
    "currency fell half a per cent against the euro after the announcement, while shares of "
    "homebuilders rose. Mortgage lenders are expected to pass the cut on within weeks."
)


def test_content_hash_ignores_case_and_whitespace() -> None:
    a = content_hash("Strike Halts Trams", "Drivers walked out.\n\nTalks failed.")
    b = content_hash("strike halts  trams", "  Drivers walked out. Talks failed.  ")

    assert a == b
    assert len(a) == 64


def test_content_hash_changes_with_the_words() -> None:
    assert content_hash("Strike", "Drivers walked out.") != content_hash("Strike", "Drivers stayed.")


def test_content_hash_is_stable_across_processes() -> None:
    assert content_hash("Title", "Body") == (
        "925574fb82b2eef8fc8c068d85c6bedae90059254488548b25c35f04d392c245"
    )


def test_simhash_is_a_signed_64_bit_int_stable_across_processes() -> None:
    value = simhash(ARTICLE)

    assert -(2**63) <= value < 2**63
    assert value == -8150597717172092151  # fixed: the store compares values across runs


def test_a_lightly_edited_copy_is_a_near_duplicate() -> None:
    edited = (
        ARTICLE.replace("on Monday", "on Monday morning")
        .replace("The mayor", "Mayor Lena Ortiz")
        .replace("Schools said", "Several schools said")
    )

    assert hamming(simhash(ARTICLE), simhash(edited)) <= 9
    assert is_near_duplicate(simhash(ARTICLE), simhash(edited), 0.85)


def test_a_different_article_is_not_a_near_duplicate() -> None:
    assert hamming(simhash(ARTICLE), simhash(OTHER)) > 16
    assert not is_near_duplicate(simhash(ARTICLE), simhash(OTHER), 0.85)


def test_simhash_ignores_case_and_punctuation() -> None:
    assert simhash(ARTICLE) == simhash(ARTICLE.upper().replace(", ", " ; "))


def test_simhash_of_empty_or_tiny_text() -> None:
    assert simhash("") == 0
    assert isinstance(simhash("one two"), int)


def test_hamming_and_similarity_handle_signed_values() -> None:
    assert hamming(-1, 0) == 64
    assert hamming(-1, 2**64 - 1) == 0
    assert similarity(5, 5) == 1.0
    assert similarity(0, -1) == 0.0


def test_remembered_word_hashes_give_the_same_simhash() -> None:
    known = WordHashes()

    first = [simhash(text, known) for text in (ARTICLE, OTHER)]
    again = [simhash(text, known) for text in (ARTICLE, OTHER)]

    assert first == again == [simhash(ARTICLE), simhash(OTHER)]


def test_the_threshold_becomes_a_number_of_bits_as_is_near_duplicate_counts_them() -> None:
    assert [max_near_distance(t) for t in (1.0, 0.95, 0.85, 0.5, 0.0)] == [0, 3, 9, 32, 64]
