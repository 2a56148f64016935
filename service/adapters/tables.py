"""The database schema, as SQLAlchemy declarative models. Migrations in ``migrations/`` follow it.

Only repositories touch these classes; use cases see domain objects.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Timestamps in UTC, aware on the way out on every backend (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class LevelRow(Base):
    __tablename__ = "levels"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    rank: Mapped[int] = mapped_column(Integer, unique=True)


class OrgUnitRow(Base):
    __tablename__ = "org_units"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(ForeignKey("levels.code"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Overrides of the level's decision defaults (legal bases, signer, …); see domain/issuers.
    profile: Mapped[dict | None] = mapped_column(JSON)  # type: ignore[type-arg]
    # What kind of body it is (domain.orgs.OrgType); the level says where it sits on the route.
    type: Mapped[str] = mapped_column(String(32), default="people_committee")
    # Set when the unit was merged into another (sáp nhập); it is inactive from then on.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"), index=True)
    merged_on: Mapped[date | None] = mapped_column(Date)
    # A province root's rulebook; null: the installation's (KT_RULEBOOK). Below a root, unused.
    rulebook: Mapped[str | None] = mapped_column(String(64))


class UserRow(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # In the order given: without order_by SQLite may answer them in an index's order instead,
    # depending on the planner's statistics.
    grants: Mapped[list[GrantRow]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin", order_by="GrantRow.id"
    )


class GrantRow(Base):
    __tablename__ = "role_grants"
    __table_args__ = (UniqueConstraint("user_id", "org_id", "role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    user: Mapped[UserRow] = relationship(back_populates="grants")
    org: Mapped[OrgUnitRow] = relationship(lazy="joined", innerjoin=True)


class TokenRow(Base):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AwardRow(Base):
    __tablename__ = "awards"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    # The nominee kinds it takes, in domain.awards.KIND_ORDER, and their prize factors.
    kinds: Mapped[list[str]] = mapped_column(JSON, server_default=text("'[]'"))
    kind_factors: Mapped[dict[str, str]] = mapped_column(JSON, server_default=text("'{}'"))
    level: Mapped[str] = mapped_column(ForeignKey("levels.code"))
    family: Mapped[str] = mapped_column(String(32))
    prize_multiple: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    verb: Mapped[str] = mapped_column(String(32), default="Tặng")
    decision_title: Mapped[str] = mapped_column(String(300), default="")
    # An old code kept for API clients (BK_TINH_CN): the award it stands for.
    alias_of: Mapped[str | None] = mapped_column(String(32))
    # Null in rows loaded before rule versions (0010): not proposes-only, open dates.
    proposes_only: Mapped[bool | None] = mapped_column(Boolean)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class RulebookAwardRow(Base):
    """An award as one rulebook reads it (CSTĐCS: the district's in three tiers, the commune's in
    two). ``awards`` keeps one row per code, which dossiers reference."""

    __tablename__ = "rulebook_awards"
    rulebook: Mapped[str] = mapped_column(String(64), primary_key=True)
    code: Mapped[str] = mapped_column(ForeignKey("awards.code"), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kinds: Mapped[list[str]] = mapped_column(JSON, server_default=text("'[]'"))
    kind_factors: Mapped[dict[str, str]] = mapped_column(JSON, server_default=text("'{}'"))
    level: Mapped[str] = mapped_column(ForeignKey("levels.code"))
    family: Mapped[str] = mapped_column(String(32))
    prize_multiple: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    verb: Mapped[str] = mapped_column(String(32))
    decision_title: Mapped[str] = mapped_column(String(300))
    alias_of: Mapped[str | None] = mapped_column(String(32))
    proposes_only: Mapped[bool | None] = mapped_column(Boolean)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class RegulationRow(Base):
    """A province root's own regulation (quy chế): its dated award overrides, as loaded."""

    __tablename__ = "regulations"
    org_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    overrides: Mapped[list] = mapped_column(JSON)  # type: ignore[type-arg]
    # Its choice of block or warn per eligibility rule (migration 0019; None: none made).
    eligibility: Mapped[dict | None] = mapped_column(JSON)  # type: ignore[type-arg]
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Raised by every write; a writer echoes the one it read (409 when another wrote meanwhile).
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"))


