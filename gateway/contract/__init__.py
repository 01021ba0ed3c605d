"""The published contract's guard: what changed since the last release, and whether it may.

``schema.graphql`` is what clients build against; ``schema/released/`` keeps
the contract as each version shipped it. ``gateway schema check`` compares the
code's schema with the newest released one, classifies each change as
breaking, dangerous or safe, and refuses a breaking change that was neither
deprecated first nor recorded in ``CHANGELOG.md`` under a new major version.
"""
