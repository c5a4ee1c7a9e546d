"""mtqa: a quality checker for machine-translated news.

    import mtqa
    checker = mtqa.Checker(mtqa.CheckerConfig())
    report = checker.check(mtqa.load_documents(["seeds/"]))

See mtqa.checker for the settings (CheckerConfig) and the report's parts (mtqa.model).
"""

from mtqa.lazy_names import lazy_names

__version__ = "0.1.0"

_PUBLIC = {"Checker": "mtqa.checker", "CheckerConfig": "mtqa.checker", "Batch": "mtqa.checker",
           "load_documents": "mtqa.checker", "CheckOptions": "mtqa.pipeline", "Document": "mtqa.model",
           "Report": "mtqa.model", "GateSettings": "mtqa.gate"}
__all__ = ["__version__", *_PUBLIC]
# Imported on first use: `import mtqa` stays cheap for the command line's own start-up.
__getattr__ = lazy_names(__name__, _PUBLIC)
