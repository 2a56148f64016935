"""Every setting of the service, read from environment variables prefixed ``KT_``.

- ``KT_DATABASE_URL``: SQLAlchemy URL. Default: SQLite at ``var/khenthuong.db`` in the checkout.
  Production: ``postgresql+psycopg://user:password@host:5432/dbname``.
- ``KT_SECRET_KEY``: Flask secret key. Default: random per process; set it in production.
- ``KT_STORAGE_URL``: object store, ``file://DIR`` (default ``var/objects``) or
  ``s3://KEY:SECRET@HOST:PORT/BUCKET?secure=false`` for MinIO.
- ``KT_MAX_UPLOAD_MB``: largest attachment accepted, in MB (10^6 bytes). Default: 100.
- ``KT_STORAGE_REDIRECT``: answer downloads with a redirect to a short-lived presigned URL where
  the store can make one (MinIO), instead of streaming through the service. Default: false.
- ``KT_RULEBOOK``: the rulebook (``service/catalog/rulebooks/CODE.json``) whose dated rules apply
  to a province root that names none (roots added without ``--rulebook``, and those created
  before rulebooks were chosen per root): ``three_tier_nd98`` (province → district → commune, the
  default) or ``two_tier_nd152`` (province → commune). The base of prize money (mức lương cơ sở)
  is the dossier's rulebook's, by the decision's date.
- ``KT_TIMEZONE``: where decisions are dated. Default: Asia/Ho_Chi_Minh.
- ``KT_TEMPLATES_DIR``: stock decision templates (.docx). Default: ``templates/``.
- ``KT_TEMPLATE_SECONDS`` (default 5), ``KT_TEMPLATE_MEMORY_MB`` (default 512): what one render
  of a decision template may take, in wall-clock seconds and in memory beyond the renderer's own;
  an upload that needs more is refused, and an approval whose decision needs more fails.
- ``KT_PDF_CONCURRENCY`` (default 2), ``KT_PDF_WAIT_SECONDS`` (default 10),
  ``KT_PDF_TIMEOUT_SECONDS`` (default 60): PDF export of decisions through LibreOffice. At most
  that many conversions run at once in a process; a request that waits longer than the wait for
  a free slot, or whose conversion runs past the timeout, is answered 503 (busy) with Retry-After.
- ``KT_WORKFLOWS_DIR``: folder of BPMN/DMN files, parsed once at start. Default: ``workflows/``.
- ``KT_PROCESS_ID``: the BPMN process dossiers of ``KT_RULEBOOK`` follow. Default: the
  rulebook's (``nomination`` for three tiers, ``nomination_two_tier`` for two); a root that
  follows another rulebook gets that rulebook's process.
- ``KT_TOKEN_TTL_HOURS``: lifetime of an API bearer token. Default: 8.
- ``KT_LOGIN_MAX_FAILURES_PER_USER`` (default 5), ``KT_LOGIN_MAX_FAILURES_PER_ADDRESS``
  (default 20), ``KT_LOGIN_WINDOW_MINUTES`` (default 15): failed logins allowed in the window
  before further attempts get 429.
- ``KT_ARGON2_TIME_COST``, ``KT_ARGON2_MEMORY_COST`` (KiB): password hashing cost.
  Defaults: 3 and 65536; lower them only in tests.
- ``KT_PAGE_SIZE``: default page size of lists (at most 200). Default: 50.
- ``KT_AUDIT_KEY``: the HMAC-SHA256 key that signs the audit chain's checkpoints, at least 32
  characters; keep it outside the database (and its backups). Unset by default: then no
  checkpoint is written (``flask audit checkpoint`` refuses) and ``flask audit verify`` says the
  chain is not anchored, so a rewrite of the whole chain in the database would go unnoticed.
- ``KT_AUDIT_STORE_URL``: the object store the checkpoints go to, under ``audit/checkpoints/``,
  in the form of ``KT_STORAGE_URL``. Default: the attachments' store. In production give it a
  bucket of its own with object locking, which the database's operators cannot write.
- ``KT_AUDIT_CHECKPOINT_SECONDS``: with a key set, a state-changing request also writes a
  checkpoint if the chain moved and this long has passed since the process last tried; 0 leaves
  checkpoints to ``flask audit checkpoint`` (cron). Default: 300.
- ``KT_PUBLIC_LOOKUP``: open the public lookup of issued awards (``/tra-cuu`` and
  ``GET /api/v1/public/awards``, no login): names, units, awards and decisions, never a date of
  birth or an identity number. Default: false (both answer 404). When on, a province root hides
  its awards with ``"public_lookup": false`` in its org profile.
- ``KT_TRUST_ROOTS``: the root certificates (PEM or DER files, separated by ``,`` or ``:``) a
  digitally signed decision must chain to — in production the Vietnamese government CA's (VGCA)
  and any public CA the province accepts (docs/signing.md). Read once at start; a file that is not
  a certificate stops the start. Unset: an uploaded signed PDF is refused as untrusted, and the
  service's own signing checks only that its signature is intact.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "KT_"


@dataclass(frozen=True)
class Settings:
    database_url: str = f"sqlite:///{ROOT / 'var' / 'khenthuong.db'}"
    secret_key: str = field(default_factory=lambda: secrets.token_hex(32))
    storage_url: str = f"file://{ROOT / 'var' / 'objects'}"
    max_upload_mb: int = 100
    storage_redirect: bool = False
    rulebook: str = "three_tier_nd98"
    timezone: str = "Asia/Ho_Chi_Minh"
    templates_dir: Path = ROOT / "templates"
    template_seconds: float = 5.0
    template_memory_mb: int = 512
    pdf_concurrency: int = 2
    pdf_wait_seconds: float = 10.0
    pdf_timeout_seconds: float = 60.0
    workflows_dir: Path = ROOT / "workflows"
    process_id: str = ""
    token_ttl_hours: float = 8.0
    login_max_failures_per_user: int = 5
    login_max_failures_per_address: int = 20
    login_window_minutes: int = 15
    argon2_time_cost: int = 3
    argon2_memory_cost: int = 65536
    page_size: int = 50
    audit_key: str = field(default="", repr=False)
    audit_store_url: str = ""
    audit_checkpoint_seconds: int = 300
    public_lookup: bool = False
    trust_roots: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(PREFIX + f.name.upper())
            if raw is not None:
                values[f.name] = _parse(f.name, str(f.type), raw)
        return cls(**values)  # type: ignore[arg-type]


def _parse(name: str, type_name: str, raw: str) -> object:
    try:
        if type_name == "int":
            return int(raw)
        if type_name == "float":
            return float(raw)
        if type_name == "bool":
            return _bool(raw)
        if type_name == "Path":
            return Path(raw)
        return raw
    except ValueError as err:
        raise ValueError(f"{PREFIX}{name.upper()}={raw!r} is not a valid {type_name}") from err


def _bool(raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(raw)
