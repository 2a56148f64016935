"""S3 adapter: objects in one bucket of MinIO or another S3-compatible server.

The only module that imports ``minio``. It owns the HTTP client settings (short
timeouts, few retries, so a dead server surfaces as :class:`StorageUnavailable` within
a couple of seconds instead of minio-py's default five minutes), streaming uploads and
downloads, presigned download URLs, and the translation of minio/urllib3 errors into
the :mod:`storage` error types.

What it does not do:

* store anything in object metadata. minio-py rejects non-ASCII metadata values (so user
  file names could never go there) and ``rclone serve s3`` keeps metadata only in
  memory. ``stat`` and ``list`` therefore return ``sha256=None``; keep the hash ``put``
  returns in the database. ``content_type`` comes from the server (``None`` in listings).
* guess the bucket region: it defaults to ``us-east-1``, which MinIO and rclone accept,
  and spares a ``GetBucketLocation`` round trip that rclone does not implement.

Incomplete multipart uploads (a process killed during a ``put`` larger than one part) are
listed with ListMultipartUploads and aborted by ``remove_incomplete``. minio-py 7 has no public
call for either; this module uses its ``_execute`` and ``_abort_multipart_upload`` (the
dependency is pinned below 8, and the storage contract tests exercise both against rclone). Its
own ``_list_multipart_uploads`` is not used: it always sends ``delimiter=``, which rclone reads
as a delimiter and then lists nothing. MinIO also expires stale uploads itself (after 24 h by
default); rclone forgets them when it restarts, leaving its own ``.rclone_temp_multipart_*``
file in its folder, out of reach of the S3 API.

Presigned URLs point at the endpoint this adapter was configured with, so browsers must
be able to reach that host.
"""

from __future__ import annotations

import builtins
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import IO

import certifi
import urllib3
from minio import Minio
from minio.datatypes import Object
from minio.error import InvalidResponseError, MinioException, S3Error, ServerError
from urllib3.response import BaseHTTPResponse

from storage import (
    ObjectInfo,
    ObjectNotFound,
    ObjectStream,
    ObjectTooLarge,
    StorageError,
    StorageUnavailable,
)
from storage._ingest import HashingReader
from storage._names import (
    check_content_type,
    check_expiry,
    content_disposition,
    validate_key,
    validate_prefix,
)

PART_SIZE = 10 * 1024 * 1024
DOWNLOAD_CHUNK = 64 * 1024
DEFAULT_REGION = "us-east-1"

_BUCKET_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_BUSY_CODES = {"SlowDown", "ServiceUnavailable", "RequestTimeout", "RequestTimeTooSkewed"}
_BUSY_STATUSES = {502, 503, 504}
_BUCKET_EXISTS_CODES = {"BucketAlreadyOwnedByYou", "BucketAlreadyExists"}
# Pages of 1000 incomplete uploads read per remove_incomplete; the rest wait for the next run.
MAX_UPLOAD_PAGES = 100
# Builtin network errors that can escape urllib3 unwrapped (e.g. while streaming a body).
_NETWORK_ERRORS = (urllib3.exceptions.HTTPError, ConnectionError, TimeoutError)


