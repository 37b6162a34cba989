"""Pages of the planning app: assessment, support plan, barriers."""
