"""PAdES signing with a key on a PKCS#11 token; SoftHSM stands in for a VGCA USB token."""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from service.documents.signing import Credential, sign_pdf, verify_pdf
from service.domain.errors import ConfigurationError

from .pki import Authority, make_pdf, make_root, make_signer

SOFTHSM = Path("/usr/lib/softhsm/libsofthsm2.so")
TOKEN, PIN, LABEL = "KT-TEST", "1234", "signer"

pytestmark = [
    pytest.mark.skipif(
        not SOFTHSM.exists(), reason=f"{SOFTHSM} is absent: run scripts/install-softhsm"
    ),
    pytest.mark.skipif(
        importlib.util.find_spec("pkcs11") is None,
        reason="python-pkcs11 is not installed: pip install 'pyHanko[pkcs11]'",
    ),
]


@pytest.fixture(scope="module")
def root() -> Authority:
    return make_root()


@pytest.fixture(scope="module")
def token(root: Authority, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A fresh SoftHSM token holding the signer's key and certificate; its module's path."""
    home = tmp_path_factory.mktemp("softhsm")
    (home / "tokens").mkdir()
    conf = home / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {home / 'tokens'}\nobjectstore.backend = file\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOFTHSM2_CONF", str(conf))
        init = ["softhsm2-util", "--init-token", "--free", "--label", TOKEN]
        subprocess.run([*init, "--pin", PIN, "--so-pin", "5678"], check=True, capture_output=True)
        _store(make_signer(root))
    # SoftHSM reads SOFTHSM2_CONF when the module is first initialised, in this process, and
    # python-pkcs11 keeps the module loaded: the tests below see this token.
    return str(SOFTHSM)


def _store(signer: Authority) -> None:
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass
    from pkcs11.util.rsa import decode_rsa_private_key

    key_der = signer.key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    common = {Attribute.TOKEN: True, Attribute.LABEL: LABEL, Attribute.ID: b"\x01"}
    token = pkcs11.lib(str(SOFTHSM)).get_token(token_label=TOKEN)
    with token.open(rw=True, user_pin=PIN) as session:
        session.create_object({**decode_rsa_private_key(key_der), **common})
        session.create_object(
            {
                **common,
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.SUBJECT: signer.certificate.subject.public_bytes(),
                Attribute.VALUE: signer.der,
            }
        )


def _sign(credential: Credential) -> bytes:
    return sign_pdf(
        make_pdf(),
        credential,
        reason="Ký ban hành quyết định khen thưởng",
        location="Hà Nội",
        signer_name="Nguyễn Văn An",
        environ={"KT_TOKEN_PIN": PIN},
    )


def test_a_pdf_signed_on_the_token_verifies(token: str, root: Authority) -> None:
    stored = {"kind": "pkcs11", "module": token, "token": TOKEN, "key": LABEL}
    credential = Credential.from_json({**stored, "pin_env": "KT_TOKEN_PIN"})

    result = verify_pdf(_sign(credential), [root.der])

    assert result.ok, result.problem
    assert "Nguyễn Văn An" in result.signer_subject


def test_a_wrong_pin_raises_a_domain_error(token: str) -> None:
    credential = Credential(pkcs11_module=token, token_label=TOKEN, key_label=LABEL, pin="0000")
    with pytest.raises(ConfigurationError, match="mã PIN"):
        _sign(credential)


def test_a_token_that_is_not_there_raises_a_domain_error(token: str) -> None:
    credential = Credential(pkcs11_module=token, token_label="none", key_label=LABEL, pin=PIN)
    with pytest.raises(ConfigurationError, match="none"):
        _sign(credential)


def test_a_key_that_is_not_on_the_token_raises_a_domain_error(token: str) -> None:
    credential = Credential(pkcs11_module=token, token_label=TOKEN, key_label="other", pin=PIN)
    with pytest.raises(ConfigurationError, match="nhãn khóa"):
        _sign(credential)
