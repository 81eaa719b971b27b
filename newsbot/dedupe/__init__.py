"""Near-duplicate detection: MinHash signatures of clean text, banded for LSH look-ups."""
