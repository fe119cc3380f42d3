"""Settings read from the environment (prefix ``CARELEAVER_``) or a ``.env`` file.

One frozen object built once at start-up and passed to the application factory; nothing else
reads the environment. The bot token is a secret and never appears in ``repr`` or logs.
"""

from __future__ import annotations

from datetime import time
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

SUPPORTED_LANGUAGES: tuple[str, ...] = (
    "en",
    "ar",
    "fa",
    "fa_AF",
    "ps",
    "ckb",
    "ti",
    "am",
    "sq",
    "vi",
)


def default_database_url() -> str:
    """A SQLite file in the working directory: the embedded default."""
    return f"sqlite+aiosqlite:///{Path.cwd() / 'careleaver-bot.db'}"


class Settings(BaseSettings):
    """Everything a deployment configures; see `.env.example` for each setting in words."""

    model_config = SettingsConfigDict(
        env_prefix="CARELEAVER_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        frozen=True,
    )

    bot_token: SecretStr | None = None
    database_url: str = Field(default_factory=default_database_url)
    telegram_base_url: str = "https://api.telegram.org/bot"
    telegram_base_file_url: str = "https://api.telegram.org/file/bot"
    bot_username: str = "careleaver_bot"
    default_council: str = "cheshire-east"
    default_language: str = "en"
    time_zone: str = "Europe/London"
    invite_days: int = Field(default=14, ge=1, le=90)
    quiet_start: str = "21:00"
    quiet_end: str = "08:00"
    log_level: str = "INFO"
    # Safeguarding: Telegram ids of the council's duty workers who get every crisis alert too
    # (comma-separated; each must have a staff account), and when PAs read their messages.
    duty_chat_ids: str = ""
    office_hours: str = "Mon-Fri 09:00-17:00"
    # How long the words of a crisis message are kept for the PA to read.
    crisis_text_days: int = Field(default=90, ge=1, le=3650)
    # Young people's accounts unused this long (months of 30 days) get one reminder, and are
    # deleted, as /delete would, this many days after it if still unused.
    inactive_months: int = Field(default=24, ge=2, le=120)
    inactive_grace_days: int = Field(default=30, ge=7, le=365)
    # Audit entries older than this many days are deleted; empty (the default) keeps them all,
    # for the council's own information-governance policy to decide.
    audit_days: int | None = Field(default=None, ge=365)
    # Sent, dropped and failed scheduled messages are deleted after this many days.
    outbox_keep_days: int = Field(default=180, ge=60, le=3650)
    # Per-person flood control: more than this many messages in 10 seconds gets one "slow down".
    flood_limit: int = Field(default=20, ge=3, le=1000)
    # Surveys (docs/surveys.md). The key of anonymous respondents' pseudonyms: empty means the
    # deployment makes one and keeps it in its database.
    survey_secret: SecretStr | None = None
    # Sinks for completed responses: an HTTP endpoint (with the key of its HMAC signature)
    # and/or a folder for CSV and JSON-lines files. Neither set: responses stay in the database.
    survey_http_url: str | None = None
    survey_http_secret: SecretStr | None = None
    survey_files_dir: str | None = None
    # Days free-text survey answers are kept.
    survey_text_days: int = Field(default=365, ge=30, le=3650)
    # How often each worker sweeps the outbox for due messages.
    sweep_seconds: float = Field(default=10.0, gt=0, le=300)

    def secrets(self) -> list[str]:
        """Every configured secret, for the log formatter to redact."""
        found = [self.bot_token.get_secret_value()] if self.bot_token else []
        for secret in (self.survey_secret, self.survey_http_secret):
            if secret is not None:
                found.append(secret.get_secret_value())
        password = make_url(self.database_url).password
        if password:
            found.append(str(password))
        return found

    @field_validator("survey_secret", "survey_http_secret", mode="before")
    @classmethod
    def _empty_secret_is_none(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("bot_token", mode="before")
    @classmethod
    def _empty_token_is_none(cls, value: object) -> object:
        """An empty CARELEAVER_BOT_TOKEN means "no token", not a token of zero length."""
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("default_language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in SUPPORTED_LANGUAGES:
            raise ValueError(f"must be one of {', '.join(SUPPORTED_LANGUAGES)}")
        return value

    @field_validator("duty_chat_ids")
    @classmethod
    def _ids(cls, value: str) -> str:
        for part in filter(None, (p.strip() for p in value.split(","))):
            int(part)
        return value

    @field_validator("office_hours")
    @classmethod
    def _office(cls, value: str) -> str:
        from scheduler.office import parse_office_hours

        parse_office_hours(value)
        return value

    @property
    def duty_chats(self) -> tuple[int, ...]:
        return tuple(int(p) for p in self.duty_chat_ids.split(",") if p.strip())

    @field_validator("quiet_start", "quiet_end")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        time.fromisoformat(value)
        return value

    @property
    def quiet_start_time(self) -> time:
        return time.fromisoformat(self.quiet_start)

    @property
    def quiet_end_time(self) -> time:
        return time.fromisoformat(self.quiet_end)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
