"""The executor role: runs actions the engine hands it and reports their results."""
