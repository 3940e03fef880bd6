"""Synthetic demo data: seeded, plausible FBSS cases for demos, tests and benchmarks. Never real patients."""

from fbss.demo.cases import PROFILES, Profile, generate_case_documents, generate_cases, profile_of

__all__ = ["PROFILES", "Profile", "generate_case_documents", "generate_cases", "profile_of"]
