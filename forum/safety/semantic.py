"""The semantic layer of the crisis detector: a small sentence-embedding model
run on the CPU, and a linear head trained on Hearth's labelled corpus.

Nothing leaves the server and nothing is downloaded: the model, its tokenizer
and the head are files in this package, and the model is checked against a
pinned sha256 before it is run. The model loads
once per process; if it can't, the layer reports itself down and the phrase
layer carries on alone. See MODEL_CARD.md beside this file.
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MODEL_DIR = Path(__file__).parent / "model"
MODEL_FILE = MODEL_DIR / "crisis-encoder.onnx"
TOKENIZER_FILE = MODEL_DIR / "tokenizer.json"
HEAD_FILE = MODEL_DIR / "head.json"
# all-MiniLM-L6-v2 fine-tuned on Hearth's corpus, int8 ONNX (scripts/train_crisis_model.py).
MODEL_SHA256 = "7d5ef95d6c7994010b81effa2649822a3b0c032876bdee6dfaeaf7c87c9bcab8"
MAX_TOKENS = 128
DIMENSIONS = 384
BATCH = 8
TIERS = ("none", "concern", "urgent")   # the head's classes, in this order

logger = logging.getLogger(__name__)


class ModelUnavailable(RuntimeError):
    """The model could not be loaded; the reason is the message."""


def model_file() -> Path:
    return MODEL_FILE


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Embedder:
    """Sentence vectors: mean-pooled over the attention mask, L2-normalised."""

    def __init__(self, path: Path, expected_sha256: str = MODEL_SHA256):
        import onnxruntime
        from tokenizers import Tokenizer

        if not path.exists():
            raise ModelUnavailable(f"model file {path} is missing")
        actual = sha256_of(path)
        if actual != expected_sha256:
            raise ModelUnavailable(f"model file {path} has sha256 {actual}, expected {expected_sha256}")
        self.tokenizer = Tokenizer.from_file(str(TOKENIZER_FILE))
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self.tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        # No memory arena: it keeps the largest batch's buffers for good.
        options.enable_cpu_mem_arena = False
        # One thread per scoring: predictable latency beside the web server's own threads.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    def embed(self, texts: list[str]) -> np.ndarray:
        """One vector per text. Texts of similar length run together in small
        batches, so little time and memory goes on padding."""
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        encodings = [self.tokenizer.encode(text) for text in texts]
        order = sorted(range(len(texts)), key=lambda index: len(encodings[index].ids))
        for start in range(0, len(order), BATCH):
            chosen = order[start:start + BATCH]
            vectors[chosen] = self._run([encodings[index].ids for index in chosen])
        return vectors

    def _run(self, token_ids: list[list[int]]) -> np.ndarray:
        longest = max(len(ids) for ids in token_ids)
        ids = np.zeros((len(token_ids), longest), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, tokens in enumerate(token_ids):
            ids[row, :len(tokens)] = tokens
            mask[row, :len(tokens)] = 1
        hidden = self.session.run(["last_hidden_state"], {
            "input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)


@dataclass(frozen=True)
class Head:
    """A multinomial logistic head over the embedding, with the thresholds
    chosen on the development split."""

    coef: np.ndarray        # (classes, 384)
    intercept: np.ndarray   # (classes,)
    crisis_threshold: float  # P(concern) + P(urgent) at or above this is crisis language
    urgent_threshold: float  # P(urgent) at or above this makes it urgent
    metrics: dict

    @classmethod
    def load(cls, path: Path = HEAD_FILE) -> "Head":
        data = json.loads(path.read_text())
        return cls(np.array(data["coef"], dtype=np.float32), np.array(data["intercept"], dtype=np.float32),
                   float(data["crisis_threshold"]), float(data["urgent_threshold"]), data.get("metrics", {}))

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        logits = vectors @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class WindowScore:
    text: str
    crisis: float   # P(concern) + P(urgent)
    urgent: float   # P(urgent)

    def tier(self, head: Head) -> str | None:
        if self.urgent >= head.urgent_threshold:
            return "urgent"
        return "concern" if self.crisis >= head.crisis_threshold else None


class SemanticLayer:
    """The loaded model and head, or why they could not be loaded."""

    def __init__(self, embedder: Embedder | None, head: Head | None, error: str = ""):
        self.embedder, self.head, self.error = embedder, head, error
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        return self.embedder is not None and self.head is not None

    def score(self, windows: list[str]) -> list[WindowScore]:
        if not self.available or not windows:
            return []
        # onnxruntime sessions are thread-safe, but one run at a time keeps a
        # burst of posts from multiplying memory on a small server.
        with self._lock:
            probabilities = self.head.probabilities(self.embedder.embed(windows))
        return [WindowScore(text, float(p[1] + p[2]), float(p[2])) for text, p in zip(windows, probabilities)]


_loaded: SemanticLayer | None = None
_loading = threading.Lock()


def load(path: Path | None = None, expected_sha256: str = MODEL_SHA256) -> SemanticLayer:
    """Load the model and head; never raises (a failure is a layer that is down)."""
    try:
        embedder = Embedder(path or model_file(), expected_sha256)
        head = Head.load()
    except Exception as error:  # noqa: BLE001 - any failure leaves the phrase layer working
        message = str(error) if isinstance(error, ModelUnavailable) else f"{type(error).__name__}: {error}"
        logger.error("crisis detector: the semantic layer is down, only the phrase layer works: %s", message)
        return SemanticLayer(None, None, message)
    return SemanticLayer(embedder, head)


def layer() -> SemanticLayer:
    """This process's layer, loaded on first use."""
    global _loaded
    if _loaded is None:
        with _loading:
            if _loaded is None:
                _loaded = load()
    return _loaded


def use(replacement: SemanticLayer | None) -> None:
    """Install a layer for this process (None: load again on next use)."""
    global _loaded
    _loaded = replacement
