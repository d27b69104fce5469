"""Briefings and answers to and from JSON-safe dicts, so a chat's last briefing survives restarts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from summarizer.types import Briefing, Citation, CitedSentence, Notice, Story


def citation_to_dict(c: Citation) -> dict[str, Any]:
    return {
        "number": c.number,
        "article_id": c.article_id,
        "title": c.title,
        "url": c.url,
        "source": c.source,
        "published": c.published.isoformat() if c.published else None,
    }


def _citation_from_dict(d: dict[str, Any]) -> Citation:
    published = d.get("published")
    return Citation(
        number=int(d["number"]),
        article_id=int(d["article_id"]),
        title=str(d["title"]),
        url=d.get("url"),
        source=str(d.get("source", "")),
        published=datetime.fromisoformat(published) if published else None,
    )


def briefing_to_dict(b: Briefing) -> dict[str, Any]:
    return {
        "topic": b.topic,
        "period_label": b.period_label,
        "considered": b.considered,
        "generated_by": b.generated_by,
        "broadened": b.broadened,
        "related": list(b.related),
        "stored": b.stored,
        "notices": [n.value for n in b.notices],
        "sources": [citation_to_dict(c) for c in b.sources],
        "stories": [
            {
                "headline": s.headline,
                "score": s.score,
                "citations": list(s.citations),
                "article_ids": list(s.article_ids),
                "generated_by": s.generated_by,
                "offline_reason": s.offline_reason.value if s.offline_reason else None,
                "sentences": [{"text": x.text, "citations": list(x.citations)} for x in s.sentences],
            }
            for s in b.stories
        ],
    }


def briefing_from_dict(d: dict[str, Any]) -> Briefing:
    stories = tuple(
        Story(
            headline=str(s["headline"]),
            score=float(s["score"]),
            citations=tuple(int(n) for n in s["citations"]),
            article_ids=tuple(int(n) for n in s["article_ids"]),
            sentences=tuple(
                CitedSentence(str(x["text"]), tuple(int(n) for n in x["citations"])) for x in s["sentences"]
            ),
            generated_by=str(s.get("generated_by", "extractive")),
            offline_reason=Notice(s["offline_reason"]) if s.get("offline_reason") in _NOTICES else None,
        )
        for s in d["stories"]
    )
    return Briefing(
        stories=stories,
        sources=tuple(_citation_from_dict(c) for c in d["sources"]),
        topic=d.get("topic"),
        period_label=str(d.get("period_label", "all")),
        considered=int(d.get("considered", 0)),
        generated_by=str(d.get("generated_by", "extractive")),
        broadened=bool(d.get("broadened", False)),
        related=tuple(str(w) for w in d.get("related", ())),
        stored=int(d["stored"]) if d.get("stored") is not None else None,
        notices=tuple(Notice(n) for n in d.get("notices", ()) if n in _NOTICES),
    )


_NOTICES = frozenset(n.value for n in Notice)
