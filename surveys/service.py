"""Taking surveys: start or resume, answer one question at a time, finish; invite; report.

Every answer is committed as it is given. Button data names a response and a question; it is
checked against the person tapping (their own named response, or their pseudonym for an
anonymous one) and against the question the response is waiting for, so an old button, a
finished survey or someone else's response can never change anything.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import audit
from bot.models import Person
from bot.people import PersonView
from bot.privacy import PrivacyService, Section
from scheduler import outbox
from scheduler.caseload import visible_cases
from scheduler.links import find_link
from scheduler.models import Case
from surveys import results
from surveys.definitions import Question, Survey, next_question, position, previous_question
from surveys.models import (
    AppSecret,
    SurveyAnswer,
    SurveyInvite,
    SurveyRelay,
    SurveyResponse,
    SurveyUpdate,
)

OPEN, COMPLETED = "open", "completed"


@dataclass(frozen=True)
class Step:
    """What to show next. ``kind``: question | done | already | stale | changed | missing."""

    kind: str
    survey: Survey | None = None
    response_id: int = 0
    question: Question | None = None
    number: int = 0
    total: int = 0
    selected: tuple[str, ...] = ()
    text_given: bool = False


@dataclass
class _State:
    response: SurveyResponse
    survey: Survey
    answers: dict[str, list[str]] = field(default_factory=dict)
    texts: dict[str, bool] = field(default_factory=dict)


class SurveyService:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Callable[[], datetime],
        surveys: dict[str, Survey],
        secret: str | None,
        sinks: Sequence[str],
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self.surveys = surveys
        self._secret = secret
        self.sinks = tuple(sinks)

    # --- identity -----------------------------------------------------------------------
    async def _key(self, session: AsyncSession) -> bytes:
        """The pseudonym key: configured, or made once by this deployment and kept."""
        if self._secret:
            return self._secret.encode()
        found = await session.scalar(select(AppSecret.value).where(AppSecret.name == "survey"))
        if found is None:
            found = secrets.token_hex(32)
            async with session.begin_nested():
                session.add(AppSecret(name="survey", value=found))
        self._secret = found
        return found.encode()

    async def pseudonym(self, session: AsyncSession, survey_id: str, telegram_id: int) -> str:
        message = f"{survey_id}:{telegram_id}".encode()
        return hmac.new(await self._key(session), message, hashlib.sha256).hexdigest()

    def live(self, council_id: str) -> list[Survey]:
        """Surveys a young person can open from the Feedback menu."""
        return [s for s in self.surveys.values() if not s.trigger and s.for_council(council_id)]

    # --- finding a response ---------------------------------------------------------------
    async def _owned(
        self, session: AsyncSession, person: PersonView, response_id: int
    ) -> SurveyResponse | None:
        response = await session.get(SurveyResponse, response_id)
        if response is None:
            return None
        if response.person_id is not None:
            return response if response.person_id == person.id else None
        mine = await self.pseudonym(session, response.survey_id, person.telegram_id)
        return response if response.pseudonym == mine else None

    async def _load(self, session: AsyncSession, response: SurveyResponse) -> _State | None:
        survey = self.surveys.get(response.survey_id)
        if survey is None:
            return None
        state = _State(response, survey)
        rows = await session.execute(
            select(SurveyAnswer).where(SurveyAnswer.response_id == response.id)
        )
        for answer in rows.scalars():
            state.answers[answer.question_id] = [str(c) for c in answer.choices]
            state.texts[answer.question_id] = answer.text is not None
        return state

    def _step(self, state: _State, question: Question | None) -> Step:
        if question is None:
            return Step("done", state.survey, state.response.id)
        number, total = position(state.survey, state.answers, question.id)
        return Step("question", state.survey, state.response.id, question, number, total,
                    tuple(state.answers.get(question.id, ())),
                    state.texts.get(question.id, False))  # fmt: skip

    async def _existing(
        self, session: AsyncSession, person: PersonView, survey: Survey
    ) -> SurveyResponse | None:
        if survey.anonymous:
            mine = await self.pseudonym(session, survey.id, person.telegram_id)
            condition = SurveyResponse.pseudonym == mine
        else:
            condition = SurveyResponse.person_id == person.id
        rows = await session.execute(
            select(SurveyResponse).where(SurveyResponse.survey_id == survey.id, condition)
            .order_by(SurveyResponse.id.desc()))  # fmt: skip
        return rows.scalars().first()

    # --- taking a survey ----------------------------------------------------------------
    async def open(self, person: PersonView, survey_id: str, lang: str) -> Step:
        """Start ``survey_id`` or resume where this person stopped."""
        survey = self.surveys.get(survey_id)
        if survey is None or not survey.for_council(person.council_id) or person.is_staff:
            return Step("missing")
        today = self._today()
        async with self._sessions() as session, session.begin():
            found = await self._existing(session, person, survey)
            if found is not None and found.status == OPEN and found.version == survey.version:
                state = await self._load(session, found)
                assert state is not None
                current = survey.question(found.current or "")
                return self._step(state, current or next_question(survey, state.answers, None))
            if found is not None and found.status == COMPLETED:
                repeat = survey.repeat_days
                done = found.completed_on or today
                if not repeat or (today - done).days < repeat:
                    return Step("already", survey, found.id)
            if found is not None and found.status == OPEN:
                # Started on an older version: its answers stay; a new response begins.
                found.status = "outdated"
            link = None if survey.anonymous else await find_link(session, person.id)
            first = survey.questions[0]
            response = SurveyResponse(
                key=str(uuid.uuid4()), survey_id=survey.id, version=survey.version,
                council_id=person.council_id,
                person_id=None if survey.anonymous else person.id,
                case_id=None if survey.anonymous or link is None else link[0].id,
                pseudonym=await self.pseudonym(session, survey.id, person.telegram_id)
                if survey.anonymous else None,
                lang=lang, status=OPEN, current=first.id, started_on=today,
            )  # fmt: skip
            session.add(response)
            await session.flush()
            return self._step(_State(response, survey), first)

    async def answer(
        self,
        person: PersonView,
        response_id: int,
        question_id: str,
        *,
        choice: str | None = None,
        text: str | None = None,
        toggle: str | None = None,
        skip: bool = False,
    ) -> Step:
        """Record an answer (a button, a toggle of a multiple choice, free text, or Skip)."""
        async with self._sessions() as session, session.begin():
            checked = await self._check(session, person, response_id, question_id)
            if isinstance(checked, Step):
                return checked
            state, question = checked
            today = self._today()
            if toggle is not None:
                if question.kind != "multi" or toggle not in question.allowed():
                    return self._step(state, question)
                chosen = list(state.answers.get(question.id, []))
                chosen = (
                    [c for c in chosen if c != toggle] if toggle in chosen else [*chosen, toggle]
                )
                await self._store(session, state, question, chosen, None, today)
                state.answers[question.id] = chosen
                return self._step(state, question)
            if skip:
                await self._store(session, state, question, [], None, today)
                state.answers[question.id] = []
            elif choice is not None:
                if question.kind == "multi" and choice == "done":
                    # The toggles are stored already; "Done" with none chosen is a skip.
                    chosen = state.answers.get(question.id, [])
                    await self._store(session, state, question, chosen, None, today)
                elif question.kind in ("text", "multi") or choice not in question.allowed():
                    return self._step(state, question)
                else:
                    await self._store(session, state, question, [choice], None, today)
                    state.answers[question.id] = [choice]
            elif text is not None:
                if question.kind != "text" or not text.strip():
                    return self._step(state, question)
                await self._store(session, state, question, [], text.strip(), today)
                state.answers[question.id] = []
            else:
                return self._step(state, question)
            following = next_question(state.survey, state.answers, question.id)
            return await self._advance(session, state, following, today)

    async def open_step(self, person: PersonView, response_id: int) -> Step:
        """Where this person's response ``response_id`` stands now."""
        async with self._sessions() as session:
            response = await self._owned(session, person, response_id)
            if response is None:
                return Step("missing")
            checked = await self._check(session, person, response_id, response.current or "")
            if isinstance(checked, Step):
                return checked
            state, question = checked
            return self._step(state, question)

    async def owns(self, person: PersonView, response_id: int) -> bool:
        async with self._sessions() as session:
            return await self._owned(session, person, response_id) is not None

    async def back(self, person: PersonView, response_id: int, question_id: str) -> Step:
        async with self._sessions() as session, session.begin():
            checked = await self._check(session, person, response_id, question_id)
            if isinstance(checked, Step):
                return checked
            state, question = checked
            earlier = previous_question(state.survey, state.answers, question.id) or question
            state.response.current = earlier.id
            return self._step(state, earlier)

    async def _check(
        self, session: AsyncSession, person: PersonView, response_id: int, question_id: str
    ) -> tuple[_State, Question] | Step:
        response = await self._owned(session, person, response_id)
        if response is None:
            return Step("missing")
        state = await self._load(session, response)
        if state is None:
            return Step("missing")
        if response.status == COMPLETED:
            return Step("already", state.survey, response.id)
        if response.status != OPEN or response.version != state.survey.version:
            return Step("changed", state.survey, response.id)
        question = state.survey.question(question_id)
        if question is None or question_id != response.current:
            current = state.survey.question(response.current or "")
            return Step("stale", state.survey, response.id, current)
        return state, question

    async def _store(
        self,
        session: AsyncSession,
        state: _State,
        question: Question,
        choices: list[str],
        text: str | None,
        today: date,
    ) -> None:
        existing = await session.scalar(
            select(SurveyAnswer).where(SurveyAnswer.response_id == state.response.id,
                                       SurveyAnswer.question_id == question.id))  # fmt: skip
        if existing is None:
            session.add(SurveyAnswer(response_id=state.response.id, question_id=question.id,
                                     choices=choices, text=text, answered_on=today))  # fmt: skip
        else:
            existing.choices, existing.text, existing.answered_on = choices, text, today
        await session.flush()

    async def _advance(
        self, session: AsyncSession, state: _State, following: Question | None, today: date
    ) -> Step:
        response = state.response
        if following is not None:
            response.current = following.id
            return self._step(state, following)
        # Answers to questions that skip logic now hides are not part of the response.
        hidden = [q.id for q in state.survey.questions
                  if q.id in state.answers and q.id != response.current
                  and not _reachable(state, q.id)]  # fmt: skip
        if hidden:
            await session.execute(
                delete(SurveyAnswer).where(
                    SurveyAnswer.response_id == response.id, SurveyAnswer.question_id.in_(hidden)
                )
            )
        response.status, response.current, response.completed_on = COMPLETED, None, today
        now = self._clock()
        for sink in self.sinks:
            session.add(SurveyRelay(response_id=response.id, sink=sink, status="pending",
                                    attempts=0, first_at=now, next_at=now))  # fmt: skip
        return Step("done", state.survey, response.id)

    def _today(self) -> date:
        return self._clock().date()

    # --- inviting -----------------------------------------------------------------------
    async def invite_caseload(self, staff: PersonView, survey_id: str) -> int | None:
        """Invite every linked young person this member of staff may see; ``None`` if the
        survey is not theirs to send."""
        survey = self.surveys.get(survey_id)
        now = self._clock()
        async with self._sessions() as session, session.begin():
            allowed = staff.is_staff and survey is not None and not survey.trigger \
                and survey.for_council(staff.council_id)  # fmt: skip
            await audit.record(session, now=now, actor_id=staff.id, actor_role=staff.role,
                               council_id=staff.council_id, action="send_survey",
                               target=f"survey:{survey_id}"[:60], allowed=allowed)  # fmt: skip
            if not allowed or survey is None:
                return None
            cases = (await session.execute(
                visible_cases(staff).where(Case.person_id.is_not(None), Case.left_at.is_(None))
            )).scalars().all()  # fmt: skip
            sent = 0
            for case in cases:
                person = await session.get(Person, case.person_id)
                if person is not None:
                    sent += await self._invite(session, survey, person, "staff", now)
            return sent

    async def invite_after_checkin(self, case_id: int) -> bool:
        """After a check-in that happened: the one-question survey, at most every 30 days."""
        now = self._clock()
        async with self._sessions() as session, session.begin():
            case = await session.get(Case, case_id)
            if case is None or case.person_id is None:
                return False
            person = await session.get(Person, case.person_id)
            for survey in self.surveys.values():
                if survey.trigger == "after-checkin" and person is not None \
                        and survey.for_council(case.council_id):  # fmt: skip
                    recent = await session.scalar(select(SurveyInvite.id).where(
                        SurveyInvite.survey_id == survey.id,
                        SurveyInvite.person_id == person.id,
                        SurveyInvite.invited_at > now - timedelta(days=survey.repeat_days or 30),
                    ))  # fmt: skip
                    if recent is None:
                        return bool(await self._invite(session, survey, person, "after-checkin",
                                                       now))  # fmt: skip
            return False

    async def _invite(
        self, session: AsyncSession, survey: Survey, person: Person, reason: str, now: datetime
    ) -> int:
        view_ = PersonView(person.id, person.telegram_id, person.role, person.council_id,
                           person.team, None, person.language, True, None, None, frozenset(),
                           None, None, None, False)  # fmt: skip
        found = await self._existing(session, view_, survey)
        if found is not None and found.status == COMPLETED and not survey.repeat_days:
            return 0
        key = f"survey:{survey.id}:{survey.version}:{person.id}"
        if reason == "after-checkin":
            key += f":{now.date().isoformat()}"
        queued = await outbox.enqueue(
            session, chat_id=person.telegram_id, kind="survey_invite",
            payload={"survey": survey.id, "title": survey.title}, due_at=now, now=now,
            quiet=True, dedupe_key=key,
        )  # fmt: skip
        if queued:
            session.add(SurveyInvite(survey_id=survey.id, council_id=person.council_id,
                                     person_id=person.id, invited_at=now,
                                     reason=reason))  # fmt: skip
        return int(queued)

    async def publish(self, survey_id: str, council_id: str, texts: dict[str, str]) -> int:
        """ "You said, we did": store the update and queue it for everyone who completed the
        survey — named respondents by their account, anonymous ones by recomputing each young
        person's pseudonym (the link is never stored)."""
        survey = self.surveys[survey_id]
        now = self._clock()
        async with self._sessions() as session, session.begin():
            published = SurveyUpdate(survey_id=survey_id, council_id=council_id, texts=texts,
                                     published_at=now)  # fmt: skip
            session.add(published)
            await session.flush()
            done = select(SurveyResponse).where(
                SurveyResponse.survey_id == survey_id, SurveyResponse.status == COMPLETED,
                SurveyResponse.council_id == council_id)  # fmt: skip
            responses = list((await session.execute(done)).scalars())
            named = {r.person_id for r in responses if r.person_id is not None}
            pseudonyms = {r.pseudonym for r in responses if r.pseudonym is not None}
            people = await session.execute(select(Person).where(
                Person.council_id == council_id, Person.role == "young_person"))  # fmt: skip
            queued = 0
            for person in people.scalars():
                answered = person.id in named or (
                    survey.anonymous
                    and await self.pseudonym(session, survey_id, person.telegram_id) in pseudonyms
                )
                if answered:
                    queued += int(await outbox.enqueue(
                        session, chat_id=person.telegram_id, kind="survey_update",
                        payload={"title": survey.title, "texts": texts}, due_at=now, now=now,
                        quiet=True, dedupe_key=f"survey-update:{published.id}:{person.id}",
                    ))  # fmt: skip
            return queued

    # --- reporting ------------------------------------------------------------------------
    async def results(self, survey_id: str, council_id: str | None = None) -> results.Results:
        survey = self.surveys[survey_id]
        async with self._sessions() as session:
            query = select(SurveyResponse).where(SurveyResponse.survey_id == survey_id,
                                                 SurveyResponse.status == COMPLETED)  # fmt: skip
            invited_q = select(func.count()).where(SurveyInvite.survey_id == survey_id)
            if council_id:
                query = query.where(SurveyResponse.council_id == council_id)
                invited_q = invited_q.where(SurveyInvite.council_id == council_id)
            responses = list((await session.execute(query)).scalars())
            answered = []
            for response in responses:
                state = await self._load(session, response)
                if state is not None:
                    answered.append(results.Answered(
                        {k: v if v else (["(text)"] if state.texts.get(k) else [])
                         for k, v in state.answers.items()}, response.lang))  # fmt: skip
            invited = int(await session.scalar(invited_q) or 0)
        return results.build(survey, answered, invited)

    async def export(self, survey_id: str) -> list[dict[str, Any]]:
        """Every completed response as the relay sends it (free text included)."""
        async with self._sessions() as session:
            rows = await session.execute(select(SurveyResponse).where(
                SurveyResponse.survey_id == survey_id, SurveyResponse.status == COMPLETED
            ).order_by(SurveyResponse.id))  # fmt: skip
            survey = self.surveys.get(survey_id)
            anonymous = survey.anonymous if survey else True
            return [await payload(session, r, anonymous) for r in rows.scalars()]

    async def purge_text(self, now: datetime, days: int) -> int:
        """Retention: free text answers older than ``days`` are erased (the choices stay)."""
        async with self._sessions() as session, session.begin():
            before = (now - timedelta(days=days)).date()
            result = await session.execute(
                update(SurveyAnswer)
                .where(SurveyAnswer.text.is_not(None), SurveyAnswer.answered_on < before)
                .values(text=None)
            )
            return int(getattr(result, "rowcount", 0) or 0)


