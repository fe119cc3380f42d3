"""Reaching a young person's PA from the offer: "Ask my PA about this".

A young person linked to a PA (through the PA's invite) has the question passed on to that PA;
anyone else is told how to reach their council's leaving-care team. The link itself belongs to
the keep-in-touch feature, which registers how to find a person's PA here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.people import PersonView
from offers.catalogue import Catalogue
from offers.model import Council, Item

# Given a young person and an item, pass the question to their PA; True if it was passed on.
Relay = Callable[[PersonView, Item], Awaitable[bool]]


@dataclass(frozen=True)
class AskOutcome:
    passed_to_pa: bool
    council: Council | None


class ContactService:
    def __init__(self, catalogue: Catalogue) -> None:
        self._catalogue = catalogue
        self.relay: Relay | None = None

    async def ask_about(self, person: PersonView | None, item: Item) -> AskOutcome:
        council = self._catalogue.council(person.council_id) if person else None
        if person is not None and self.relay is not None and await self.relay(person, item):
            return AskOutcome(True, council)
        return AskOutcome(False, council)
