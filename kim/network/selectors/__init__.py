"""Reads of the network, always scoped to the actor's tenant."""