class S3Store:
    """An :class:`storage.ObjectStore` backed by one S3 bucket."""

    def __init__(
        self,
        *,
        endpoint: str,
        access_key: str,
        secret_key: str,
        bucket: str,
        secure: bool = True,
        region: str | None = None,
        connect_timeout: float = 2.0,
        read_timeout: float = 30.0,
    ) -> None:
        if not _BUCKET_NAME.fullmatch(bucket) or ".." in bucket:
            raise ValueError(f"invalid bucket name {bucket!r}: 3-63 of a-z, 0-9, '.', '-'")
        self.endpoint = endpoint
        self.bucket = bucket
        self._client = Minio(
            endpoint,
            access_key=access_key,
            secret_key=secret_key,
            secure=secure,
            region=region or DEFAULT_REGION,
            http_client=_http_client(connect_timeout, read_timeout),
        )

    def __repr__(self) -> str:  # never show the credentials
        return f"S3Store(endpoint={self.endpoint!r}, bucket={self.bucket!r})"

    def ensure_ready(self) -> None:
        with self._errors():
            if self._client.bucket_exists(self.bucket):
                return
            try:
                self._client.make_bucket(self.bucket)
            except (S3Error, InvalidResponseError) as exc:
                # Another worker created it between our check and our request.
                if _error_code(exc)[0] not in _BUCKET_EXISTS_CODES:
                    raise

    def put(
        self,
        key: str,
        stream: IO[bytes],
        *,
        content_type: str = "application/octet-stream",
        max_size: int | None = None,
    ) -> ObjectInfo:
        validate_key(key)
        check_content_type(content_type)
        reader = HashingReader(stream, max_size)
        try:
            self._client.put_object(
                self.bucket,
                key,
                reader,  # type: ignore[arg-type]  # duck-typed: minio only calls read()
                length=-1,
                part_size=PART_SIZE,
                content_type=content_type,
                # Parallel part uploads would queue up to three more 10 MiB parts in memory,
                # and an error would leave worker threads behind.
                num_parallel_uploads=1,
            )
        except Exception as exc:
            # minio-py has already aborted the multipart upload, if it had started one.
            # S3 makes an object visible only when its PUT or CompleteMultipartUpload
            # succeeds, so nothing is left under the key. We deliberately do not call
            # remove_object here: it would delete an older object stored under that key.
            if reader.too_large:
                raise ObjectTooLarge(
                    f"upload of {key!r} exceeds the limit of {max_size} bytes"
                ) from None
            translated = self._translate(exc, key)
            if reader.source_error is not None or translated is None:
                raise  # the client's stream failed, not the store; or a programming error
            raise translated from exc
        return ObjectInfo(
            key=key,
            size=reader.size,
            sha256=reader.sha256,
            content_type=content_type,
            # S3 PUT responses carry no Last-Modified; this clock is within a second of it.
            last_modified=datetime.now(UTC),
        )

    def open(self, key: str) -> ObjectStream:
        validate_key(key)
        with self._errors(key):
            response = self._client.get_object(self.bucket, key)

        def release() -> None:
            response.close()
            response.release_conn()

        return ObjectStream(self._chunks(response, key), release)

    def _chunks(self, response: BaseHTTPResponse, key: str) -> Iterator[bytes]:
        with self._errors(key):
            yield from response.stream(DOWNLOAD_CHUNK)

    def stat(self, key: str) -> ObjectInfo:
        validate_key(key)
        with self._errors(key):
            result = self._client.stat_object(self.bucket, key)
        return _info(result, content_type=result.content_type)

    def delete(self, key: str) -> None:
        validate_key(key)
        try:
            with self._errors(key):
                self._client.remove_object(self.bucket, key)
        except ObjectNotFound:
            pass  # S3 itself answers 204 for a missing key; some servers say NoSuchKey

    def presign_get(
        self,
        key: str,
        expires: timedelta,
        filename: str | None = None,
        content_type: str | None = None,
    ) -> str | None:
        validate_key(key)
        check_expiry(expires)
        response_headers: dict[str, str | list[str] | tuple[str]] = {}
        if filename is not None:
            response_headers["response-content-disposition"] = content_disposition(filename)
        if content_type is not None:
            response_headers["response-content-type"] = check_content_type(content_type)
        # Pure computation: the region is fixed, so minio-py makes no request.
        return self._client.presigned_get_object(
            self.bucket, key, expires=expires, response_headers=response_headers
        )

    def list(self, prefix: str = "") -> Iterator[ObjectInfo]:
        validate_prefix(prefix)
        return self._list(prefix)

    def _list(self, prefix: str) -> Iterator[ObjectInfo]:
        with self._errors():
            for item in self._client.list_objects(self.bucket, prefix=prefix, recursive=True):
                if not item.is_dir:
                    yield _info(item, content_type=None)

    def remove_incomplete(self, prefix: str, before: datetime) -> builtins.list[str]:
        validate_prefix(prefix)
        removed = []
        with self._errors():
            for key, upload_id, initiated in self._incomplete_uploads(prefix):
                if initiated < before:
                    self._client._abort_multipart_upload(self.bucket, key, upload_id)
                    removed.append(f"{key} (multipart upload {upload_id})")
        return removed

    def _incomplete_uploads(self, prefix: str) -> Iterator[tuple[str, str, datetime]]:
        """(key, upload id, initiated) of each multipart upload begun and not yet finished."""
        markers: dict[str, str | builtins.list[str] | tuple[str]] = {}
        for _ in range(MAX_UPLOAD_PAGES):
            query = {"uploads": "", "prefix": prefix, **markers}
            try:
                response = self._client._execute("GET", self.bucket, query_params=query)
            except (S3Error, InvalidResponseError) as exc:
                if _error_code(exc)[0] == "NoSuchUpload":
                    return  # how rclone says it has none
                raise
            page = _plain_tags(ET.fromstring(response.data))
            for upload in page.iter("Upload"):
                key, upload_id = upload.findtext("Key"), upload.findtext("UploadId")
                initiated = upload.findtext("Initiated")
                if key and upload_id and initiated:
                    yield key, upload_id, datetime.fromisoformat(initiated)
            next_key = page.findtext("NextKeyMarker")
            if page.findtext("IsTruncated", "false").lower() != "true" or not next_key:
                return
            markers = {
                "key-marker": next_key,
                "upload-id-marker": page.findtext("NextUploadIdMarker") or "",
            }

    @contextmanager
    def _errors(self, key: str | None = None) -> Iterator[None]:
        try:
            yield
        except (MinioException, *_NETWORK_ERRORS) as exc:
            raise (self._translate(exc, key) or StorageError(str(exc))) from exc

    def _translate(self, exc: BaseException, key: str | None) -> StorageError | None:
        """The :mod:`storage` error for a minio/urllib3 failure; ``None`` for others."""
        if isinstance(exc, S3Error | InvalidResponseError):
            code, status = _error_code(exc)
            if code == "NoSuchKey":
                return ObjectNotFound(key or "")
            if code == "NoSuchBucket":
                return StorageUnavailable(
                    f"bucket {self.bucket!r} does not exist on {self.endpoint}; run ensure_ready()"
                )
            if code in _BUSY_CODES or status in _BUSY_STATUSES:
                return StorageUnavailable(f"object store {self.endpoint} is busy: {code}")
            return StorageError(f"object store {self.endpoint} refused the request: {code}")
        if isinstance(exc, ServerError):
            if exc.status_code in _BUSY_STATUSES:
                return StorageUnavailable(f"object store {self.endpoint} is unavailable: {exc}")
            return StorageError(f"object store {self.endpoint} failed: {exc}")
        if isinstance(exc, _NETWORK_ERRORS):
            return StorageUnavailable(f"object store {self.endpoint} is unreachable: {exc}")
        if isinstance(exc, MinioException):
            return StorageError(f"object store {self.endpoint} failed: {exc}")
        return None


