"""Pages of the network."""
