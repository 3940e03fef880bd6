"""fbss: decision support for failed back surgery syndrome (persistent spinal pain syndrome type 2)."""

__version__ = "0.1.0"