def _http_client(connect_timeout: float, read_timeout: float) -> urllib3.PoolManager:
    return urllib3.PoolManager(
        timeout=urllib3.Timeout(connect=connect_timeout, read=read_timeout),
        # One retry covers a pooled keep-alive connection the server had just closed;
        # more would only delay the 503 when the server is really gone.
        retries=urllib3.Retry(
            total=2,
            connect=1,
            read=1,
            backoff_factor=0.2,
            status_forcelist=sorted(_BUSY_STATUSES),
        ),
        maxsize=10,
        cert_reqs="CERT_REQUIRED",
        ca_certs=os.environ.get("SSL_CERT_FILE") or certifi.where(),
    )


def _error_code(exc: S3Error | InvalidResponseError) -> tuple[str | None, int | None]:
    """The S3 error code and HTTP status of a failed request.

    ``rclone serve s3`` labels its XML error bodies ``text/xml``; minio-py only parses
    ``application/xml`` and raises ``InvalidResponseError`` for anything else, so a
    missing object would look like a generic failure. We read the code from the body.
    """
    if isinstance(exc, S3Error):
        return exc.code, getattr(exc.response, "status", None)
    status = getattr(exc, "_code", None)
    body = getattr(exc, "_body", None)
    code = None
    if body:
        try:
            code = ET.fromstring(body).findtext("Code")
        except ET.ParseError:
            code = None
    if code is None and status == 404:
        code = "NoSuchKey"
    return code, status


def _plain_tags(root: ET.Element) -> ET.Element:
    """The tree with XML namespaces dropped: S3 and MinIO use one, rclone none."""
    for element in root.iter():
        element.tag = element.tag.rpartition("}")[2]
    return root


def _info(item: Object, *, content_type: str | None) -> ObjectInfo:
    return ObjectInfo(
        key=item.object_name or "",
        size=item.size or 0,
        sha256=None,
        content_type=content_type,
        last_modified=item.last_modified or datetime.fromtimestamp(0, tz=UTC),
    )