class DossierRow(Base):
    __tablename__ = "dossiers"
    __table_args__ = (Index("ix_dossiers_org_status", "org_id", "status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    award_code: Mapped[str] = mapped_column(ForeignKey("awards.code"))
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16))
    level: Mapped[str] = mapped_column(ForeignKey("levels.code"))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer)
    # Folded code, title and nominee names (domain.dossiers.fold), for diacritic-blind search.
    search_text: Mapped[str] = mapped_column(Text, default="")
    # The rulebook and the day whose rule versions the dossier follows (domain.dossiers.Dossier).
    rulebook: Mapped[str | None] = mapped_column(String(64))
    rules_on: Mapped[date | None] = mapped_column(Date)
    # Set when the clerk sends a simplified dossier (NĐ 152 Art. 33(8)): why.
    simplified_reason: Mapped[str | None] = mapped_column(Text)
    # What the decision cites (domain.proposal_fields); null on a draft that has not said yet.
    proposal_number: Mapped[str | None] = mapped_column(String(50))
    proposal_date: Mapped[date | None] = mapped_column(Date)
    period_from: Mapped[date | None] = mapped_column(Date)
    period_to: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(String(500))
    org: Mapped[OrgUnitRow] = relationship(lazy="joined", innerjoin=True)
    nominees: Mapped[list[NomineeRow]] = relationship(
        cascade="all, delete-orphan", order_by="NomineeRow.position_no", lazy="selectin"
    )
    # A stale write (someone else changed the dossier first) raises StaleDataError -> 409.
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class NomineeRow(Base):
    __tablename__ = "nominees"
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    position_no: Mapped[int] = mapped_column(Integer)
    full_name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    position: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(300))
    achievements: Mapped[str] = mapped_column(Text)
    # dossiers.name_key(full_name): finds the same person in other dossiers through an index.
    name_key: Mapped[str] = mapped_column(String(400), index=True, default="")
    # The nominee's own reason phrase, when it is not the dossier's.
    reason: Mapped[str | None] = mapped_column(String(500))
    # The registry entry this nominee is (issue 14); null while nobody has linked one.
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)


class NomineeResultRow(Base):
    """A nominee's result at the deciding level (issue 13): computed from the appraisal and the
    council's votes, never typed; no row = pending (or never appraised, before revision 0016)."""

    __tablename__ = "nominee_results"
    nominee_id: Mapped[int] = mapped_column(
        ForeignKey("nominees.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    result: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    moved_to: Mapped[str] = mapped_column(String(300), default="")
    votes_for: Mapped[int | None] = mapped_column(Integer)
    votes_against: Mapped[int | None] = mapped_column(Integer)
    share: Mapped[Decimal | None] = mapped_column(Numeric(5, 4))


class CouncilMeetingRow(Base):
    """The council's meeting on a dossier as its secretary entered it, with the rule applied."""

    __tablename__ = "council_meetings"
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    level: Mapped[str] = mapped_column(String(32))
    held_on: Mapped[date] = mapped_column(Date)
    members_total: Mapped[int] = mapped_column(Integer)
    members_present: Mapped[int] = mapped_column(Integer)
    secret_ballot: Mapped[bool] = mapped_column(Boolean)
    threshold: Mapped[Decimal] = mapped_column(Numeric(5, 4))
    base: Mapped[str] = mapped_column(String(16))
    basis: Mapped[str] = mapped_column(String(300), default="")
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AppraisalRow(Base):
    """Who appraised a dossier at the deciding level, with the office's own tờ trình."""

    __tablename__ = "appraisals"
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), primary_key=True)
    level: Mapped[str] = mapped_column(String(32))
    submission_number: Mapped[str] = mapped_column(String(64), default="")
    submission_date: Mapped[date | None] = mapped_column(Date)
    appraised_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    appraised_at: Mapped[datetime] = mapped_column(UtcDateTime)


class WorkflowRow(Base):
    __tablename__ = "workflow_instances"
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), primary_key=True)
    process_id: Mapped[str] = mapped_column(String(64))
    # The SpiffWorkflow state: it carries its own process definition and serializer version.
    state: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class TaskRow(Base):
    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_open_seat", "status", "org_id", "role"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    spec: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(ForeignKey("levels.code"))
    org_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    role: Mapped[str] = mapped_column(String(16))
    actions: Mapped[list[str]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    completed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str | None] = mapped_column(String(32))
    org: Mapped[OrgUnitRow] = relationship(lazy="joined", innerjoin=True)


