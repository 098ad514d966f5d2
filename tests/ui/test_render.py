from ui.render import escape, render_answer


def answer(text, citations=(), related=()):
    return {"answer": text, "language": "en", "citations": list(citations), "related": list(related)}


def test_source_text_cannot_inject_html_or_markdown():
    evil = "<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) ![i](x)"
    rendered = escape(evil)
    assert "<script>" not in rendered and "<img" not in rendered
    assert "](" not in rendered.replace("\\](", "") and "\\[click\\]" in rendered


def test_citations_are_collapsible_with_the_sentence_highlighted():
    passage = "First sentence. The <b>used</b> sentence. Last one."
    start = passage.index("The")
    end = passage.index("Last") - 1
    citation = {"marker": 1, "title": "Doc <x>", "page": 4, "source": "doc.pdf", "text": passage,
                "sentence": passage[start:end], "sentence_start": start, "sentence_end": end}
    html = render_answer(answer("According to the documents: The used sentence. [1]", [citation]))
    assert "**[1]**" in html and "<details><summary>Sources (1)</summary>" in html
    assert "<mark>The &lt;b&gt;used&lt;/b&gt; sentence.</mark>" in html and "Doc &lt;x&gt;" in html


def test_an_abstention_lists_related_passages_in_french():
    related = [{"title": "Doc", "page": 2, "text": "Some passage " * 40, "source": "d", "score": 0.5}]
    html = render_answer({**answer("Les documents ne le disent pas."), "language": "fr", "related": related})
    assert "Peut-être en rapport" in html and "…" in html


def test_a_notice_is_shown_under_the_answer_and_escaped():
    html = render_answer({**answer("According to the documents: x. [1]"),
                          "notice": "A generated answer was withheld <b>because</b> [x](y)."})
    assert "_A generated answer was withheld &lt;b&gt;because&lt;/b&gt; \\[x\\]\\(y\\)._" in html
    assert "_" not in render_answer(answer("No notice here"))


def test_quotes_in_a_passage_show_as_quotes_not_as_entities():
    passage = "A specialized master's programme at Cluny, the \"best\" one."
    citation = {"marker": 1, "title": "Doc", "page": 1, "source": "doc.pdf", "text": passage,
                "sentence": passage, "sentence_start": 0, "sentence_end": len(passage)}
    html = render_answer(answer("x [1]", [citation]))
    assert "master&#39;s" in html and "&#34;best&#34;" in html and "&amp;" not in html
