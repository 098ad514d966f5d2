"""Headings of a page, legal articles' designations among them."""

from corpus.sections import article_numbers, heading_spans, is_article_line


def headings(text: str) -> list[str]:
    return [text[start:end] for start, end in heading_spans(text)]


def test_an_articles_designation_alone_on_its_line_is_a_heading_full_stop_or_not():
    text = "TITRE Ier\nArticle 1er\nLe présent décret fixe les conditions.\nArt. 2.\nI. – Peut être agréé :\n"
    assert headings(text) == ["TITRE Ier", "Article 1er", "Art. 2."]
    assert is_article_line("Art. L. 1511-2.") and is_article_line("Article 3 bis")
    assert not is_article_line("Article 24 de la loi de finances.")


def test_an_articles_designation_opening_its_paragraph_titles_it():
    text = "Art. 1er. - Il est institué un comité national.\nArt. 2. – Le comité comprend neuf membres.\n"
    assert headings(text) == ["Art. 1er.", "Art. 2."]
    # An article cited inside a sentence titles nothing.
    assert headings("L'article 2 du décret fixe la liste. Voir l'article 3.\n") == []


def test_the_articles_a_text_names_are_read_as_numbers():
    assert article_numbers("Article 1er") == {"1"} == article_numbers("Article premier")
    assert article_numbers("au III de l'article 24 de la loi") == {"24"}
    assert article_numbers("Art. L. 1511-2.") == {"l1511-2"}
    assert article_numbers("aucun article cité") == set()


def test_an_articles_number_and_designation_read_alike_with_any_dash():
    assert article_numbers("Art. L. 1511\u20112.") == {"l1511-2"} == article_numbers("Art. L. 1511–2.")
    assert headings("Art. 3. − Le comité se réunit.\n") == ["Art. 3."]
    assert headings("Art. 2.-Le comité comprend neuf membres.\n") == ["Art. 2."]  # as the codes print it
    assert headings("Art. 1511-2 du code général des impôts.\n") == []  # a number's own dash titles nothing
