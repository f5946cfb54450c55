"""A final version is rendered once per format and process; drafts always afresh."""
from minutes_sample import sample_document

from townhall.exports import markdown, rendered


def test_a_final_version_is_rendered_once_and_a_draft_every_time(monkeypatch):
    rendered.clear()
    calls = []
    real = markdown.render
    monkeypatch.setattr(markdown, "render", lambda doc: calls.append(doc["version"]) or real(doc))

    final = sample_document(status="final", version=2)
    first = rendered.render(final, "md")
    assert rendered.render(sample_document(status="final", version=2), "md") == first
    assert calls == [2]

    changed = sample_document(status="final", version=2, summary="Another summary")
    assert "Another summary" in rendered.render(changed, "md")
    assert calls == [2, 2]

    draft = sample_document(status="draft", version=3)
    rendered.render(draft, "md")
    rendered.render(draft, "md")
    assert calls == [2, 2, 3, 3]


def test_the_cache_keeps_only_the_latest_files(monkeypatch):
    rendered.clear()
    monkeypatch.setattr(rendered, "KEEP", 2)
    for version in (1, 2, 3):
        rendered.render(sample_document(status="final", version=version), "md")
    assert len(rendered._cache) == 2
