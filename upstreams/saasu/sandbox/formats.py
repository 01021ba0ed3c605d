"""Content negotiation: JSON unless XML is asked for, as ASP.NET Web API does."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

BodyKind = Literal["json", "xml"]

_MEDIA: dict[str, BodyKind] = {
    "application/json": "json",
    "text/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
_WILDCARDS = {"*/*": "application/json", "application/*": "application/json", "text/*": "text/json"}


@dataclass(frozen=True, slots=True)
class Format:
    """How to write an answer: ``kind`` picks the writer, ``media_type`` the header."""

    kind: BodyKind
    media_type: str

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8"


JSON = Format("json", "application/json")


def answer_format(accept: str | None) -> Format:
    """The best supported type in ``Accept`` by quality, specific before wildcard; else JSON.

    Like ASP.NET, a request for something unsupported still gets JSON (no 406).
    """
    best: tuple[float, int, int] | None = None
    chosen = JSON
    for position, part in enumerate((accept or "").split(",")):
        media, _, params = part.partition(";")
        media = media.strip().lower()
        specific = _MEDIA.get(media)
        target = media if specific else _WILDCARDS.get(media)
        quality = _quality(params)
        if target is None or quality <= 0:
            continue
        rank = (quality, 1 if specific else 0, -position)
        if best is None or rank > best:
            best, chosen = rank, Format(_MEDIA[target], target)
    return chosen


def body_kind(content_type: str | None) -> BodyKind | None:
    """``json`` or ``xml`` for a supported request body, else ``None`` (a 415)."""
    media = (content_type or "").partition(";")[0].strip().lower()
    return _MEDIA.get(media)


def _quality(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value.strip())
            except ValueError:
                return 0.0
    return 1.0
