"""Writes of the network: one function per use case, each audited in its transaction."""
