"""The services a handler may use, bundled once by the composition root.

Handlers reach them through ``context.services`` (see ``handlers.context``): typed attributes,
no string lookups. Tests build the same bundle around their own database and clock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.contact import ContactService
from bot.flood import FloodControl
from bot.people import InviteRedeemer, PeopleService
from bot.privacy import PrivacyService
from bot.retention import RetentionService
from bot.safeguarding.alerts import SafeguardingService
from bot.safeguarding.conversations import ConversationService
from bot.settings import Settings
from offers.desk import OfferDesk
from scheduler.caseload import CaseloadService
from scheduler.cases import CaseService
from scheduler.checkins import CheckInService
from scheduler.links import LinkService
from surveys.relay import RelayService
from surveys.service import SurveyService


@dataclass
class Services:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    clock: Callable[[], datetime]
    people: PeopleService
    invites: InviteRedeemer
    privacy: PrivacyService
    offers: OfferDesk
    contact: ContactService
    cases: CaseService
    checkins: CheckInService
    caseload: CaseloadService
    links: LinkService
    safeguarding: SafeguardingService
    conversations: ConversationService
    flood: FloodControl
    surveys: SurveyService
    relay: RelayService
    # Set right after construction: it needs the privacy service above.
    retention: RetentionService = field(init=False)


class BotData:
    """The application's ``bot_data``: one typed slot holding the services."""

    def __init__(self) -> None:
        self.services: Services | None = None
