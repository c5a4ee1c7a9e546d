"""mtqa: a quality checker for machine-translated news.

    import mtqa
    checker = mtqa.Checker(mtqa.CheckerConfig())
    report = checker.check(mtqa.load_documents(["seeds/"]))

See mtqa.checker for the settings (CheckerConfig) and the report's parts (mtqa.model).
"""

__version__ = "0.1.0"

_PUBLIC = {"Checker": "mtqa.checker", "CheckerConfig": "mtqa.checker", "Batch": "mtqa.checker",
           "load_documents": "mtqa.checker", "CheckOptions": "mtqa.pipeline", "Document": "mtqa.model",
           "Report": "mtqa.model", "GateSettings": "mtqa.gate"}
__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str):
    # Imported on first use: `import mtqa` stays cheap for the command line's own start-up.
    if name in _PUBLIC:
        import importlib

        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'mtqa' has no attribute {name!r}")
