"""The hostile corpus's size and the sandbox report (no HDL tool started: not `sim`)."""

from __future__ import annotations

from hostile import corpus

from veriagent import sandbox


def test_corpus_is_big_enough() -> None:
    assert len(corpus.candidate_names()) >= 30
    assert len(corpus.model_names()) >= 5


def test_sandbox_is_reported() -> None:
    assert sandbox.describe() in ("bwrap", "none (--unsafe-no-sandbox)")
