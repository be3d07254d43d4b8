"""The VAPID key pair that signs Web Push requests (RFC 8292).

Push services tie each subscription to the public key it was made with, so the
key must outlive restarts: like the secret key, it comes from the environment
or is generated once into the instance folder.
"""
from __future__ import annotations

import base64
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

FILE_NAME = "vapid_private_key.pem"


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _to_pem(key: ec.EllipticCurvePrivateKey) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def _parse(text: str) -> ec.EllipticCurvePrivateKey:
    """A P-256 private key as PEM, as base64url DER, or as the base64url raw
    32-byte scalar that web-push tools print."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(text.encode(), password=None)
    else:
        raw = _b64url_decode("".join(text.split()))
        if len(raw) == 32:
            key = ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())
        else:
            key = serialization.load_der_private_key(raw, password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
        raise ValueError("not a P-256 key")
    return key


def private_key_pem(text: str) -> str:
    """The configured key as PEM; a clear error at start when it can't be read."""
    try:
        return _to_pem(_parse(text))
    except (ValueError, TypeError) as error:
        raise RuntimeError("HEARTH_VAPID_PRIVATE_KEY is not a P-256 private key (PEM, or base64url raw or DER).") \
            from error


def load_or_create(instance_path: str) -> str:
    """The instance's key as PEM, generated on first start. Several processes
    may start at once: the file appears whole (a hard link) or not at all."""
    path = Path(instance_path) / FILE_NAME
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{FILE_NAME}.{os.getpid()}")
        # Owner-only from the start: this key signs alerts in the community's name.
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(_to_pem(ec.generate_private_key(ec.SECP256R1())))
        try:
            os.link(draft, path)
        except FileExistsError:  # another process was first: use its key
            pass
        finally:
            draft.unlink()
    return private_key_pem(path.read_text())


def application_server_key(pem: str) -> str:
    """The public key as browsers take it in `pushManager.subscribe()`:
    base64url of the uncompressed point."""
    public = serialization.load_pem_private_key(pem.encode(), password=None).public_key()
    return b64url_encode(public.public_bytes(serialization.Encoding.X962,
                                             serialization.PublicFormat.UncompressedPoint))


def receiver_key_problem(p256dh: str, auth: str) -> dict[str, str]:
    """What is wrong with a subscription's keys, by field (empty when they are fine):
    a browser's P-256 public key and a 16-byte auth secret, both base64url."""
    problems = {}
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), _b64url_decode(p256dh))
    except (ValueError, TypeError):
        problems["keys.p256dh"] = "Give the subscription's p256dh key (base64url, a P-256 public key)."
    try:
        valid_auth = len(_b64url_decode(auth)) == 16
    except (ValueError, TypeError):
        valid_auth = False
    if not valid_auth:
        problems["keys.auth"] = "Give the subscription's auth secret (base64url, 16 bytes)."
    return problems
