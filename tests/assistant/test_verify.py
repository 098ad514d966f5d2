"""The verifier on hand-made answers: supported, invented numbers and names, wrong markers, French formats."""

import pytest

from assistant.types import Passage
from assistant.verify import is_abstention, verify

FIRMS = ("France's competitiveness clusters count 7,200 firms employing 760,000 people. "
         "Of these, 73% are SMEs, 15% are mid-sized firms and 12% are major companies.")
FUNDING = ("Since 2005, the FUI has funded 1,313 R&D projects with €1.5 billion, "
           "and OSEO supports innovation in Normandy and Brittany.")


def passages(*texts: str) -> list[Passage]:
    return [Passage(source="b.pdf", title="Brochure", page=n, text=t, score=1.0, dense=1.0)
            for n, t in enumerate(texts, start=1)]


GIVEN = passages(FIRMS, FUNDING)


@pytest.mark.parametrize("answer", [
    "The clusters count 7,200 firms employing 760,000 people [1].",
    "The clusters count 7,200 firms [1]. Since 2005 the FUI has funded 1,313 projects [2].",
    "73% of the firms are SMEs. [1]",  # the marker after the full stop
    "Most member firms are SMEs [1, 2].",
    # French formats: spaces (plain, no-break, narrow no-break) group thousands, a comma marks decimals.
    "Les pôles comptent 7 200 entreprises et 760\u00a0000 salariés [1].",
    "Les pôles comptent 7\u202f200 entreprises, dont 73 % de petites [1].",
    "Depuis 2005, le FUI a financé 1 313 projets pour 1,5 milliard d'euros [2].",
    "OSEO soutient l'innovation en Normandie [2].",  # a name spelt the other language's way
])
def test_supported_answers_pass(answer):
    check = verify(answer, GIVEN)
    assert check.verified, check.problems
    assert check.problems == []


@pytest.mark.parametrize("answer, problem", [
    ("The clusters count 9,999 firms [1].", "number '9,999'"),
    ("The clusters count 7,200 firms employing 800,000 people [1].", "number '800,000'"),
    ("Les pôles comptent 7 500 entreprises [1].", "number '7 500'"),
    ("The FUI was launched in 2004 [2].", "number '2004'"),
    ("The FUI has funded projects since July 2005 [2].", "month 'July'"),
    ("The FUI works with Airbus on R&D projects [2].", "name 'Airbus'"),
    ("OSEO supports innovation in Toulouse [2].", "name 'Toulouse'"),
    # A translation the check cannot recognise fails safe: the quoted answer is given instead.
    ("OSEO soutient l'innovation en Bretagne [2].", "name 'Bretagne'"),
    ("The clusters count 7,200 firms [3].", "marker [3]"),
    ("The clusters count many firms.", "no citation"),
])
def test_unsupported_claims_are_flagged(answer, problem):
    check = verify(answer, GIVEN)
    assert not check.verified
    assert any(problem in p for p in check.problems), check.problems


def test_a_claim_must_be_in_the_passage_its_sentence_cites():
    # 1,313 is in passage 2, but this sentence cites passage 1 only.
    check = verify("The clusters count 7,200 firms [1]. They funded 1,313 projects [1].", GIVEN)
    assert not check.verified
    assert check.problems == ["number '1,313' is not in the cited passages"]


def test_a_sentence_without_marker_is_checked_against_the_cited_passages():
    assert verify("Since 2005 the FUI has funded 1,313 projects. The total was €1.5 billion [2].", GIVEN).verified
    assert not verify("The FUI has funded 4,000 projects. The total was €1.5 billion [2].", GIVEN).verified


def test_markers_are_listed_in_order_of_first_use():
    check = verify("Since 2005 the FUI has funded projects [2]. The clusters count 7,200 firms [1][2].", GIVEN)
    assert check.verified
    assert check.markers == [2, 1]


@pytest.mark.parametrize("text, expected", [
    ("NOT IN THE DOCUMENTS", True),
    ("Sorry, that is not in the documents.", True),
    ("Ce n'est pas dans les documents.", True),
    ("Les documents ne le disent pas.", True),
    ("The clusters count 7,200 firms [1].", False),
])
def test_abstentions_are_recognised(text, expected):
    assert is_abstention(text) is expected
