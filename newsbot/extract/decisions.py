"""Why an element or block left the text: the record behind ``explain_article``."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsbot.extract.text import snippet


@dataclass(frozen=True, slots=True)
class Decision:
    """One drop: the rule that fired, where (``dom``, ``block`` or ``page``) and what it hit."""

    rule: str
    stage: str
    snippet: str


@dataclass(slots=True)
class Recorder:
    """Collects decisions when enabled; a disabled recorder costs one attribute check per drop."""

    enabled: bool = False
    decisions: list[Decision] = field(default_factory=list)

    def drop(self, rule: str, stage: str, text: str) -> None:
        """Note that ``rule`` removed ``text`` at ``stage``."""
        if self.enabled:
            self.decisions.append(Decision(rule, stage, snippet(text)))
