"""Hostile and broken inputs for mtqa, generated on demand, each with the outcome a user should see."""
