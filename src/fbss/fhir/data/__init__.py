"""Data files of the FHIR package: the official R4 JSON Schema (HL7, CC0) without its description texts."""
