"""begroting: budget as code for Dutch public bodies."""
