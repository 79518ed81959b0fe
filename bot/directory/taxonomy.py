"""The service categories of PRODUCT.md (directory categories = ``service_type`` values)."""

from __future__ import annotations

CATEGORIES = frozenset(
    {
        "legal_aid", "shelter", "health", "mental_health", "gbv_support", "child_protection",
        "counter_trafficking", "family_tracing", "return_assistance", "consular",
        "employment_support", "education", "food_and_essentials", "documentation",
    }
)  # fmt: skip
