from assistant.roles import looks_like_heading, opens_with_reference


def test_headings_questions_and_links_are_not_statements():
    assert looks_like_heading("Financing international partnerships")
    assert looks_like_heading("Qu'est-ce qu'un pôle de compétitivité ?")
    assert looks_like_heading("See www.competitivite.gouv.fr for more.")
    assert not looks_like_heading("The clusters count 7,200 firms.")
    assert not looks_like_heading("Les pôles sont labellisés sur la base des critères suivants :")


def test_a_sentence_leaning_on_the_one_before():
    assert opens_with_reference("These include twelve SMEs.") and opens_with_reference("Of these, 73% are SMEs.")
    assert not opens_with_reference("The label was launched in 2010.")
    assert opens_with_reference("Elle suppose trois démarches.") and opens_with_reference("Parmi eux, 73 % sont des PME.")
    assert opens_with_reference("Ces pôles comptent douze PME.")
    assert not opens_with_reference("Il est institué un comité national.")  # impersonal
    assert not opens_with_reference("Le label a été lancé en 2010.")


def test_the_french_il_leans_unless_impersonal():
    assert opens_with_reference("Il comprend les pièces suivantes :")  # "il": the file named before
    assert opens_with_reference("Il précise la durée du projet.")
    for impersonal in ("Il y a trois phases.", "Il s'agit d'une aide.", "Il n'est pas dérogé à cette règle.",
                       "Il peut être procédé à un contrôle.", "Il"):
        assert not opens_with_reference(impersonal), impersonal


def test_a_visa_is_known_by_its_opening():
    from assistant.roles import is_visa

    assert is_visa("Vu le code général des impôts, notamment ses articles 44 undecies et 1383 F ;")
    assert not is_visa("Vue d'ensemble des pôles.") and not is_visa("Le décret vu par le Conseil d'État.")


def test_a_sentence_speaking_of_its_own_text():
    from assistant.roles import speaks_of_itself

    assert speaks_of_itself("Le présent décret fixe les conditions dans lesquelles sont agréés les projets ;")
    assert speaks_of_itself("Art. 1er. - La présente loi s'applique aux pôles.")
    assert speaks_of_itself("Article 1er - Le présent décret fixe les conditions d'agrément.")
    assert speaks_of_itself("This brochure presents the competitiveness clusters.")
    assert not speaks_of_itself("This is the goal of the ATHIM project.")
    assert not speaks_of_itself("La présidente du comité signe la décision.")