def _reachable(state: _State, question_id: str) -> bool:
    from surveys.definitions import shown

    question = state.survey.question(question_id)
    return question is not None and shown(question, state.answers)


async def payload(
    session: AsyncSession, response: SurveyResponse, anonymous: bool
) -> dict[str, Any]:
    """What the council's store receives for one completed response."""
    rows = await session.execute(
        select(SurveyAnswer).where(SurveyAnswer.response_id == response.id)
        .order_by(SurveyAnswer.id))  # fmt: skip
    return {
        "key": response.key,
        "survey": response.survey_id,
        "version": response.version,
        "council": response.council_id,
        "anonymous": anonymous,
        "case": response.case_id,
        "language": response.lang,
        "completed_on": response.completed_on.isoformat() if response.completed_on else None,
        "answers": {a.question_id: {"choices": list(a.choices), "text": a.text}
                    for a in rows.scalars()},
    }  # fmt: skip


# --- /mydata and /delete -----------------------------------------------------------------------
async def _export(session: AsyncSession, person: Person) -> dict[str, Any]:
    named = (await session.execute(select(SurveyResponse).where(
        SurveyResponse.person_id == person.id))).scalars().all()  # fmt: skip
    return {
        "named_survey_answers": [await payload(session, r, False) for r in named],
        "anonymous_surveys": "Anonymous answers are not linked to you, so they are not here.",
    }


def surveys_privacy(privacy: PrivacyService, service: SurveyService) -> None:
    async def erase(session: AsyncSession, person: Person, _now: datetime) -> None:
        """Named answers stay only as anonymous counts (no person, no case, no free text);
        anonymous ones lose the pseudonym that let this account resume them."""
        ids = select(SurveyResponse.id).where(SurveyResponse.person_id == person.id)
        await session.execute(update(SurveyAnswer).where(SurveyAnswer.response_id.in_(ids))
                              .values(text=None))  # fmt: skip
        await session.execute(update(SurveyResponse).where(SurveyResponse.person_id == person.id)
                              .values(person_id=None, case_id=None))  # fmt: skip
        for survey_id in service.surveys:
            mine = await service.pseudonym(session, survey_id, person.telegram_id)
            await session.execute(update(SurveyResponse).where(SurveyResponse.pseudonym == mine)
                                  .values(pseudonym=None))  # fmt: skip
        await session.execute(update(SurveyInvite).where(SurveyInvite.person_id == person.id)
                              .values(person_id=None))  # fmt: skip

    privacy.add_section(Section("surveys", _export, erase))
