"""The composition root: the one place that builds the engine, services, handlers and jobs.

``careleaver-bot run`` and ``careleaver-bot chat`` both call :func:`build_application`; so do
the tests and the benchmarks, with a local request object instead of the network. Nothing else
constructs services.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes, Defaults
from telegram.request import BaseRequest

import handlers
from bot.contact import ContactService
from bot.db import create_engine, session_factory, utcnow
from bot.flood import FloodControl
from bot.i18n import content_translator
from bot.invites import InviteService
from bot.people import InviteRedeemer, PeopleService
from bot.privacy import PrivacyService, Section
from bot.retention import RetentionService
from bot.safeguarding import alerts, default_lexicon
from bot.safeguarding.alerts import SafeguardingService
from bot.safeguarding.conversations import ConversationService
from bot.services import BotData, Services
from bot.settings import Settings
from handlers import commands, jobs
from handlers.context import BotContext
from offers.catalogue import Catalogue, load_all
from offers.desk import OfferDesk
from scheduler.caseload import CaseloadService
from scheduler.cases import CaseService, link_young_person
from scheduler.checkins import CheckInService, QuietHours
from scheduler.links import LinkService
from scheduler.privacy import keep_in_touch_privacy
from scheduler.status import refresh as status_refresh
from surveys.definitions import load_surveys
from surveys.relay import RelayService, configured_sinks
from surveys.service import SurveyService, surveys_privacy

log = logging.getLogger(__name__)

# Any token-shaped string: the local transports never check it.
OFFLINE_TOKEN = "1:offline"

BotApplication = Application[Any, BotContext, Any, Any, BotData, Any]


def build_services(
    settings: Settings,
    *,
    engine: AsyncEngine | None = None,
    sessions: async_sessionmaker[AsyncSession] | None = None,
    clock: Callable[[], datetime] = utcnow,
    catalogue: Catalogue | None = None,
) -> Services:
    engine = engine or create_engine(settings.database_url)
    sessions = sessions or session_factory(engine)
    catalogue = catalogue or load_all()
    people = PeopleService(sessions, clock)
    sinks = configured_sinks(
        settings.survey_http_url,
        settings.survey_http_secret.get_secret_value() if settings.survey_http_secret else None,
        settings.survey_files_dir,
    )
    surveys = SurveyService(
        sessions,
        clock,
        load_surveys(),
        settings.survey_secret.get_secret_value() if settings.survey_secret else None,
        list(sinks),
    )
    cases = CaseService(sessions, clock, settings.invite_days, on_change=status_refresh)
    links = LinkService(sessions, clock)
    services = Services(
        settings=settings,
        engine=engine,
        sessions=sessions,
        clock=clock,
        people=people,
        invites=InviteRedeemer(sessions, clock, {"young_person": link_young_person}),
        privacy=PrivacyService(sessions, clock),
        offers=OfferDesk(catalogue, content_translator),
        contact=ContactService(catalogue),
        cases=cases,
        checkins=CheckInService(
            sessions, clock, QuietHours(settings.quiet_start_time, settings.quiet_end_time)
        ),
        caseload=CaseloadService(sessions, clock, cases),
        links=links,
        safeguarding=SafeguardingService(sessions, clock, default_lexicon(), settings.duty_chats),
        conversations=ConversationService(sessions, clock),
        flood=FloodControl(settings.flood_limit),
        surveys=surveys,
        relay=RelayService(
            sessions,
            clock,
            sinks,
            lambda sid: surveys.surveys[sid].anonymous if sid in surveys.surveys else True,
        ),
    )
    services.retention = RetentionService(sessions, clock, settings, services.privacy)
    services.retention.add_purge(
        "crisis_text", lambda _now: services.safeguarding.purge_text(settings.crisis_text_days)
    )
    services.retention.add_purge(
        "survey_text", lambda now: surveys.purge_text(now, settings.survey_text_days)
    )
    surveys_privacy(services.privacy, surveys)
    # What the PA's record adds to the offer profile, and "Ask my PA" from an offer card.
    people.profile_sources.append(links.profile)
    services.contact.relay = lambda person, item: links.tell_pa(
        person, "ask_item", {"item": item.title}
    )
    keep_in_touch_privacy(services.privacy)
    services.privacy.add_section(Section("urgent_help", alerts.export_for, alerts.erase_for))
    return services


def staff_invites(services: Services) -> InviteService:
    return InviteService(services.sessions, services.clock)


async def _post_init(app: BotApplication) -> None:
    await commands.register_all(app.bot)
    services = app.bot_data.services
    if app.job_queue is not None and services is not None:
        jobs.schedule(app.job_queue, services.settings)


def build_application(
    services: Services,
    *,
    request: BaseRequest | None = None,
    updates_request: BaseRequest | None = None,
    polling: bool = False,
    rate_limit: bool = True,
) -> BotApplication:
    """The bot, wired: handlers registered, services attached, ready to initialise."""
    settings = services.settings
    token = settings.bot_token.get_secret_value() if settings.bot_token else OFFLINE_TOKEN
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.telegram_base_file_url)
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .post_init(_post_init)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(updates_request or request)
    if not polling:
        builder = builder.updater(None)
    if rate_limit:
        # Telegram allows about 30 messages a second per bot; retry once after a 429.
        limiter = AIORateLimiter(max_retries=3)
        builder = builder.rate_limiter(limiter)  # type: ignore[arg-type]
    app: BotApplication = builder.build()
    app.bot_data.services = services
    handlers.register(app)
    return app
