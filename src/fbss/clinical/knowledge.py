"""The version of the clinical knowledge (rules, thresholds, instruments, catalogue).

Every stored assessment records this version with its inputs, so what a clinician saw can be reproduced.
Bump it whenever a rule, threshold, source or instrument changes what `assess` concludes.
"""

KNOWLEDGE_VERSION = "2026.12.2"