class EventRow(Base):
    """One audited state change, linked into a hash chain. Rows are only ever inserted."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    level: Mapped[str | None] = mapped_column(String(32))
    org_code: Mapped[str | None] = mapped_column(String(32))
    comment: Mapped[str] = mapped_column(Text, default="")


class AuditHeadRow(Base):
    """Where the audit chain ends. Appending locks this row, so the chain never forks."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class LoginAttemptRow(Base):
    """Failed logins, for throttling per user and per address."""

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_user_at", "username", "at"),
        Index("ix_login_failures_address_at", "address", "at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class CounterRow(Base):
    """Sequences that must never repeat, e.g. dossier codes per unit and year."""

    __tablename__ = "counters"
    scope: Mapped[str] = mapped_column(String(100), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class AttachmentRow(Base):
    """A file attached to a dossier; its bytes live in the object store under ``object_key``."""

    __tablename__ = "attachments"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    # A checklist kind of the dossier's award (domain.checklists), or an old one stored before.
    kind: Mapped[str] = mapped_column(String(32))
    # The nominee a per-nominee part is filed for (nominees.id). No foreign key: a nominee taken
    # out of the dossier leaves its sealed report on record, as sealed files are never deleted.
    nominee_id: Mapped[int | None] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str] = mapped_column(String(100))
    object_key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(64))
    sealed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class DecisionRow(Base):
    """The register of decisions: drafted at approval, signed, then numbered and dated by the
    records office from its register (one per unit and year, or shared: ``register``)."""

    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("register", "year", "sequence"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    issuer_org_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)
    issuer: Mapped[str] = mapped_column(String(300))
    year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int | None] = mapped_column(Integer)
    number: Mapped[str | None] = mapped_column(String(64))
    issued_on: Mapped[date | None] = mapped_column(Date)
    issued_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    signer: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    object_key: Mapped[str] = mapped_column(String(200), unique=True)
    template: Mapped[str] = mapped_column(String(64))
    template_sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(32), server_default="issued")
    register: Mapped[str] = mapped_column(String(100), server_default="")
    drafted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    signed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    signer_username: Mapped[str] = mapped_column(String(200), server_default="")
    signer_title: Mapped[str] = mapped_column(String(200), server_default="")
    signer_capacity: Mapped[str] = mapped_column(String(200), server_default="")
    signature_block: Mapped[list[str]] = mapped_column(JSON, server_default=text("'[]'"))
    original_kind: Mapped[str] = mapped_column(String(16), server_default="")
    original_key: Mapped[str] = mapped_column(String(200), server_default="")
    original_sha256: Mapped[str] = mapped_column(String(64), server_default="")
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))
    correction: Mapped[dict | None] = mapped_column(JSON)  # type: ignore[type-arg]
    issuer_org: Mapped[OrgUnitRow] = relationship(lazy="joined", innerjoin=True)
    revocations: Mapped[list[DecisionRevocationRow]] = relationship(
        lazy="selectin", order_by="DecisionRevocationRow.id"
    )
    # The decisions correcting this one (one level: a correction's own are not eager-loaded).
    corrections: Mapped[list[DecisionRow]] = relationship(
        lazy="selectin", order_by="DecisionRow.id", viewonly=True
    )


