"""The vocabulary: table schemas, pillars, units and Chinese numerals. No I/O; imports
nothing of the package."""
