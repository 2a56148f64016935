"""PAdES signatures on a decision's PDF: signing with a PKCS#12, checking against trust roots."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from service.documents.signing import (
    Credential,
    load_trust_roots,
    sign_pdf,
    verify_pdf,
)
from service.domain.errors import ConfigurationError, Invalid

from .pki import MARKER, Authority, make_pdf, make_root, make_signer, write_pkcs12

PASSPHRASE = "mật-khẩu-thử"
ENV = {"KT_SIGNING_PASSPHRASE": PASSPHRASE}


@pytest.fixture(scope="module")
def root() -> Authority:
    return make_root()


@pytest.fixture(scope="module")
def p12(root: Authority, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pki") / "signer.p12"
    return write_pkcs12(path, make_signer(root), root, PASSPHRASE)


@pytest.fixture(scope="module")
def signed(p12: Path) -> bytes:
    return _sign(make_pdf(), Credential(pkcs12_path=str(p12), passphrase=PASSPHRASE))


def _sign(pdf: bytes, credential: Credential) -> bytes:
    return sign_pdf(
        pdf,
        credential,
        reason="Ký ban hành quyết định khen thưởng",
        location="Hà Nội",
        signer_name="Nguyễn Văn An",
        environ=ENV,
    )


def test_a_signed_pdf_verifies_as_signed_intact_and_trusted(signed: bytes, root: Authority) -> None:
    result = verify_pdf(signed, [root.der])

    assert result.ok, result.problem
    assert (result.signed, result.intact, result.trusted) == (True, True, True)
    assert result.problem == ""
    assert "Nguyễn Văn An" in result.signer_subject
    assert result.sha256 == hashlib.sha256(signed).hexdigest()
    assert result.signed_at is not None
    assert abs(dt.datetime.now(dt.UTC) - result.signed_at) < dt.timedelta(minutes=10)


def test_signing_appends_to_the_original_file(signed: bytes) -> None:
    original = make_pdf()
    assert signed.startswith(original)
    assert b"/ETSI.CAdES.detached" in signed


def test_a_second_signature_is_the_one_checked(signed: bytes, p12: Path, root: Authority) -> None:
    twice = _sign(signed, Credential(pkcs12_path=str(p12), passphrase=PASSPHRASE))

    assert b"(Signature2)" in twice
    assert verify_pdf(twice, [root.der]).ok


def test_one_changed_byte_inside_the_signed_range_is_caught(signed: bytes, root: Authority) -> None:
    tampered = signed.replace(MARKER.encode(), MARKER.encode().lower(), 1)
    assert tampered != signed

    result = verify_pdf(tampered, [root.der])

    assert not result.ok
    assert result.signed and not result.intact
    assert "thay đổi" in result.problem


def test_bytes_appended_after_the_signature_are_caught(signed: bytes, root: Authority) -> None:
    result = verify_pdf(signed + b"\n% appended after signing\n", [root.der])

    assert not result.ok
    assert "toàn bộ tệp" in result.problem


def test_a_revision_added_after_signing_is_caught(signed: bytes, root: Authority) -> None:
    writer = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
    writer.root["/PageMode"] = generic.NameObject("/UseOutlines")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)

    result = verify_pdf(out.getvalue(), [root.der])

    assert result.signed and not result.intact and not result.ok
    assert "toàn bộ tệp" in result.problem


def test_no_changed_byte_outside_the_signature_itself_goes_unnoticed(
    signed: bytes, root: Authority
) -> None:
    hole = re.search(rb"/Contents\s*(<[0-9A-Fa-f]*>)", signed)
    assert hole is not None
    for offset in [*range(0, hole.start(1), 41), *range(hole.end(1), len(signed), 41)]:
        tampered = bytearray(signed)
        tampered[offset] ^= 0x01
        result = verify_pdf(bytes(tampered), [root.der])
        assert not result.ok, f"byte {offset} changed, yet the signature verifies"


def test_a_truncated_signed_pdf_never_raises(signed: bytes, root: Authority) -> None:
    for length in range(0, len(signed), 257):
        result = verify_pdf(signed[:length], [root.der])
        assert not result.ok and result.problem


def test_a_pdf_signed_under_another_ca_is_not_trusted(
    root: Authority, tmp_path: Path, signed: bytes
) -> None:
    other_root = make_root("Some Other CA")
    other = write_pkcs12(tmp_path / "other.p12", make_signer(other_root), other_root, "khác")
    foreign = _sign(make_pdf(), Credential(pkcs12_path=str(other), passphrase="khác"))

    result = verify_pdf(foreign, [root.der])

    assert result.signed and result.intact and not result.trusted and not result.ok
    assert "tin cậy" in result.problem
    assert verify_pdf(signed, [other_root.der]).trusted is False


def test_a_pdf_signed_with_an_expired_certificate_is_not_trusted(
    root: Authority, tmp_path: Path
) -> None:
    expired = write_pkcs12(tmp_path / "old.p12", make_signer(root, valid_for_days=-1), root, "cũ")
    result = verify_pdf(
        _sign(make_pdf(), Credential(pkcs12_path=str(expired), passphrase="cũ")), [root.der]
    )

    assert result.signed and not result.trusted and not result.ok
    assert "hết hạn" in result.problem


def test_a_pdf_with_no_trust_roots_is_not_trusted(signed: bytes) -> None:
    assert not verify_pdf(signed, []).trusted


def test_an_unsigned_pdf_is_reported_as_not_signed() -> None:
    result = verify_pdf(make_pdf(), [])

    assert not result.signed and not result.ok
    assert result.problem == "Tệp PDF chưa được ký số."


@pytest.mark.parametrize("garbage", [b"", b"not a pdf at all", b"%PDF-1.7\n\x00\xff" * 50])
def test_garbage_bytes_are_reported_as_not_signed(garbage: bytes) -> None:
    result = verify_pdf(garbage, [])

    assert not result.signed and not result.ok
    assert result.problem
    assert result.sha256 == hashlib.sha256(garbage).hexdigest()


def test_signing_with_the_wrong_passphrase_raises_a_domain_error(p12: Path) -> None:
    with pytest.raises(Invalid, match="mật khẩu"):
        _sign(make_pdf(), Credential(pkcs12_path=str(p12), passphrase="sai"))


def test_signing_with_a_missing_pkcs12_file_raises_a_domain_error(tmp_path: Path) -> None:
    missing = Credential(pkcs12_path=str(tmp_path / "none.p12"), passphrase="x")
    with pytest.raises(ConfigurationError, match="không đọc được tệp PKCS#12"):
        _sign(make_pdf(), missing)


def test_signing_something_that_is_not_a_pdf_is_refused(p12: Path) -> None:
    with pytest.raises(Invalid, match="không phải là tệp PDF"):
        _sign(b"hello", Credential(pkcs12_path=str(p12), passphrase=PASSPHRASE))


def test_from_json_names_the_variable_and_reads_the_passphrase_when_signing(
    p12: Path, root: Authority
) -> None:
    stored = {"kind": "pkcs12", "path": str(p12), "passphrase_env": "KT_SIGNING_PASSPHRASE"}
    credential = Credential.from_json(stored)

    assert credential.passphrase is None
    assert PASSPHRASE not in repr(credential)
    assert credential.secret(ENV) == PASSPHRASE
    assert verify_pdf(_sign(make_pdf(), credential), [root.der]).ok


def test_from_json_refuses_a_variable_that_is_not_set(p12: Path) -> None:
    stored = {"kind": "pkcs12", "path": str(p12), "passphrase_env": "KT_UNSET"}
    with pytest.raises(ConfigurationError, match="KT_UNSET"):
        Credential.from_json(stored).secret({})


@pytest.mark.parametrize(
    ("stored", "message"),
    [
        ({"kind": "pkcs12", "passphrase_env": "KT_P"}, "thiếu đường dẫn tệp PKCS#12"),
        ({"kind": "pkcs12", "path": "  "}, "thiếu đường dẫn tệp PKCS#12"),
        ({"kind": "pkcs12", "path": "a.p12", "passphrase_env": "HOME"}, "KT_TEN_BIEN"),
        ({"kind": "pkcs11", "token": "t", "key": "k"}, "mô-đun PKCS#11"),
        ({"kind": "pkcs11", "module": "m.so", "key": "k"}, "nhãn thiết bị"),
        ({"kind": "pkcs11", "module": "m.so", "token": "t"}, "nhãn khóa"),
        ({"kind": "pem", "path": "a.pem"}, "pkcs12 hoặc pkcs11"),
        ({}, "pkcs12 hoặc pkcs11"),
    ],
)
def test_from_json_refuses_missing_or_bad_fields(stored: dict[str, str], message: str) -> None:
    with pytest.raises(Invalid, match=message) as caught:
        Credential.from_json(stored)
    assert caught.value.message.startswith("Chứng thư số chưa được cấu hình đúng")


def test_from_json_reads_a_pkcs11_token_and_its_pin_variable() -> None:
    stored = {
        "kind": "pkcs11",
        "module": "/m.so",
        "token": "VGCA",
        "key": "k1",
        "pin_env": "KT_PIN",
    }
    credential = Credential.from_json(stored)

    assert (credential.kind, credential.token_label, credential.key_label) == (
        "pkcs11",
        "VGCA",
        "k1",
    )
    assert credential.secret({"KT_PIN": "1234"}) == "1234"


def test_trust_roots_load_from_pem_and_der_files(root: Authority, tmp_path: Path) -> None:
    other = make_root("Second Root")
    (tmp_path / "roots.pem").write_bytes(root.pem + other.pem)
    (tmp_path / "root.cer").write_bytes(root.der)

    roots = load_trust_roots([str(tmp_path / "roots.pem"), str(tmp_path / "root.cer")])

    assert roots == [root.der, other.der, root.der]


def test_a_trust_root_file_that_is_not_a_certificate_is_a_configuration_error(
    tmp_path: Path,
) -> None:
    (tmp_path / "junk.pem").write_bytes(b"junk")
    with pytest.raises(ConfigurationError, match=r"junk\.pem"):
        load_trust_roots([str(tmp_path / "junk.pem")])
    with pytest.raises(ConfigurationError, match=r"missing\.pem"):
        load_trust_roots([str(tmp_path / "missing.pem")])