class SignerRow(Base):
    """Who may sign a unit's decisions, their title, and the capacity they sign in (by kind)."""

    __tablename__ = "signers"
    __table_args__ = (UniqueConstraint("org_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(100))
    capacity: Mapped[str] = mapped_column(String(8))
    by_kind: Mapped[dict[str, str]] = mapped_column(JSON, server_default=text("'{}'"))
    credential: Mapped[dict | None] = mapped_column(JSON)  # type: ignore[type-arg]


class DecisionRevocationRow(Base):
    """A revocation of an issued decision, whole (``nominee_id`` None) or of one awardee."""

    __tablename__ = "decision_revocations"
    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"), index=True)
    nominee_id: Mapped[int | None] = mapped_column(ForeignKey("nominees.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[str] = mapped_column(Text)
    revoked_by: Mapped[str] = mapped_column(String(64))
    revoked_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CertificateLayoutRow(Base):
    """Where a unit's certificates of one form print on its pre-printed blanks (a Layout)."""

    __tablename__ = "certificate_layouts"
    __table_args__ = (UniqueConstraint("org_id", "form"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    form: Mapped[str] = mapped_column(String(64))
    layout: Mapped[dict] = mapped_column(JSON)  # type: ignore[type-arg]
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CertificateDeliveryRow(Base):
    """The delivery register: who received an awardee's certificate of a decision, and when."""

    __tablename__ = "certificate_deliveries"
    __table_args__ = (UniqueConstraint("decision_id", "nominee_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"))
    nominee_id: Mapped[int] = mapped_column(ForeignKey("nominees.id"))
    received_by: Mapped[str] = mapped_column(String(200))
    delivered_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CentralDecisionRow(Base):
    """The decision of the body above the province on a dossier the province only proposed."""

    __tablename__ = "central_decisions"
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(16))
    number: Mapped[str] = mapped_column(String(64))
    signed_on: Mapped[date] = mapped_column(Date)
    authority: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TemplateRow(Base):
    """A decision template an admin uploaded for a unit, in place of the stock one in
    ``templates/``; it also prints the decisions of the units below that have none."""

    __tablename__ = "decision_templates"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PersonRow(Base):
    """A registry entry (issue 14): an individual or a collective, with a stable identity."""

    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    full_name: Mapped[str] = mapped_column(String(200))
    # domain.dossiers.fold(full_name): the diacritics-insensitive search key.
    name_fold: Mapped[str] = mapped_column(String(200), index=True)
    org_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"), index=True)
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    gender: Mapped[str | None] = mapped_column(String(8))
    ethnicity: Mapped[str] = mapped_column(String(50), default="")
    identity_number: Mapped[str | None] = mapped_column(String(20), unique=True)
    position: Mapped[str] = mapped_column(String(300), default="")
    members_count: Mapped[int | None] = mapped_column(Integer)
    women_count: Mapped[int | None] = mapped_column(Integer)
    member_of_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class PostingRow(Base):
    __tablename__ = "person_postings"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    org_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"))
    position: Mapped[str] = mapped_column(String(300), default="")
    since: Mapped[date | None] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)


class PersonAwardRow(Base):
    """An award a registry entry has: issued here (``decision_id`` set) or imported from before."""

    __tablename__ = "person_awards"
    __table_args__ = (UniqueConstraint("nominee_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    award_code: Mapped[str] = mapped_column(ForeignKey("awards.code"))
    year: Mapped[int] = mapped_column(Integer)
    decision_number: Mapped[str] = mapped_column(String(64), default="")
    decision_date: Mapped[date | None] = mapped_column(Date)
    issuer: Mapped[str] = mapped_column(String(300), default="")
    period_from: Mapped[date | None] = mapped_column(Date)
    period_to: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(16))
    basis: Mapped[str] = mapped_column(String(16), default="regular")
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"), index=True)
    nominee_id: Mapped[int | None] = mapped_column(ForeignKey("nominees.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PersonRatingRow(Base):
    __tablename__ = "person_ratings"
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    rating: Mapped[str] = mapped_column(String(16))


class InitiativeRow(Base):
    __tablename__ = "person_initiatives"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    scope: Mapped[str] = mapped_column(String(32))
    recognised_on: Mapped[date] = mapped_column(Date)
    deciding_body: Mapped[str] = mapped_column(String(300), default="")
    applied: Mapped[bool] = mapped_column(Boolean, default=True)


class HoldRow(Base):
    __tablename__ = "person_holds"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    opened_on: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class PersonDistinctPairRow(Base):
    """Two registry entries an admin said are different people: never proposed as duplicates
    again. Kept as (smaller id, larger id), so a pair has one row whichever way it was named."""

    __tablename__ = "person_distinct_pairs"
    first_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    second_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    decided_by: Mapped[str] = mapped_column(String(64))
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ClusterRow(Base):
    """An emulation cluster or block (cụm, khối thi đua), run by a unit or national."""

    __tablename__ = "clusters"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(8))
    scope: Mapped[str] = mapped_column(String(16))
    owner_org_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"))
    rules: Mapped[str] = mapped_column(Text, server_default="")
    members: Mapped[list[ClusterMemberRow]] = relationship(
        lazy="selectin", order_by="ClusterMemberRow.position", cascade="all, delete-orphan"
    )
    leaders: Mapped[list[ClusterLeaderRow]] = relationship(
        lazy="selectin", order_by="ClusterLeaderRow.year", cascade="all, delete-orphan"
    )


class ClusterMemberRow(Base):
    __tablename__ = "cluster_members"
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id"), primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)  # the order the members are listed in


class ClusterLeaderRow(Base):
    """The year's head (trưởng) and deputy (phó) of a cluster."""

    __tablename__ = "cluster_leaders"
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    head_org_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    deputy_org_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"))
