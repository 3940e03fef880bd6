"""The application's settings: one typed class, read once from the environment (prefix FBSS_) and passed down.

Every setting is documented in docs/web.md (a test checks it); the FHIR API's (FBSS_FHIR_*) in docs/fhir.md and
the CDS Hooks service's (FBSS_CDS_*) in docs/cdshooks.md. Outside demo mode the app refuses to start with the
default secret key.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from fbss.cdshooks.settings import TrustedIssuer

DEMO_SECRET_KEY = "fbss-demo-secret-key-not-for-real-use-0000000000"  # noqa: S105 - refused outside demo mode
MIN_SECRET_KEY_LENGTH = 32
DEFAULT_SQLITE_PATH = Path("var") / "fbss.sqlite3"


class DatabaseSettings(BaseSettings):
    """Where the data lives: all that the database commands (migrate, backup, restore) need."""

    model_config = SettingsConfigDict(env_prefix="FBSS_", extra="ignore", frozen=True)

    database_url: str = Field(
        f"sqlite:///{DEFAULT_SQLITE_PATH}",
        description="SQLAlchemy URL: sqlite:///path (WAL mode) or postgresql+psycopg://user@host/db",
    )


class Settings(DatabaseSettings):
    """Everything a deployment may change. Clinical facts are never settings."""

    demo: bool = Field(False, description="Demo mode: allows the default secret key and shows demo logins")
    secret_key: SecretStr = Field(
        SecretStr(DEMO_SECRET_KEY),
        description="Keys the audit-log hash chain (HMAC-SHA256); at least 32 characters outside demo mode",
    )
    session_hours: float = Field(8, gt=0, le=24 * 30, description="A session ends this long after login")
    session_idle_minutes: float = Field(
        30, gt=0, description="A session ends after this long without a request"
    )
    login_max_failures: int = Field(
        5, ge=1, description="Failed logins allowed per account or address within the throttle window"
    )
    login_window_minutes: float = Field(15, gt=0, description="The login throttle window")
    password_min_length: int = Field(12, ge=8, description="Shortest password accepted for a new account")
    # OWASP Password Storage Cheat Sheet: argon2id with m=19 MiB, t=2, p=1 as the minimum configuration.
    argon2_time_cost: int = Field(2, ge=1, description="argon2id iterations")
    argon2_memory_kib: int = Field(19456, ge=8, description="argon2id memory in KiB")
    argon2_parallelism: int = Field(1, ge=1, description="argon2id lanes")
    cookie_secure: bool | None = Field(
        None,
        description="Force the Secure cookie flag on (true) or off (false); unset: on when served over HTTPS",
    )
    emergency_number: str = Field(
        "911", max_length=40, description="Emergency telephone number shown to patients with an urgent answer"
    )
    # 988 was designated by the FCC in 2020 and went live on 16 July 2022: "call or text 988 or chat
    # 988lifeline.org" (988 Suicide & Crisis Lifeline; Wyoming Department of Health 988 page). US only.
    crisis_resources: str = Field(
        "988 Suicide & Crisis Lifeline (United States): call or text 988, or chat at 988lifeline.org",
        max_length=500,
        description="Crisis line shown to a patient who reports thoughts of self-harm; set to the local service",
    )
    snapshot_assessments: bool = Field(
        True, description="Store each assessment with its inputs and reuse it while the record is unchanged"
    )

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> Settings:
        if self.demo:
            return self
        secret = self.secret_key.get_secret_value()
        if secret == DEMO_SECRET_KEY:
            raise ValueError(
                "FBSS_SECRET_KEY: set a secret key of your own (the default is for demo mode only)"
            )
        if len(secret) < MIN_SECRET_KEY_LENGTH:
            raise ValueError(f"FBSS_SECRET_KEY: use at least {MIN_SECRET_KEY_LENGTH} characters")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


class FhirSettings(BaseSettings):
    """The FHIR REST API and Bulk Data export (environment prefix FBSS_FHIR_; documented in docs/fhir.md)."""

    model_config = SettingsConfigDict(env_prefix="FBSS_FHIR_", extra="ignore", frozen=True)

    base_url: str = Field(
        "http://127.0.0.1:8000/fhir",
        description="The FHIR API's base URL as clients reach it: Bundle fullUrls, Content-Location, file URLs",
    )
    page_size: int = Field(50, ge=1, le=1000, description="Search results per page when _count is not given")
    max_page_size: int = Field(500, ge=1, le=5000, description="The largest _count accepted")
    bulk_worker: bool = Field(True, description="Run a Bulk Data export worker in each app process")
    bulk_poll_seconds: float = Field(
        5.0, gt=0, le=3600, description="How often an idle worker looks for jobs other processes queued"
    )
    bulk_lease_seconds: float = Field(
        120.0, ge=5, description="A running job whose worker sent no sign of life this long is taken over"
    )
    bulk_batch_patients: int = Field(
        20, ge=1, le=1000, description="Patients written per committed step of an export job"
    )
    bulk_retention_hours: float = Field(
        24.0, gt=0, description="Finished export jobs and their files are deleted this long after they end"
    )

    @field_validator("base_url")
    @classmethod
    def _no_trailing_slash(cls, url: str) -> str:
        return url.rstrip("/")


class CdsHooksSettings(BaseSettings):
    """The CDS Hooks service mounted at /cds-services (environment prefix FBSS_CDS_; docs/cdshooks.md)."""

    model_config = SettingsConfigDict(env_prefix="FBSS_CDS_", extra="ignore", frozen=True)

    app_base_url: str = Field(
        "http://127.0.0.1:8000",
        description="The app's URL as clinicians reach it; cards link to patient pages",
    )
    service_base_url: str | None = Field(
        None, description="The URL EHRs call /cds-services at (JWT aud); default app_base_url + /cds-services"
    )
    # Checked as fbss.cdshooks TrustedIssuer models when the app starts (importing them here would load the
    # whole CDS Hooks package for every command that reads settings).
    trusted_issuers: tuple[dict[str, Any], ...] = Field(
        (), description="EHRs allowed to call, as JSON: [{iss, jwks, jku_allowed, fhir_servers}]"
    )
    trusted_issuers_file: Path | None = Field(
        None, description="A JSON file with more trusted issuers (same shape), read when the app starts"
    )
    clock_skew_seconds: int = Field(300, ge=0, le=600, description="Tolerance on the JWT's exp, iat and nbf")
    max_token_age_seconds: int = Field(3600, ge=60, description="Oldest JWT iat accepted")
    fetch_timeout_seconds: float = Field(5.0, gt=0, le=60, description="Timeout of FHIR and JWK Set fetches")
    order_codes: dict[str, str] = Field(
        default_factory=dict, description="Site order codes 'system|code' -> fbss procedure kind, as JSON"
    )

    def issuers(self) -> tuple[TrustedIssuer, ...]:
        """The trusted issuers of the setting and of the file, checked."""
        from pydantic import TypeAdapter

        from fbss.cdshooks.settings import TrustedIssuer

        issuers = TypeAdapter(tuple[TrustedIssuer, ...])
        listed = issuers.validate_python(self.trusted_issuers)
        if self.trusted_issuers_file is None:
            return listed
        return (*listed, *issuers.validate_json(self.trusted_issuers_file.read_bytes()))

    def service_url(self) -> str:
        return (self.service_base_url or f"{self.app_base_url.rstrip('/')}/cds-services").rstrip("/")
