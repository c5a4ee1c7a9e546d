"""The checks: each article's (`mtqa.checks.registry.CHECKS`, in the order they run, with the rule codes each can
report) and the batch's (`mtqa.checks.batch_checks.BATCH_CHECKS`), and what they see of an article (`CheckContext`)
and of the batch (`BatchView`).

The registry, and with it every article check's module, is imported where an article is checked, not with this
package: a run whose articles all come from the result cache checks none, and start-up is paid by every run.
"""

from __future__ import annotations

from mtqa.checks.batch_context import BatchArticle, BatchView
from mtqa.checks.context import CheckContext, CheckSettings

__all__ = ["BatchArticle", "BatchView", "CheckContext", "CheckSettings"]
