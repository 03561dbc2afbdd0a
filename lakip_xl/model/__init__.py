"""The vocabulary every stage shares: table specs, values, numbers, positions, errors.

Lowest layer: imports nothing else of lakip_xl. See docs/architecture.md.
"""
