"""Glossaries shipped with mtqa (YAML files in this folder)."""
