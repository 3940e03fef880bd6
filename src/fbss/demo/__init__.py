"""Synthetic demo data: seeded, plausible FBSS cases for demos, tests and benchmarks. Never real patients."""

from fbss.demo.cases import PROFILES, generate_case_documents, generate_cases

__all__ = ["PROFILES", "generate_case_documents", "generate_cases"]
