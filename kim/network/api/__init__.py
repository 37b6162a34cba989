"""REST API of the network."""
